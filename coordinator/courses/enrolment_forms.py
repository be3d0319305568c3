"""Enrolment forms: the trainee picker, and the attendance and assessment sheets posted as whole grids."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField
from wtforms.validators import InputRequired, Optional

from ..errors import ValidationFailed
from ..forms import BaseForm, choices, optional_id
from ..l10n.fields import LocalDecimalField
from ..l10n.text import isolate_ltr
from .assessment import MAX_SCORE, SCORE_PLACES
from .models import ATTENDANCE

# Grid cells: a-<enrolment id>-<session id> (attendance), t-/p-<enrolment id> (theory / practice score),
# v-<enrolment id> (the version of the row the page was opened at).
ATTENDANCE_CELL = re.compile(r"a-([0-9]{1,9})-([0-9]{1,9})")
ROW_FIELD = re.compile(r"([tpv])-([0-9]{1,9})")
GRID_PREFIXES = ("a-", "t-", "p-", "v-")


def _garbage():
    return ValidationFailed(_l("The sheet holds cells or values that are not allowed. Nothing was saved."))


class EnrolForm(BaseForm):
    """Pick one trainee from the search results; any side's trainee may join a joint course."""

    # The choices are the current search results; the service judges the posted trainee, so a trainee found
    # by another search (or another page) is accepted.
    trainee_id = SelectField(_l("Trainee"), coerce=optional_id, validate_choice=False,
                             validators=[InputRequired(message=_l("Choose a trainee."))])

    def __init__(self, *args, trainees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.trainee_id.choices = choices(
            (t.id, f"{t.name} – {t.side.name}" + (f" – {isolate_ltr(t.masked_national_id)}" if t.national_id else ""))
            for t in trainees
        )


def parse_versions(formdata) -> dict[int, str]:
    """v-<enrolment id> → the version the page showed for that row."""
    versions = {}
    for name in formdata:
        match = ROW_FIELD.fullmatch(name)
        if match and match[1] == "v":
            versions[int(match[2])] = formdata.get(name)
    return versions


def parse_attendance(formdata) -> tuple[dict[tuple[int, int], str | None], dict[int, str]]:
    """The posted attendance sheet: (enrolment id, session id) → status or None (blank), and the row versions.

    A malformed name, a repeated cell or an unknown value refuses the whole sheet (ValidationFailed).
    Whether the cells belong to the course is the service's judgement.
    """
    cells: dict[tuple[int, int], str | None] = {}
    for name in formdata:
        if not name.startswith("a-"):
            if name.startswith(GRID_PREFIXES) and not ROW_FIELD.fullmatch(name):
                raise _garbage()
            continue
        match = ATTENDANCE_CELL.fullmatch(name)
        values = formdata.getlist(name)
        if match is None or len(values) != 1:
            raise _garbage()
        value = values[0].strip()
        if value and value not in ATTENDANCE:
            raise _garbage()
        cells[(int(match[1]), int(match[2]))] = value or None
    return cells, parse_versions(formdata)


def _score_field(label, name):
    return LocalDecimalField(label, minimum=0, maximum=MAX_SCORE, places=SCORE_PLACES, validators=[Optional()],
                             name=name, render_kw={"size": 6})


def _plain(score):
    # The database keeps two places (70.00); the sheet shows the score as typed (70, 70.5).
    return score.normalize() if score is not None else None


def assessment_form(rows, formdata=None):
    """A form of two scores and a version per trainee row; field names t-<id>, p-<id>, v-<id>.

    Fields are named per row, so the class is made for the rows at hand.
    """
    attrs = {}
    data = {}
    for enrolment in rows:
        attrs[f"theory_{enrolment.id}"] = _score_field(_l("Theory score"), f"t-{enrolment.id}")
        attrs[f"practice_{enrolment.id}"] = _score_field(_l("Practice score"), f"p-{enrolment.id}")
        attrs[f"version_{enrolment.id}"] = HiddenField(name=f"v-{enrolment.id}")
        data[f"theory_{enrolment.id}"] = _plain(enrolment.theory_score)
        data[f"practice_{enrolment.id}"] = _plain(enrolment.practice_score)
        data[f"version_{enrolment.id}"] = enrolment.version
    form_class = type("AssessmentForm", (BaseForm,), attrs)
    return form_class(formdata=formdata, data=data) if formdata is not None else form_class(data=data)


def foreign_cells(form, formdata) -> bool:
    """Does the posted sheet hold grid cells the form does not have (another course's rows, made-up names)?"""
    names = {f.name for f in form}
    return any(name.startswith(GRID_PREFIXES) and name not in names for name in formdata)


def scores_of(form, rows) -> dict[int, tuple]:
    return {e.id: (form[f"theory_{e.id}"].data, form[f"practice_{e.id}"].data) for e in rows}


def versions_of(form, rows) -> dict[int, str]:
    return {e.id: form[f"version_{e.id}"].data for e in rows}
