"""A year of the reader's calendar: the one rule the medallists, exchange figures, meeting lists and the plan
share (Solar Hijri years begin at Nowruz, on 20 or 21 March)."""

from __future__ import annotations

from datetime import date

import pytest

from coordinator.l10n.calendars import year_of, year_span


@pytest.mark.parametrize(("day", "calendar", "year"), [
    (date(2026, 3, 20), "jalali", 1404),  # the last day of 1404
    (date(2026, 3, 21), "jalali", 1405),  # Nowruz 1405
    (date(2026, 12, 31), "gregorian", 2026),
    (date(2027, 1, 1), "gregorian", 2027),
])
def test_the_year_a_day_falls_in(day, calendar, year):
    assert year_of(day, calendar) == year


def test_a_year_spans_from_its_first_to_its_last_day():
    assert year_span(1405, "jalali") == (date(2026, 3, 21), date(2027, 3, 20))
    assert year_span(1403, "jalali") == (date(2024, 3, 20), date(2025, 3, 20))  # 1403 is a leap year
    assert year_span(2026, "gregorian") == (date(2026, 1, 1), date(2026, 12, 31))
