"""Dates typed and shown in the reader's calendar: the edges of the accepted years, the shapes refused, and
what each refusal tells (the calendar, the years, the dates allowed)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from flask_babel import force_locale

from coordinator.l10n import InputError, format_date, format_month_year, is_weekend, parse_date, weekday_name
from coordinator.l10n.calendars import ShownDate, date_placeholder

SOLAR_YEARS = "Enter a Solar Hijri date: the year must be between 1300 and 1500."
GREGORIAN_YEARS = "Enter a Gregorian date: the year must be between 1900 and 2100."
SHAPE = "Enter a date as year/month/day."
RANGE = "Enter a date from 1 January 1900 to 31 December 2100."


@pytest.fixture
def english(app):
    with app.test_request_context(), force_locale("en"):
        yield


def refusal(text, locale) -> str:
    with pytest.raises(InputError) as caught:
        parse_date(text, locale)
    return str(caught.value)


def test_solar_hijri_years_1300_to_1500_are_read_and_the_years_around_refused(english):
    assert parse_date("1300/01/01", "fa") == date(1921, 3, 21)
    assert parse_date("1301/01/01", "fa") == date(1922, 3, 22)
    assert parse_date("1479/10/10", "fa") == date(2100, 12, 31)
    assert refusal("1299/12/29", "fa") == SOLAR_YEARS
    assert refusal("1501/01/01", "fa") == SOLAR_YEARS
    # 1499 and 1500 are Solar Hijri years, but after the programme's last day: the refusal says which days.
    assert refusal("1499/01/01", "fa") == RANGE
    assert refusal("1500/01/01", "fa") == RANGE
    assert refusal("1479/10/11", "fa") == RANGE


def test_gregorian_years_1900_to_2100_are_read_to_the_last_day_and_no_further(english):
    for locale in ("ar", "en"):
        assert parse_date("1900/01/01", locale) == date(1900, 1, 1)
        assert parse_date("2100/12/31", locale) == date(2100, 12, 31)
        assert refusal("1899/12/31", locale) == GREGORIAN_YEARS
        assert refusal("2101/01/01", locale) == GREGORIAN_YEARS


@pytest.mark.parametrize(("text", "locale"), [
    ("2026/11/026", "en"),  # a three-digit day
    ("2026/011/26", "ar"),  # a three-digit month
    ("1405/009/05", "fa"),
    ("1405/09/005", "fa"),
    ("026/11/2026", "ar"),  # day first with a three-digit day
    ("26/11/02026", "ar"),
    ("2026/11/2026", "en"),
    ("26/11/26", "en"),
    ("26/11/2026", "fa"),  # day first is not read in the Solar Hijri calendar
    ("tomorrow", "en"),  # not a date at all
    ("2026/11", "ar"),
    ("2026-11-26-1", "en"),
])
def test_a_date_not_shaped_year_month_day_is_refused_saying_the_shape(english, text, locale):
    # Arabic readers are asked in the order they write dates in.
    assert refusal(text, locale) == (SHAPE if locale != "ar" else "Enter a date as day/month/year.")


def test_day_first_with_the_year_last_is_read_in_gregorian(english):
    assert parse_date("6/1/2027", "ar") == date(2027, 1, 6)
    assert parse_date("06-01-2027", "en") == date(2027, 1, 6)
    assert parse_date("20270106", "ar") == date(2027, 1, 6)


def test_thirty_characters_are_read_and_thirty_one_refused_naming_the_limit(english):
    text = "2026" + " " * 20 + "/11/26"
    assert len(text) == 30 and parse_date(text, "en") == date(2026, 11, 26)
    assert refusal("2026" + " " * 21 + "/11/26", "en") == "Enter no more than 30 characters."


def test_an_impossible_date_is_refused_naming_the_calendar(english):
    assert refusal("1404/12/30", "fa") == "This date does not exist in the Solar Hijri calendar."
    assert refusal("2027/02/29", "ar") == "This date does not exist in the Gregorian calendar."
    assert refusal("", "ar") == "Enter a date."


def test_a_date_no_calendar_converts_is_shown_as_its_iso_date_in_the_readers_digits():
    far = date(9999, 12, 31)
    assert format_date(far, "fa") == "۹۹۹۹-۱۲-۳۱"
    assert format_date(far, "fa", "weekday") == "۹۹۹۹-۱۲-۳۱"
    assert format_date(far, "en") == "31 December 9999"  # Gregorian has no such limit
    assert format_date(far, "fa", "day") == "۳۱"
    assert format_month_year(far, "fa") == "۹۹۹۹-۱۲"
    assert format_month_year(far, "ar") == "كانون الأول ٩٩٩٩"
    assert format_month_year(datetime(2026, 11, 26, 23, 0), "fa") == "آذر ۱۴۰۵"


def test_the_day_style_is_the_day_of_the_month_in_the_readers_calendar():
    assert format_date(date(2026, 11, 26), "fa", "day") == "۵"
    assert format_date(date(2026, 11, 26), "ar", "day") == "٢٦"
    assert format_date(date(2026, 11, 6), "en", "day") == "6"
    assert format_date(date(2026, 11, 6), "en", "short") == "2026-11-06"
    assert format_date(date(2026, 3, 21), "fa", "short") == "۱۴۰۵/۰۱/۰۱"


def test_every_weekday_has_its_name_and_no_eighth(english):
    assert [weekday_name(d, "en") for d in (0, 6)] == ["Monday", "Sunday"]
    assert weekday_name(6, "ar") == "الأحد" and weekday_name(0, "fa") == "دوشنبه"
    for wrong in (-1, 7):
        with pytest.raises(ValueError, match=str(wrong)):
            weekday_name(wrong, "en")


def test_weekend_days_are_read_from_a_moment_too():
    friday_evening = datetime(2026, 11, 27, 20, 0)
    assert is_weekend(friday_evening, [4]) and not is_weekend(friday_evening, [5])


def test_the_placeholder_shows_each_readers_order_kept_by_marks(english):
    assert str(date_placeholder("fa")) == "\u200fyyyy\u200f/\u200fmm\u200f/\u200fdd"  # read right to left, year first
    # Day first in Iraq, and read so: right to left, "يوم" first.
    assert str(date_placeholder("ar")) == "\u200fdd\u200f/\u200fmm\u200f/\u200fyyyy"
    assert str(date_placeholder("en")) == "yyyy-mm-dd"


def test_a_date_in_a_message_is_in_the_readers_calendar(app):
    with app.test_request_context():
        with force_locale("fa"):
            assert str(ShownDate(date(2026, 11, 26))) == "۵ آذر ۱۴۰۵"
        with force_locale("en"):
            assert str(ShownDate(date(2026, 11, 26))) == "26 November 2026"


def test_a_moment_no_calendar_converts_is_shown_by_its_date_alone():
    assert format_date(datetime(9999, 12, 31, 10, 30), "fa") == "۹۹۹۹-۱۲-۳۱"


def test_an_unknown_date_style_is_named_in_the_error():
    with pytest.raises(ValueError, match="unknown date style 'medium'"):
        format_date(date(2026, 11, 26), "en", "medium")
