"""The stored range of dates (1900–2100) and display code that copes with anything older data holds."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from coordinator.l10n.bounds import DATE_MAX, DATE_MIN, clamp, in_range
from coordinator.l10n.calendars import format_date, format_month_year, parse_date
from coordinator.l10n.digits import InputError
from coordinator.l10n.timezones import format_both_clocks, format_datetime, format_time


def test_the_range_and_its_edges():
    assert in_range(DATE_MIN) and in_range(DATE_MAX) and in_range(None)
    assert not in_range(DATE_MIN - timedelta(days=1)) and not in_range(DATE_MAX + timedelta(days=1))
    assert not in_range(date(9999, 12, 31)) and not in_range(date(1, 1, 1))
    # A moment typed on 2100-12-31 at 23:00 in any offset is kept.
    assert in_range(datetime(2100, 12, 31, 23, 0, tzinfo=timezone(timedelta(hours=-12))))
    assert not in_range(datetime(9999, 12, 31, tzinfo=UTC)) and not in_range(datetime(1, 1, 1, tzinfo=UTC))
    assert clamp(date(9999, 1, 1)) == DATE_MAX and clamp(date(1, 1, 1)) == DATE_MIN


@pytest.mark.parametrize(("day", "lang", "shown"), [
    (date(9999, 12, 31), "fa", "۹۹۹۹-۱۲-۳۱"),
    (date(1, 1, 1), "fa", "۰۰۰۱-۰۱-۰۱"),
    (date(9999, 12, 31), "ar", "٣١ كانون الأول ٩٩٩٩"),
    (date(1, 1, 1), "en", "1 January 1"),
])
def test_far_dates_are_shown_not_raised(day, lang, shown):
    assert format_date(day, lang) == shown
    assert format_date(day, lang, "short") and format_date(day, lang, "weekday") and format_month_year(day, lang)


def test_far_instants_are_shown_in_utc_when_no_clock_can_hold_them():
    end = datetime(9999, 12, 31, 23, 0, tzinfo=UTC)
    assert format_datetime(end, "fa", "Asia/Tehran") == "۹۹۹۹-۱۲-۳۱، ۲۳:۰۰"
    assert format_time(end, "ar", "Asia/Baghdad") == "٢٣:٠٠"
    assert format_both_clocks(end, "en", [("Tehran", "Asia/Tehran"), ("Baghdad", "Asia/Baghdad")])


def test_solar_hijri_input_stops_at_the_end_of_2100():
    assert parse_date("1479/10/10", "fa") == DATE_MAX
    with pytest.raises(InputError) as refused:
        parse_date("۱۴۷۹/۱۰/۱۱", "fa")
    assert str(refused.value.args[0]) == "Enter a date from 1 January 1900 to 31 December 2100."
