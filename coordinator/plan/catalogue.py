"""The figures a plan can set targets for: the dashboard's own figure keys, plus two shares.

A count target ("count") is pro-rated by days over the period looked at; a share target ("share") is a
minimum percentage that holds for any part of the year (the programme asks for at least 70% practical
training hours). Target-group rows are "trainees.enrolled.group-<id>" / "trainees.certified.group-<id>"
with the id of an existing target group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

# The programme's minimum share of practical training hours.
PRACTICAL_MINIMUM = 70


@dataclass(frozen=True)
class Plannable:
    key: str
    label: object
    kind: str = "count"  # or "share"
    help: object = ""


FIXED = (
    Plannable("courses.approved", _l("Courses approved by both sides")),
    Plannable("courses.completed", _l("Courses completed")),
    Plannable("trainees.enrolled", _l("Places taken by trainees")),
    Plannable("trainees.enrolled.gender-f", _l("Places taken by women")),
    Plannable("trainees.enrolled.gender-m", _l("Places taken by men")),
    Plannable("trainees.women_share", _l("Women's share of places"), "share",
              _l("Places taken by women as a share of all places taken in the period.")),
    Plannable("trainees.certified", _l("Certificates issued")),
    Plannable("trainees.certified.gender-f", _l("Certificates issued to women")),
    Plannable("trainees.certified.gender-m", _l("Certificates issued to men")),
    Plannable("exchanges.trainer_days", _l("Trainer-days abroad (this side's trainers)")),
    Plannable("curricula.adopted", _l("Curricula adopted")),
    Plannable("milestones.reached", _l("Milestones reached")),
    Plannable("courses.practical_share", _l("Practical share of training hours"), "share",
              _l("Practice hours as a share of all training hours of the side's joint courses starting in "
                 "the period (not cancelled).")),
)
FIXED_BY_KEY = {p.key: p for p in FIXED}
GROUP_KEY = re.compile(r"^trainees\.(enrolled|certified)\.group-([0-9]{1,9})$")
GROUP_LABELS = {"enrolled": _l("Places taken: %(group)s"), "certified": _l("Certificates issued: %(group)s")}


class GroupLabel:
    """"Places taken: female heads of household", in the language of the moment."""

    def __init__(self, template, names) -> None:
        self.template, self.names = template, names

    def in_lang(self, lang: str) -> str:
        from flask_babel import force_locale

        from ..l10n.locales import babel_locale

        with force_locale(babel_locale(lang)):
            return str(self.template) % {"group": self.names.name_in(lang)}

    def __str__(self) -> str:
        return str(self.template) % {"group": self.names.name_in()}


def plannable(key: str, groups: dict) -> Plannable | None:
    """The figure a key names, or None; `groups` maps target-group ids to their records."""
    if key in FIXED_BY_KEY:
        return FIXED_BY_KEY[key]
    match = GROUP_KEY.match(key or "")
    if match and int(match.group(2)) in groups:
        return Plannable(key, GroupLabel(GROUP_LABELS[match.group(1)], groups[int(match.group(2))]))
    return None


def choices(groups: dict) -> list[Plannable]:
    """Every figure a target can be set for, target-group rows after the fixed ones."""
    rows = list(FIXED)
    for family in ("enrolled", "certified"):
        rows += [plannable(f"trainees.{family}.group-{gid}", groups) for gid in groups]
    return rows
