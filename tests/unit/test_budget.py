"""Budget and cost sharing: totals per payer and currency in exact decimals, a trip's per-diem from its dates
and the rate in force, bad lines refused with a message and nothing written."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import update

from coordinator.auth.models import User
from coordinator.auth.permissions import can
from coordinator.errors import InvalidValues
from coordinator.exchanges.models import Assignment
from coordinator.extensions import db
from coordinator.plan import budget
from coordinator.plan.models import BudgetLine, PerDiemRate
from coordinator.plan.money import format_money
from tests import factories as f

TODAY = date(2026, 12, 6)


@pytest.fixture
def course(app_ctx, sides, users):
    centre = f.make_centre(sides["MSN"].id, name_fa="مرکز العماره", name_ar="مركز العمارة")
    from coordinator.courses.models import Course

    return db.session.get(Course, f.make_course(centre, f.make_standard(), status="approved",
                                                start=date(2026, 11, 3), end=date(2026, 11, 5)))


def _line(payer, currency="IRR", **extra):
    return {"item": "tuition", "payer": str(payer), "currency": currency, "rate": Decimal("420000"),
            "rate_on": date(2026, 11, 1), "planned": Decimal(0)} | extra


def _admin(users):
    return db.session.get(User, users["admin"].id)


def test_totals_per_payer_and_currency_in_exact_decimals(course, sides, users):
    admin, khz, msn = _admin(users), sides["KHZ"].id, sides["MSN"].id
    for values in (_line(khz, planned=Decimal("1250000.50"), actual=Decimal("1000000.10")),
                   _line(khz, item="accommodation", planned=Decimal("2000000.25"), actual=Decimal("0.20")),
                   _line(msn, "IQD", rate=Decimal("1310"), planned=Decimal("1500000")),
                   _line(khz, "USD", rate=Decimal(1), planned=Decimal("0.10")),
                   _line("other", "USD", rate=Decimal(1), payer_name="UNDP", planned=Decimal("0.10")),
                   _line("other", "USD", rate=Decimal(1), payer_name="UNDP", planned=Decimal("0.20"))):
        budget.add_line(course, values, admin, today=TODAY)
    got = [(t.payer, t.currency, t.planned, t.committed, t.actual) for t in budget.totals(budget.lines_of(course))]
    assert got == [
        ("Khuzestan", "IRR", Decimal("3250000.75"), Decimal(0), Decimal("1000000.30")),
        ("Khuzestan", "USD", Decimal("0.10"), Decimal(0), Decimal(0)),
        ("Maysan", "IQD", Decimal("1500000.00"), Decimal(0), Decimal(0)),
        ("UNDP", "USD", Decimal("0.30"), Decimal(0), Decimal(0)),  # 0.1 + 0.2, exactly
    ]
    assert format_money(Decimal("3250000.75"), "IRR", "fa") == "۳٬۲۵۰٬۰۰۰٫۷۵"
    assert format_money(Decimal("1500000.00"), "IQD", "ar") == "١٬٥٠٠٬٠٠٠"
    assert format_money(Decimal("0.30"), "USD", "en") == "0.30"


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"rate": Decimal(0)}, "rate", "Enter the exchange rate used: units of the currency for one US dollar, "
                                   "more than zero."),
    ({"rate_on": date(2026, 12, 7)}, "rate_on", "The day of the exchange rate cannot be in the future."),
    ({"planned": Decimal(-1)}, "planned", "Enter an amount of zero or more."),
    ({"actual": Decimal("5000000000000")}, "actual", "Enter an amount of at most 1000000000000."),
    ({"currency": "EUR"}, "currency", "Choose a currency from the list."),
    ({"payer": "other", "payer_name": "  "}, "payer_name", "Enter the name of the third party who pays."),
    ({"item": "bribes"}, "item", "Choose what the line pays for from the list."),
])
def test_bad_lines_are_refused_on_their_field(course, sides, users, changes, field, message):
    with pytest.raises(InvalidValues) as error:
        budget.add_line(course, _line(sides["KHZ"].id) | changes, _admin(users), today=TODAY)
    assert (field, message) in [(p.field, str(p.message)) for p in error.value.problems]
    assert db.session.query(BudgetLine).count() == 0


def test_a_liaison_keeps_the_budget_of_their_sides_courses_only(course, sides, users):
    # The page's one permission check (the route table tests its 403): Maysan hosts, so Khuzestan's liaison
    # may read the budget but not keep it.
    assert not can(db.session.get(User, users["liaison_khz"].id), "budget.manage", course)
    assert can(db.session.get(User, users["liaison_khz"].id), "budget.view", course)
    budget.add_line(course, _line(sides["KHZ"].id), db.session.get(User, users["liaison_msn"].id), today=TODAY)


def test_a_trips_per_diem_from_its_dates(course, sides, users):
    khz, msn = sides["KHZ"].id, sides["MSN"].id
    trainer = f.make_trainer(khz)
    assignment = db.session.get(Assignment, f.make_assignment(trainer, course.id, status="confirmed"))
    # Out at 21:30 UTC on 1 November = 00:30 on 2 November in Baghdad (the host); back 6 November at 18:00.
    db.session.execute(update(Assignment).where(Assignment.id == assignment.id).values(
        travel_out_at=datetime(2026, 11, 1, 21, 30, tzinfo=UTC), travel_back_at=datetime(2026, 11, 6, 18, 0,
                                                                                         tzinfo=UTC)))
    db.session.commit()
    db.session.refresh(assignment)
    assert budget.trip_days(assignment) == 5
    admin = _admin(users)
    with pytest.raises(InvalidValues, match="No per-diem rate of Khuzestan for Maysan"):
        budget.add_per_diem(assignment, {"rate": Decimal("420000"), "rate_on": date(2026, 11, 1)}, admin)
    budget.add_rate({"side_id": khz, "destination_side_id": msn, "currency": "IRR", "daily": Decimal("4500000"),
                     "valid_from": date(2026, 1, 1)}, admin)
    # A newer rate from 3 November does not apply: the trip left on 2 November.
    budget.add_rate({"side_id": khz, "destination_side_id": msn, "currency": "IRR", "daily": Decimal("5000000"),
                     "valid_from": date(2026, 11, 3)}, admin)
    rate, days, amount = budget.per_diem_of(assignment)
    assert (rate.daily, days, amount) == (Decimal("4500000.00"), 5, Decimal("22500000.00"))
    line = budget.add_per_diem(assignment, {"rate": Decimal("420000"), "rate_on": date(2026, 11, 1)}, admin)
    assert (line.item, line.payer_side_id, line.currency, line.planned) == ("per_diem", khz, "IRR",
                                                                           Decimal("22500000.00"))
    with pytest.raises(InvalidValues) as error:
        budget.add_rate({"side_id": khz, "destination_side_id": khz, "currency": "IRR", "daily": Decimal(0),
                         "valid_from": date(2026, 1, 1)}, admin)
    assert [p.field for p in error.value.problems] == ["destination_side_id", "daily"]
    assert db.session.query(PerDiemRate).count() == 2
