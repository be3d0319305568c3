"""The plan's pro-rating as a reader of docs/plan.md would state it: the days of a period inside a plan year,
its edges counted once; a period touching none of the years has no target and no minimum; each side's years
are read in its own calendar."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from coordinator.plan import years

Y2026 = years.year_span("gregorian", 2026)
Y2027 = years.year_span("gregorian", 2027)


def test_a_gregorian_side_plans_years_1900_to_2100_and_a_solar_hijri_side_1300_to_1500():
    assert years.year_range("gregorian") == (1900, 2100)
    assert years.year_range("jalali") == (1300, 1500)


def test_a_period_of_one_day_on_the_years_last_day_counts_that_day():
    # 365 a year: one day's share is 1, on the last day of the year as on any other.
    assert years.overlap_days(date(2026, 12, 31), date(2026, 12, 31), *Y2026) == 1
    assert years.prorated([(365, *Y2026)], date(2026, 12, 31), date(2026, 12, 31)) == Decimal(1)
    assert years.prorated([(365, *Y2026)], date(2026, 1, 1), date(2026, 1, 1)) == Decimal(1)


def test_a_year_after_the_period_neither_adds_to_its_target_nor_takes_from_it():
    assert years.overlap_days(date(2025, 6, 1), date(2025, 6, 30), *Y2026) == 0
    # November 2026 against 2026 (365 a year) and 2027 (730 a year): 30 days of 2026, nothing of 2027 (not
    # minus a month's share of it).
    assert years.prorated([(365, *Y2026), (730, *Y2027)], date(2026, 11, 1), date(2026, 11, 30)) == Decimal(30)
    assert years.weighted_minimum([(60, *Y2026), (80, *Y2027)], date(2026, 11, 1), date(2026, 11, 30)) == Decimal(60)


def test_a_period_touching_no_plan_year_has_no_minimum_share():
    assert years.weighted_minimum([(70, *Y2026)], date(2025, 1, 1), date(2025, 12, 31)) is None
    assert years.weighted_minimum([], date(2026, 1, 1), date(2026, 1, 31)) is None
