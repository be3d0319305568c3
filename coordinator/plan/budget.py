"""Budget lines and cost sharing: the rules for a line, totals per payer and currency, a trip's per-diem.
Services flush, never commit.

A rate is the number of units of the line's currency for one US dollar on the day given (USD itself: 1);
it may not be zero nor dated in the future. Amounts are Decimals with two places, from zero up to a bound no
honest line reaches (a typing slip of a few extra zeros is refused, not stored)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..auth.permissions import can
from ..catalog.models import Side
from ..db import check_version
from ..errors import InvalidValues
from ..extensions import db
from ..l10n.digits import Shown, strip_bidi
from ..l10n.timezones import to_zone
from ..viewer import side_today
from .models import BUDGET_ITEMS, CURRENCIES, BudgetLine, PerDiemRate

AMOUNT_MAX = Decimal("1000000000000")  # a million million: more than any course costs in rials
RATE_MAX = Decimal("10000000")
AMOUNTS = ("planned", "committed", "actual")
THIRD_PARTY = "other"


class BudgetInvalid(InvalidValues):
    """What is wrong with a budget line or a per-diem rate, field by field."""


def owner_side_id(owner) -> int | None:
    """The side whose liaisons manage an owner's budget: a course's host, a trip's course host, a loan's
    receiving side."""
    if hasattr(owner, "host_side_id"):
        return owner.host_side_id
    if hasattr(owner, "course"):
        return owner.course.host_side_id
    return getattr(owner, "to_side_id", None)


def _amount(values: dict, key: str, problems: list) -> Decimal:
    value = values.get(key)
    if value is None:
        return Decimal(0)
    if not isinstance(value, Decimal) or value < 0:
        problems.append((key, _l("Enter an amount of zero or more.")))
        return Decimal(0)
    if value > AMOUNT_MAX:
        problems.append((key, _l("Enter an amount of at most %(max)s.", max=Shown(int(AMOUNT_MAX)))))
        return Decimal(0)
    return value.quantize(Decimal("0.01"))


def check_line(values: dict, today: date) -> dict:
    problems: list = []
    data: dict = {}
    data["item"] = values.get("item")
    if data["item"] not in BUDGET_ITEMS:
        problems.append(("item", _l("Choose what the line pays for from the list.")))
    data["description"] = " ".join(strip_bidi(values.get("description") or "").split())[:300]
    payer = values.get("payer") or ""
    data["payer_side_id"], data["payer_name"] = None, ""
    if payer == THIRD_PARTY:
        data["payer_name"] = " ".join(strip_bidi(values.get("payer_name") or "").split())
        if not data["payer_name"]:
            problems.append(("payer_name", _l("Enter the name of the third party who pays.")))
        elif len(data["payer_name"]) > 200:
            problems.append(("payer_name", _l("Enter no more than %(count)s characters.", count=Shown(200))))
    else:
        side = db.session.get(Side, int(payer)) if payer.isdigit() and len(payer) < 10 else None
        if side is None:
            problems.append(("payer", _l("Choose who pays: either side or a third party.")))
        else:
            data["payer_side_id"] = side.id
    data["currency"] = values.get("currency")
    if data["currency"] not in CURRENCIES:
        problems.append(("currency", _l("Choose a currency from the list.")))
    rate = values.get("rate")
    if data["currency"] == "USD" and rate is None:
        rate = Decimal(1)
    if not isinstance(rate, Decimal) or rate <= 0:
        problems.append(("rate", _l("Enter the exchange rate used: units of the currency for one US dollar, "
                                    "more than zero.")))
    elif rate > RATE_MAX:
        problems.append(("rate", _l("Enter a rate of at most %(max)s.", max=Shown(int(RATE_MAX)))))
    elif data["currency"] == "USD" and rate != 1:
        problems.append(("rate", _l("A line in US dollars has the rate 1.")))
    data["rate"] = rate
    rate_on = values.get("rate_on")
    if not isinstance(rate_on, date):
        problems.append(("rate_on", _l("Enter the day of the exchange rate.")))
    elif rate_on > today:
        problems.append(("rate_on", _l("The day of the exchange rate cannot be in the future.")))
    data["rate_on"] = rate_on
    for key in AMOUNTS:
        data[key] = _amount(values, key, problems)
    if problems:
        raise BudgetInvalid(problems)
    return data


def add_line(owner, values: dict, user, today: date | None = None) -> BudgetLine:
    data = check_line(values, today or side_today(db.session.get(Side, owner_side_id(owner))))
    line = BudgetLine(**{f"{owner_kind(owner)}_id": owner.id}, **data)
    db.session.add(line)
    db.session.flush()
    return line


def update_line(line: BudgetLine, values: dict, version, user, today: date | None = None) -> BudgetLine:
    check_version(line, version)
    owner = owner_of(line)
    for key, value in check_line(values, today or side_today(db.session.get(Side, owner_side_id(owner)))).items():
        if getattr(line, key) != value:
            setattr(line, key, value)
    db.session.flush()
    return line


def delete_line(line: BudgetLine, version, user) -> None:
    check_version(line, version)
    db.session.delete(line)
    db.session.flush()


def owner_kind(owner) -> str:
    return {"courses": "course", "assignments": "assignment", "equipment_transfers": "transfer"}[owner.__tablename__]


def owner_of(line: BudgetLine):
    from ..courses.models import Course
    from ..equipment.models import Transfer
    from ..exchanges.models import Assignment

    for kind, model in (("course", Course), ("assignment", Assignment), ("transfer", Transfer)):
        ident = getattr(line, f"{kind}_id")
        if ident is not None:
            return db.session.get(model, ident)
    return None


def lines_of(owner) -> list[BudgetLine]:
    column = getattr(BudgetLine, f"{owner_kind(owner)}_id")
    return list(db.session.scalars(select(BudgetLine).where(column == owner.id).order_by(BudgetLine.id)))


# Totals -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Total:
    payer: str  # the side's name or the third party's
    payer_side_id: int | None
    currency: str
    planned: Decimal
    committed: Decimal
    actual: Decimal


def totals(lines) -> list[Total]:
    """Sums per payer and currency (never across currencies), sides before third parties."""
    sums: dict[tuple, list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 3)
    labels: dict[tuple, str] = {}
    for line in lines:
        key = (line.payer_side_id is None, line.payer_side_id or 0, line.payer_name, line.currency)
        labels[key] = line.payer_label
        for i, name in enumerate(AMOUNTS):
            sums[key][i] += getattr(line, name)
    return [Total(labels[k], k[1] or None, k[3], *v) for k, v in sorted(sums.items())]


# Per-diem -----------------------------------------------------------------------------------------------


def trip_days(assignment) -> int:
    """Calendar days of a trip on the host side's clock, the day of travelling out and back included."""
    tz = assignment.course.host_side.timezone
    out, back = to_zone(assignment.travel_out_at, tz).date(), to_zone(assignment.travel_back_at, tz).date()
    return (back - out).days + 1


def rate_for(side_id: int, destination_id: int, on: date, currency: str | None = None) -> PerDiemRate | None:
    """The rate a side pays for a destination in force on a day (the latest from on or before it)."""
    stmt = select(PerDiemRate).where(PerDiemRate.side_id == side_id, PerDiemRate.destination_side_id == destination_id,
                                     PerDiemRate.valid_from <= on)
    if currency:
        stmt = stmt.where(PerDiemRate.currency == currency)
    return db.session.scalars(stmt.order_by(PerDiemRate.valid_from.desc(), PerDiemRate.id.desc()).limit(1)).first()


def per_diem_of(assignment) -> tuple[PerDiemRate | None, int, Decimal | None]:
    """(the rate, the days, days × daily) of a trip: the trainer's side pays for the course's host side."""
    tz = assignment.course.host_side.timezone
    out = to_zone(assignment.travel_out_at, tz).date()
    rate = rate_for(assignment.trainer.side_id, assignment.course.host_side_id, out)
    days = trip_days(assignment)
    return rate, days, (rate.daily * days if rate is not None else None)


def add_per_diem(assignment, exchange: dict, user) -> BudgetLine:
    """A per-diem line of the trip computed from its dates and the per-diem rate in force, paid by the
    trainer's side; `exchange` holds the exchange rate used and its day, checked as on any line."""
    rate, days, amount = per_diem_of(assignment)
    if rate is None:
        raise BudgetInvalid([(None, _l("No per-diem rate of %(side)s for %(destination)s applies to this trip's "
                                       "dates: add one first.", side=assignment.trainer.side.name,
                                       destination=assignment.course.host_side.name))])
    side = db.session.get(Side, assignment.trainer.side_id)
    values = {"item": "per_diem", "payer": str(side.id), "currency": rate.currency, "planned": amount,
              "rate": exchange.get("rate"), "rate_on": exchange.get("rate_on"),
              # Data, not a sentence: the same in every language.
              "description": f"{days} × {rate.daily}"}
    line = BudgetLine(assignment_id=assignment.id, **check_line(values, side_today(side)))
    db.session.add(line)
    db.session.flush()
    return line


def add_rate(values: dict, user) -> PerDiemRate:
    """A side's daily per-diem for a destination, from a day on."""
    problems: list = []
    side = db.session.get(Side, values.get("side_id")) if isinstance(values.get("side_id"), int) else None
    destination = (db.session.get(Side, values.get("destination_side_id"))
                   if isinstance(values.get("destination_side_id"), int) else None)
    if side is None:
        problems.append(("side_id", _l("Choose a side from the list.")))
    elif not can(user, "budget.manage", side):
        problems.append(("side_id", _l("You may set the per-diem rates of your own side only.")))
    if destination is None or (side is not None and destination.id == side.id):
        problems.append(("destination_side_id", _l("Choose the other side as the destination.")))
    if values.get("currency") not in CURRENCIES:
        problems.append(("currency", _l("Choose a currency from the list.")))
    daily = values.get("daily")
    if not isinstance(daily, Decimal) or daily <= 0 or daily > AMOUNT_MAX:
        problems.append(("daily", _l("Enter the daily amount, more than zero.")))
    if not isinstance(values.get("valid_from"), date):
        problems.append(("valid_from", _l("Enter the first day the rate applies.")))
    if not problems and db.session.scalar(select(PerDiemRate.id).where(
            PerDiemRate.side_id == side.id, PerDiemRate.destination_side_id == destination.id,
            PerDiemRate.currency == values["currency"], PerDiemRate.valid_from == values["valid_from"])):
        problems.append(("valid_from", _l("A rate from that day is already recorded.")))
    if problems:
        raise BudgetInvalid(problems)
    rate = PerDiemRate(side_id=side.id, destination_side_id=destination.id, currency=values["currency"],
                       daily=daily.quantize(Decimal("0.01")), valid_from=values["valid_from"])
    db.session.add(rate)
    db.session.flush()
    return rate


def period_lines(start: date, end: date, payer_side_id: int | None = None) -> list[BudgetLine]:
    """The lines of what happens in a period: courses starting in it, trips leaving in it (the UTC day of
    travelling out, to within the hours between the clocks), loans dispatched in it; of one payer side if
    named."""
    from datetime import datetime, time, timedelta

    from ..courses.models import Course
    from ..equipment.models import Transfer
    from ..exchanges.models import Assignment

    low = datetime.combine(start, time(0), tzinfo=UTC)
    high = datetime.combine(end + timedelta(days=1), time(0), tzinfo=UTC)
    courses = select(Course.id).where(Course.start_date >= start, Course.start_date <= end)
    trips = select(Assignment.id).where(Assignment.travel_out_at >= low, Assignment.travel_out_at < high)
    loans = select(Transfer.id).where(Transfer.dispatched_on >= start, Transfer.dispatched_on <= end)
    stmt = select(BudgetLine).where(BudgetLine.course_id.in_(courses) | BudgetLine.assignment_id.in_(trips)
                                    | BudgetLine.transfer_id.in_(loans))
    if payer_side_id is not None:
        stmt = stmt.where(BudgetLine.payer_side_id == payer_side_id)
    return list(db.session.scalars(stmt.order_by(BudgetLine.id)))


def period_totals(start: date, end: date, payer_side_id: int | None = None) -> list[Total]:
    return totals(period_lines(start, end, payer_side_id))
