"""Trainer-days: calendar days on the host's clock, clipped to the period, by direction and by skill."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from coordinator.exchanges import figures
from coordinator.exchanges.models import Assignment, Trainer
from coordinator.extensions import db
from coordinator.l10n.timezones import local_to_utc
from tests import factories

BAGHDAD, TEHRAN = "Asia/Baghdad", "Asia/Tehran"
YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def at(day: date, hour: int, minute: int = 0, tz: str = BAGHDAD) -> datetime:
    return local_to_utc(day, time(hour, minute), tz)


def test_a_trip_counts_every_calendar_day_from_departure_to_return():
    out_at, back_at = at(date(2026, 12, 1), 6), at(date(2026, 12, 3), 18)
    assert figures.days_abroad(out_at, back_at, BAGHDAD, *YEAR) == 3


def test_a_same_day_trip_counts_one_day():
    assert figures.days_abroad(at(date(2026, 5, 4), 7), at(date(2026, 5, 4), 19), BAGHDAD, *YEAR) == 1


def test_days_are_those_of_the_host_clock():
    # 23:45 in Tehran on 1 December is 23:15 in Baghdad: still 1 December there. 00:15 Tehran on the 2nd
    # is 23:45 Baghdad on the 1st, so a Maysan-hosted trip that starts then began on the 1st.
    out_at = at(date(2026, 12, 2), 0, 15, TEHRAN)
    back_at = at(date(2026, 12, 3), 10, 0, TEHRAN)
    assert figures.days_abroad(out_at, back_at, BAGHDAD, *YEAR) == 3
    assert figures.days_abroad(out_at, back_at, TEHRAN, *YEAR) == 2


@pytest.mark.parametrize("start, end, expected", [
    (date(2026, 12, 2), date(2026, 12, 31), 2),  # departure day before the period
    (date(2026, 1, 1), date(2026, 12, 2), 2),  # return day after the period
    (date(2026, 12, 2), date(2026, 12, 2), 1),  # a one-day period inside the trip
    (date(2026, 12, 4), date(2026, 12, 31), 0),  # after the return
    (date(2026, 1, 1), date(2026, 11, 30), 0),  # before the departure
])
def test_days_are_clipped_to_the_period(start, end, expected):
    out_at, back_at = at(date(2026, 12, 1), 6), at(date(2026, 12, 3), 18)
    assert figures.days_abroad(out_at, back_at, BAGHDAD, start, end) == expected


def test_a_backward_trip_counts_nothing():
    assert figures.days_abroad(at(date(2026, 12, 3), 6), at(date(2026, 12, 1), 6), BAGHDAD, *YEAR) == 0


def test_the_default_period_is_the_viewers_year():
    assert figures.year_of(date(2026, 12, 1), "en") == YEAR
    assert figures.year_of(date(2026, 12, 1), "ar") == YEAR
    # 1405 runs from 21 March 2026 to 20 March 2027.
    assert figures.year_of(date(2026, 12, 1), "fa") == (date(2026, 3, 21), date(2027, 3, 20))
    assert figures.year_of(date(2026, 3, 20), "fa") == (date(2025, 3, 21), date(2026, 3, 20))


def test_direction_labels_read_from_origin_to_host_in_either_script():
    assert figures.direction_label("Khuzestan", "Maysan", "en") == "Khuzestan → Maysan"
    # In right-to-left text a left-pointing arrow reads from the first name to the second.
    assert figures.direction_label("خوزستان", "میسان", "fa") == "خوزستان ← میسان"


# Against the database --------------------------------------------------------------------------------


@pytest.fixture
def exchange(app_ctx, sides):
    khz, msn = sides["KHZ"].id, sides["MSN"].id
    khz_centre = factories.make_centre(khz)
    msn_centre = factories.make_centre(msn, name_fa="مرکز عماره", name_ar="مركز العمارة")
    weld, fish = factories.make_standard("7212-01"), factories.make_standard("6221-01")
    trainers = {}
    for key, side in (("khz", khz), ("khz2", khz), ("msn", msn)):
        trainer = Trainer(name_fa=key, side_id=side)
        db.session.add(trainer)
        db.session.flush()
        trainers[key] = trainer.id
    courses = {
        "msn_weld": factories.make_course(msn_centre, weld, status="scheduled"),
        "msn_fish": factories.make_course(msn_centre, fish, status="scheduled"),
        "khz_fish": factories.make_course(khz_centre, fish, status="scheduled"),
        "khz_weld": factories.make_course(khz_centre, weld, status="scheduled"),
    }

    def assign(trainer, course, first, last, status="confirmed", tz=BAGHDAD):
        db.session.add(Assignment(trainer_id=trainers[trainer], course_id=courses[course], status=status,
                                  travel_out_at=at(first, 6, tz=tz), travel_back_at=at(last, 18, tz=tz)))
        db.session.commit()

    return khz, msn, weld, fish, assign


def test_trainer_days_by_direction_and_skill(exchange):
    khz, msn, weld, fish, assign = exchange
    assign("khz", "msn_weld", date(2026, 12, 1), date(2026, 12, 3))  # 3 days KHZ → MSN, welding
    assign("khz2", "msn_fish", date(2026, 12, 30), date(2027, 1, 4), "completed")  # 2 days in 2026
    assign("msn", "khz_fish", date(2026, 6, 1), date(2026, 6, 10), "travelled", TEHRAN)  # 10 days MSN → KHZ
    assign("khz2", "msn_weld", date(2026, 7, 1), date(2026, 7, 5), "proposed")  # not counted: not confirmed
    assign("msn", "msn_weld", date(2026, 8, 1), date(2026, 8, 5))  # not counted: at home
    assign("khz", "msn_fish", date(2026, 9, 1), date(2026, 9, 5), "cancelled")  # not counted

    report = figures.trainer_days(*YEAR)
    by_direction = {(d.origin.code, d.host.code): d.days for d in report.directions}
    assert by_direction == {("KHZ", "MSN"): 5, ("MSN", "KHZ"): 10}
    assert report.total == 15
    assert [(s.skill.code, s.days) for s in report.skills] == [("6221-01", 12), ("7212-01", 3)]
    assert sorted(d.label("en") for d in report.directions) == ["Khuzestan → Maysan", "Maysan → Khuzestan"]


def test_trainer_days_of_an_empty_period_are_zero(exchange):
    report = figures.trainer_days(date(2030, 1, 1), date(2030, 12, 31))
    assert report.total == 0 and report.skills == [] and len(report.directions) == 2
