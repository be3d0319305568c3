"""Plan against actual for a period: each side's targets next to the figures the dashboard computes.

`plan_rows(period, actual_of)` takes the actual figures from the caller (the progress area computes
them and sits above this one): `actual_of(side_id)` returns an object whose `value(key)` gives a figure
or breakdown row of that side's progress in the period. Rows behind plan come first, the furthest behind
at the top.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select

from ..catalog.models import Side, TargetGroup
from ..courses.models import Course
from ..extensions import db
from . import catalogue, years
from .models import PlanTarget

ONE_PLACE = Decimal("0.1")
WHOLE = Decimal("1")


@dataclass(frozen=True)
class PlanRow:
    side_id: int
    side: object  # the Side record
    key: str
    label: object
    kind: str  # "count" or "share"
    target: Decimal  # pro-rated count, or the minimum percentage
    actual: Decimal
    percent: Decimal | None  # actual as a percentage of the target (None: a target of zero)

    @property
    def behind(self) -> bool:
        return self.actual < self.target

    @property
    def target_shown(self) -> Decimal:
        return self.target.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class PlanComparison:
    start: object
    end: object
    rows: tuple[PlanRow, ...] = ()

    @property
    def behind(self) -> tuple[PlanRow, ...]:
        return tuple(r for r in self.rows if r.behind)


def targets_overlapping(start, end, side_ids=None) -> list[PlanTarget]:
    stmt = select(PlanTarget).where(PlanTarget.starts_on <= end, PlanTarget.ends_on >= start)
    if side_ids is not None:
        stmt = stmt.where(PlanTarget.side_id.in_(side_ids or [-1]))
    return list(db.session.scalars(stmt.order_by(PlanTarget.side_id, PlanTarget.id)))


def planned_sides(start, end, side_id=None) -> list[int]:
    """The sides with a target in a year the period overlaps (the chosen side only, if one is)."""
    return sorted({t.side_id for t in targets_overlapping(start, end, None if side_id is None else [side_id])})


def target_groups() -> dict:
    return {g.id: g for g in db.session.scalars(select(TargetGroup).order_by(TargetGroup.sort_order,
                                                                             TargetGroup.id))}


def practical_share(side_id: int, start, end) -> Decimal | None:
    """Practice hours as a percentage of all training hours of the side's joint courses starting in the
    period and not cancelled (nor drafts, which are not yet agreed); None without such hours."""
    practice, total = db.session.execute(
        select(func.coalesce(func.sum(Course.practice_hours), 0),
               func.coalesce(func.sum(Course.practice_hours + Course.theory_hours), 0))
        .where(Course.host_side_id == side_id, Course.start_date >= start, Course.start_date <= end,
               Course.status.notin_(("draft", "cancelled")))).one()
    return Decimal(practice) * 100 / Decimal(total) if total else None


def _value(report, key: str) -> int:
    try:
        return report.value(key)
    except KeyError:  # a breakdown row the report leaves out (an inactive group with nothing in it)
        return 0


def _actual(key: str, report, side_id: int, start, end) -> Decimal:
    if key == "trainees.women_share":
        places = _value(report, "trainees.enrolled")
        women = _value(report, "trainees.enrolled.gender-f")
        return Decimal(women) * 100 / Decimal(places) if places else Decimal(0)
    if key == "courses.practical_share":
        return practical_share(side_id, start, end) or Decimal(0)
    return Decimal(_value(report, key))


def _percent(actual: Decimal, target: Decimal) -> Decimal | None:
    if not target:
        return None
    return (actual * 100 / target).quantize(WHOLE, rounding=ROUND_HALF_UP)


def plan_rows(start, end, actual_of, side_id=None) -> PlanComparison:
    """Every planned figure of the period for each side (or the chosen one), behind plan first."""
    targets = targets_overlapping(start, end, None if side_id is None else [side_id])
    if not targets:
        return PlanComparison(start, end)
    groups = target_groups()
    by_figure: dict[tuple[int, str], list] = defaultdict(list)
    for t in targets:
        by_figure[(t.side_id, t.figure)].append((t.target, t.starts_on, t.ends_on))
    sides = {s.id: s for s in db.session.scalars(select(Side).where(Side.id.in_({k[0] for k in by_figure})))}
    order = {p.key: i for i, p in enumerate(catalogue.choices(groups))}
    rows, reports = [], {}
    for (sid, key), spans in sorted(by_figure.items(), key=lambda kv: (kv[0][0], order.get(kv[0][1], 999))):
        figure = catalogue.plannable(key, groups)
        if figure is None:  # a target group removed since: its target is kept but not compared
            continue
        if sid not in reports:
            reports[sid] = actual_of(sid)
        if figure.kind == "share":
            target = years.weighted_minimum(spans, start, end)
        else:
            target = years.prorated(spans, start, end)
        actual = _actual(key, reports[sid], sid, start, end)
        rows.append(PlanRow(sid, sides[sid], key, figure.label, figure.kind, target, actual,
                            _percent(actual, target)))
    # Behind plan first, the furthest behind at the top; the rest keep the catalogue's order.
    ahead = [r for r in rows if not r.behind]
    behind = sorted((r for r in rows if r.behind), key=lambda r: (r.percent if r.percent is not None else 0))
    return PlanComparison(start, end, tuple(behind + ahead))
