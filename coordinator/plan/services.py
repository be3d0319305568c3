"""Setting the plan's targets: one figure, one side, one year of the side's calendar. Flush, never commit."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..auth.permissions import can
from ..catalog.models import Side
from ..db import check_version
from ..errors import InvalidValues
from ..extensions import db
from ..l10n.digits import Shown
from . import catalogue, years
from .compare import target_groups
from .models import PlanTarget

# A yearly count beyond this is a typing slip, not a plan (the programme trains hundreds a year).
COUNT_MAX = Decimal(100_000)


class PlanInvalid(InvalidValues):
    """What is wrong with a target, field by field."""


def _check_value(figure, value, problems: list) -> Decimal | None:
    if not isinstance(value, Decimal):
        problems.append(("target", _l("Enter the target as a number.")))
        return None
    if value < 0:
        problems.append(("target", _l("A target cannot be negative.")))
        return None
    if figure is not None and figure.kind == "share":
        if value > 100:
            problems.append(("target", _l("A share cannot exceed 100 per cent.")))
            return None
    elif figure is not None:
        if value != value.to_integral_value():
            problems.append(("target", _l("Enter a whole number: this figure counts records or days.")))
            return None
        if value > COUNT_MAX:
            problems.append(("target", _l("Enter a target of at most %(max)s.", max=Shown(int(COUNT_MAX)))))
            return None
    return value


def create_target(values: dict, user) -> PlanTarget:
    """A new target; a second one for the same figure, side and year is refused (edit the first)."""
    problems: list = []
    side_id = values.get("side_id")
    side = db.session.get(Side, side_id) if isinstance(side_id, int) else None
    if side is None or not side.active:
        problems.append(("side_id", _l("Choose a side from the list.")))
        side = None
    elif not can(user, "plan.manage", side):
        problems.append(("side_id", _l("You may set targets for your own side only.")))
        side = None
    figure = catalogue.plannable(values.get("figure") or "", target_groups())
    if figure is None:
        problems.append(("figure", _l("Choose a figure from the list: the plan has no such figure.")))
    year = values.get("year")
    if side is not None:  # a year is read in the side's calendar: without a side it cannot be judged
        low, high = years.year_range(side.calendar)
        if not isinstance(year, int) or not low <= year <= high:
            problems.append(("year", _l("Enter a year of %(side)s's calendar from %(low)s to %(high)s.",
                                        side=side.name, low=Shown(low), high=Shown(high))))
    target = _check_value(figure, values.get("target"), problems)
    if not problems and db.session.scalar(select(PlanTarget.id).where(
            PlanTarget.side_id == side.id, PlanTarget.year == year, PlanTarget.figure == figure.key)):
        problems.append(("figure", _l("This figure already has a target for that side and year: change it "
                                      "in the list.")))
    if problems:
        raise PlanInvalid(problems)
    first, last = years.year_span(side.calendar, year)
    record = PlanTarget(side_id=side.id, year=year, figure=figure.key, target=target, starts_on=first,
                        ends_on=last)
    db.session.add(record)
    db.session.flush()
    return record


def update_target(record: PlanTarget, value, version, user) -> PlanTarget:
    check_version(record, version)
    problems: list = []
    target = _check_value(catalogue.plannable(record.figure, target_groups()), value, problems)
    if problems:
        raise PlanInvalid(problems)
    record.target = target
    db.session.flush()
    return record


def delete_target(record: PlanTarget, version, user) -> None:
    check_version(record, version)
    db.session.delete(record)
    db.session.flush()
