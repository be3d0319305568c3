"""Progress in a period: `progress(period)` computes every figure, `records_for(key, period)` lists the
records behind one.

What counts (each figure's own text is in catalogue.SPECS; families.py has the exact conditions):
- An event counts when its day falls inside [start, end], both included. Plain dates (due, done, closed,
  returned ...) are days of the record owner's calendar and are compared as they are. Instants (audit
  entries, issue and departure times) are placed on the day they fell on in the clock of the record's side:
  the host side for courses and exchanges, the trainee's side for enrolments, certificates and medals, the
  owner side for curricula, equipment, milestones and action items.
- When a state change is not dated on the record (a course becoming approved, running or completed; an
  enrolment taking a place; a translation marked done), the audit entry that set the new status dates it.
- A record reaching the same state twice in the period counts once for that figure; reaching two states
  counts once in each. Records whose events fall outside the period (even a day before start or after end)
  do not count. "At the end" figures (items abroad, overdue, open) describe the state on the last day.
- Side filter: only the records of that side (the side whose clock dates them, except exchanges: the
  trainers' home side).

The counts are aggregate queries (COUNT(DISTINCT id) ... GROUP BY), one per family of figures whatever the
data: grouped by the kind and every dimension the family's breakdowns use at once, then summed in Python for
each figure and breakdown (SQLite has no GROUPING SETS). The sums are exact because a family's dimensions are
attributes of the counted record itself (an enrolment's trainee's side, gender and group; an assignment's
origin and host; a medal's winner's side and medal): a record falls in one group of its kind only. One
exception: trainer-days depend on each host side's time zone per assignment, which SQLite cannot
apply; those are summed in Python over the assignments abroad during the period only (as the exchange
figures page does), the rows of one query.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import distinct, func, select

from ..catalog.models import TargetGroup
from ..competitions.models import MEDALS
from ..exchanges.figures import days_abroad
from ..extensions import db
from ..trainees.models import GENDERS
from . import cache
from .catalogue import DIMENSIONS, SECTIONS, SPEC_BY_KEY, SPECS, Spec
from .families import FAMILIES
from .model import Breakdown, BreakdownRow, DirectionLabel, Figure, Names, Period, ProgressReport, Section
from .window import Window, per_request, window

KEY_RE = re.compile(r"^[a-z_]+\.[a-z_]+(\.[a-z]+-[a-z0-9_]+(-[0-9]+)?)*$")
# Longest period asked for: one request's work stays bounded (the trainer-day rows grow with it).
MAX_PERIOD_DAYS = 366 * 5
MAX_ID = 2**31 - 1
COLUMN_OF_DIM = {"side": "side", "gender": "gender", "group": "grp", "medal": "medal"}


class UnknownFigure(KeyError):
    """A key that names no figure or breakdown row (a typed URL): the page answers 404."""


def progress(period: Period) -> ProgressReport:
    """Every figure of the period, with breakdowns: computed once per period and data version (cache.py)."""
    return cache.cached(period, compute_progress)


def compute_progress(period: Period) -> ProgressReport:
    """Every figure of the period, with breakdowns; one query per family (see module docstring)."""
    w = window(period)
    groups = _target_groups()
    counts: dict[str, tuple[tuple[str, ...], dict[tuple, int]]] = {}
    for family in dict.fromkeys(s.family for s in SPECS):  # a stable order of queries
        if family == "trainer_days":
            counts[family] = (("origin", "host"), _trainer_days(w))
        else:
            columns = _family_columns(family)
            counts[family] = (columns, _count(w, family, columns))
    sections = []
    for section_key, title in SECTIONS.items():
        figures, breakdowns = [], []
        for spec in (s for s in SPECS if s.section == section_key):
            columns, grouped = counts[spec.family]
            figures.append(Figure(spec.key, spec.label, _total(spec, grouped), spec.unit, spec.help, spec.attention))
            for dim in spec.breakdowns:
                breakdowns.append(_breakdown(spec, dim, _by(grouped, columns, _columns(dim)), w, groups))
        sections.append(Section(section_key, title, tuple(figures), tuple(breakdowns)))
    return ProgressReport(period, tuple(sections))


def _columns(dim: str) -> tuple[str, ...]:
    return ("origin", "host") if dim == "dir" else (COLUMN_OF_DIM[dim],)


def _family_columns(family: str) -> tuple[str, ...]:
    """Every dimension column the breakdowns of a family's figures group by, in a stable order."""
    dims = (dim for spec in SPECS if spec.family == family for dim in spec.breakdowns)
    return tuple(dict.fromkeys(column for dim in dims for column in _columns(dim)))


def _count(w: Window, family: str, columns: tuple[str, ...]) -> dict[tuple, int]:
    """{(kind, *values of `columns`): COUNT(DISTINCT id)} of one family."""
    sq = FAMILIES[family].build(w).subquery()
    keys = [sq.c.kind, *(sq.c[c] for c in columns)]
    rows = db.session.execute(select(*keys, func.count(distinct(sq.c.id))).group_by(*keys)).all()
    return {tuple(r[:-1]): r[-1] for r in rows}


def _total(spec: Spec, grouped: dict[tuple, int]) -> int:
    if spec.family == "trainer_days":  # days, not records: the family's own total
        return grouped.get((spec.kind,), 0)
    return sum(n for key, n in grouped.items() if key[0] == spec.kind)


def _by(grouped: dict[tuple, int], columns: tuple[str, ...], wanted: tuple[str, ...]) -> dict[tuple, int]:
    """{(kind, *values of `wanted`): count}: the family's groups summed over its other dimensions."""
    positions = [columns.index(c) + 1 for c in wanted]
    result: dict[tuple, int] = defaultdict(int)
    for key, n in grouped.items():
        if len(key) == len(columns) + 1:  # trainer-days also hold one total per kind: not a group
            result[(key[0], *(key[p] for p in positions))] += n
    return dict(result)


def _trainer_days(w: Window) -> dict[tuple, int]:
    """{("trainer_days",): total, ("trainer_days", origin, host): days}: days clipped to the period."""
    result: dict[tuple, int] = defaultdict(int)
    for row in db.session.execute(FAMILIES["trainer_days"].build(w)).mappings():
        days = days_abroad(row["out_at"], row["back_at"], row["tz"], w.start, w.end)
        result[("trainer_days",)] += days
        result[("trainer_days", row["origin"], row["host"])] += days
    return dict(result)


def _target_groups() -> dict[int, tuple[Names, bool]]:
    return per_request("target_groups", _read_target_groups)


def _read_target_groups() -> dict[int, tuple[Names, bool]]:
    rows = db.session.execute(select(TargetGroup.id, TargetGroup.name_fa, TargetGroup.name_ar, TargetGroup.name_en,
                                     TargetGroup.active).order_by(TargetGroup.sort_order, TargetGroup.id)).all()
    return {r.id: (Names(r.name_fa, r.name_ar, r.name_en or ""), r.active) for r in rows}


def _breakdown(spec: Spec, dim: str, counts: dict[tuple, int], w: Window, groups) -> Breakdown:
    """Rows for every value of the dimension (zeros included, so charts keep their shape)."""
    def value(*dims):
        return counts.get((spec.kind, *dims), 0)

    sides = [s for s in w.sides if (w.side_id is None and s.active) or s.id == w.side_id
             or (w.side_id is None and any(k[1:2] == (s.id,) for k in counts if k[0] == spec.kind))]
    rows = []
    if dim == "side":
        rows = [BreakdownRow(f"{spec.key}.side-{s.id}", s.names, value(s.id)) for s in sides]
    elif dim == "gender":
        rows = [BreakdownRow(f"{spec.key}.gender-{g}", label, value(g)) for g, label in GENDERS.items()]
    elif dim == "group":
        rows = [BreakdownRow(f"{spec.key}.group-{gid}", names, value(gid)) for gid, (names, active) in groups.items()
                if active or value(gid)]
        rows.append(BreakdownRow(f"{spec.key}.group-none", _l("No target group"), value(None)))
    elif dim == "dir":
        origins = sides if w.side_id is not None else [s for s in w.sides if s.active]
        hosts = [s for s in w.sides if s.active]
        rows = [BreakdownRow(f"{spec.key}.dir-{o.id}-{h.id}", DirectionLabel(o.names, h.names, o.code, h.code),
                             value(o.id, h.id)) for o in origins for h in hosts if o.id != h.id]
    elif dim == "medal":
        rows = [BreakdownRow(f"{spec.key}.medal-{m}", label, value(m)) for m, label in MEDALS.items()]
    return Breakdown(f"{spec.key}.by_{dim}", DIMENSIONS[dim], tuple(rows), spec.unit)


def parse_key(key: str) -> tuple[Spec, dict[str, object]]:
    """("trainees.enrolled.gender-f") → (the spec, {"gender": "f"}); UnknownFigure for anything else."""
    if not isinstance(key, str) or len(key) > 120 or not KEY_RE.match(key):
        raise UnknownFigure(key)
    parts = key.split(".")
    spec = SPEC_BY_KEY.get(".".join(parts[:2]))
    if spec is None:
        raise UnknownFigure(key)
    filters: dict[str, object] = {}
    for part in parts[2:]:
        dim, _, raw = part.partition("-")
        if dim not in spec.breakdowns or dim in filters:
            raise UnknownFigure(key)
        filters[dim] = _dim_value(dim, raw, key)
    return spec, filters


def _id(raw: str) -> int:
    """A record id from a key; refuses what no id column could hold (PostgreSQL would fail on it)."""
    value = int(raw)
    if not 0 < value <= MAX_ID:
        raise ValueError(raw)
    return value


def _dim_value(dim: str, raw: str, key: str):
    try:
        if dim == "side":
            return _id(raw)
        if dim == "group":
            return None if raw == "none" else _id(raw)
        if dim == "dir":
            origin, host = raw.split("-")
            return _id(origin), _id(host)
    except ValueError:
        raise UnknownFigure(key) from None
    if (dim == "gender" and raw in GENDERS) or (dim == "medal" and raw in MEDALS):
        return raw
    raise UnknownFigure(key)


def records_for(key: str, period: Period):
    """The SELECT of the records behind a figure or breakdown row: the count's own rows, by id.

    For counted figures the list holds exactly `value` records; for trainer-days it lists the assignments
    that contribute days."""
    spec, filters = parse_key(key)
    family = FAMILIES[spec.family]
    sq = family.build(window(period)).subquery()
    ids = select(sq.c.id).where(sq.c.kind == spec.kind)
    for dim, value in filters.items():
        if dim == "dir":
            ids = ids.where(sq.c.origin == value[0], sq.c.host == value[1])
        elif value is None:
            ids = ids.where(sq.c[COLUMN_OF_DIM[dim]].is_(None))
        else:
            ids = ids.where(sq.c[COLUMN_OF_DIM[dim]] == value)
    model = family.model
    return select(model).where(model.id.in_(ids)).order_by(model.id)


def default_period(today: date, days: int = 90) -> tuple[date, date]:
    return today - timedelta(days=days - 1), today


def family_model(key: str):
    """The kind of record a figure's drill-down lists."""
    spec, _filters = parse_key(key)
    return FAMILIES[spec.family].model


def label_of(report: ProgressReport, key: str) -> tuple[object, object | None]:
    """(the figure's label, the breakdown row's label or None) of a key."""
    spec, filters = parse_key(key)
    if not filters:
        return spec.label, None
    for breakdown in report.section(spec.section).breakdowns:
        for row in breakdown.rows:
            if row.key == key:
                return spec.label, row.label
    return spec.label, None
