"""The programme plan: years in each side's calendar, targets pro-rated by days, plan against actual on the
October 2026 story of test_progress (hand-counted), behind plan first; bad targets refused with a message."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import update

from coordinator.auth.models import User
from coordinator.courses.models import Course
from coordinator.errors import InvalidValues
from coordinator.extensions import db
from coordinator.plan import services, years
from coordinator.plan.compare import practical_share
from coordinator.plan.models import PlanTarget
from coordinator.progress.model import Period
from coordinator.progress.plan import plan_for
from tests import factories as f
from tests.unit.test_progress import OCT, build


def test_a_year_in_each_sides_calendar():
    assert years.year_span("jalali", 1405) == (date(2026, 3, 21), date(2027, 3, 20))
    assert years.year_span("gregorian", 2026) == (date(2026, 1, 1), date(2026, 12, 31))
    assert years.other_years("jalali", 1405) == (2026, 2027)
    assert years.other_years("gregorian", 2026) == (1404, 1405)
    assert years.year_of("jalali", date(2026, 3, 20)) == 1404
    assert years.year_of("jalali", date(2026, 3, 21)) == 1405


def test_a_target_is_spread_evenly_over_its_years_days():
    y2026, y2027 = years.year_span("gregorian", 2026), years.year_span("gregorian", 2027)
    # October 2026: 31 of 365 days.
    assert years.prorated([(365, *y2026)], date(2026, 10, 1), date(2026, 10, 31)) == Decimal(31)
    # Across the new year: 15 days of 2026 (365 a year) and 15 of 2027 (730 a year).
    assert years.prorated([(365, *y2026), (730, *y2027)], date(2026, 12, 17), date(2027, 1, 15)) == Decimal(45)
    # Days outside any plan year add nothing; a period touching no year has no target.
    assert years.prorated([(365, *y2026)], date(2026, 12, 1), date(2027, 1, 31)) == Decimal(31)
    assert years.prorated([(365, *y2026)], date(2025, 1, 1), date(2025, 12, 31)) is None
    # A minimum share is not spread: weighted by days when two years' minimums differ.
    assert years.weighted_minimum([(70, *y2026)], date(2026, 10, 1), date(2026, 10, 31)) == Decimal(70)
    assert years.weighted_minimum([(60, *y2026), (80, *y2027)], date(2026, 12, 17),
                                  date(2027, 1, 15)) == Decimal(70)


def _target(side_id, year, figure, value):
    side_calendar = "jalali" if year < 1900 else "gregorian"
    first, last = years.year_span(side_calendar, year)
    db.session.add(PlanTarget(side_id=side_id, year=year, figure=figure, target=Decimal(value),
                              starts_on=first, ends_on=last))
    db.session.commit()


@pytest.fixture
def planned(app_ctx, sides, users):
    story = build(sides, users)
    khz, msn = sides["KHZ"].id, sides["MSN"].id
    # October 2026 is 31 of the 365 days of 1405 (Khuzestan) and of 2026 (Maysan).
    _target(khz, 1405, "trainees.enrolled", 73)  # 6.2 planned, 2 taken: 32%
    _target(khz, 1405, "milestones.reached", 12)  # 1.02 planned, 3 reached: 294%
    _target(khz, 1405, "trainees.women_share", 60)  # at least 60%, 1 of 2 places: 50% → 83%
    _target(msn, 2026, "trainees.enrolled", 24)  # 2.04 planned, 2 taken: 98%
    _target(msn, 2026, "exchanges.trainer_days", 40)  # 3.40 planned, 4 days Maysan → Khuzestan: 118%
    _target(msn, 2025, "trainees.enrolled", 999)  # another year: not in October 2026
    return story


def test_plan_against_actual_on_the_october_story(planned, sides):
    khz, msn = sides["KHZ"].id, sides["MSN"].id
    rows = plan_for(OCT).rows
    got = [(r.side_id, r.key, r.target_shown, r.actual, r.percent, r.behind) for r in rows]
    assert got == [
        (khz, "trainees.enrolled", Decimal("6.2"), 2, 32, True),
        (khz, "trainees.women_share", Decimal("60.0"), 50, 83, True),
        (msn, "trainees.enrolled", Decimal("2.0"), 2, 98, True),
        (khz, "milestones.reached", Decimal("1.0"), 3, 294, False),
        (msn, "exchanges.trainer_days", Decimal("3.4"), 4, 118, False),
    ]
    # The exact pro-rated target, not a float: 73 × 31 / 365.
    assert rows[0].target == Decimal(73) * 31 / 365


def test_the_side_filter_keeps_one_sides_plan(planned, sides):
    rows = plan_for(Period(OCT.start, OCT.end, sides["MSN"].id)).rows
    assert [(r.key, r.percent) for r in rows] == [("trainees.enrolled", 98), ("exchanges.trainer_days", 118)]
    assert plan_for(Period(date(2024, 1, 1), date(2024, 1, 31))).rows == ()


def test_practical_share_of_training_hours(app_ctx, sides):
    khz, msn = sides["KHZ"].id, sides["MSN"].id
    std = f.make_standard()
    ck, cm = f.make_centre(khz), f.make_centre(msn, name_fa="مرکز میسان", name_ar="مركز ميسان")
    hours = {f.make_course(ck, std, status="approved", start=date(2026, 11, 2)): (40, 100),
             f.make_course(ck, std, status="running", start=date(2026, 11, 20)): (60, 40),
             f.make_course(ck, std, status="cancelled", start=date(2026, 11, 5)): (0, 100),
             f.make_course(ck, std, status="approved", start=date(2026, 12, 1)): (0, 100),
             f.make_course(cm, std, status="approved", start=date(2026, 11, 5)): (100, 0)}
    for course_id, (theory, practice) in hours.items():
        db.session.execute(update(Course).where(Course.id == course_id)
                           .values(theory_hours=theory, practice_hours=practice))
    db.session.commit()
    share = practical_share(khz, date(2026, 11, 1), date(2026, 11, 30))
    assert share == Decimal(140) * 100 / 240  # 58.3%: below the programme's 70%
    _target(khz, 1405, "courses.practical_share", 70)
    row = plan_for(Period(date(2026, 11, 1), date(2026, 11, 30))).rows[0]
    assert (row.key, row.target, row.percent, row.behind) == ("courses.practical_share", 70, 83, True)


def _values(side_id, **extra):
    return {"side_id": side_id, "year": 1405, "figure": "trainees.enrolled", "target": Decimal(100)} | extra


def _messages(error):
    return [(field, str(message)) for field, message in error.value.problems]


def test_bad_targets_are_refused_with_a_message(app_ctx, sides, users):
    admin = db.session.get(User, users["admin"].id)
    khz = sides["KHZ"].id
    with pytest.raises(InvalidValues) as error:
        services.create_target(_values(khz, figure="trainees.happiness"), admin)
    assert _messages(error) == [("figure", "Choose a figure from the list: the plan has no such figure.")]
    with pytest.raises(InvalidValues) as error:
        services.create_target(_values(khz, target=Decimal(-5)), admin)
    assert _messages(error) == [("target", "A target cannot be negative.")]
    with pytest.raises(InvalidValues) as error:
        services.create_target(_values(khz, target=Decimal("10.5")), admin)
    assert _messages(error) == [("target", "Enter a whole number: this figure counts records or days.")]
    with pytest.raises(InvalidValues) as error:
        services.create_target(_values(khz, figure="trainees.women_share", target=Decimal(120)), admin)
    assert _messages(error) == [("target", "A share cannot exceed 100 per cent.")]
    with pytest.raises(InvalidValues) as error:
        services.create_target(_values(khz, year=2026), admin)
    assert _messages(error) == [("year", "Enter a year of Khuzestan's calendar from 1300 to 1500.")]
    services.create_target(_values(khz), admin)
    with pytest.raises(InvalidValues) as error:
        services.create_target(_values(khz, target=Decimal(5)), admin)
    assert "already has a target" in _messages(error)[0][1]
    assert db.session.query(PlanTarget).count() == 1


def test_a_liaison_sets_targets_for_their_own_side_only(app_ctx, sides, users):
    liaison = db.session.get(User, users["liaison_khz"].id)
    with pytest.raises(InvalidValues) as error:
        services.create_target(_values(sides["MSN"].id, year=2027), liaison)
    assert _messages(error) == [("side_id", "You may set targets for your own side only.")]
    record = services.create_target(_values(sides["KHZ"].id), liaison)
    assert (record.starts_on, record.ends_on) == (date(2026, 3, 21), date(2027, 3, 20))
