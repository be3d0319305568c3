"""Calendars: Jalali for Persian readers, Gregorian with Iraqi month names for Arabic readers."""

from datetime import date, datetime

import pytest

from coordinator.l10n import (
    IRAQI_MONTHS,
    JALALI_MONTHS,
    InputError,
    calendar_of,
    date_input_value,
    date_placeholder,
    format_date,
    format_month_year,
    is_weekend,
    parse_date,
    weekday_name,
)

AZAR_5_1405 = date(2026, 11, 26)  # a Thursday


def test_month_names_are_data():
    assert len(JALALI_MONTHS) == len(IRAQI_MONTHS) == 12
    assert JALALI_MONTHS[0] == "فروردین" and JALALI_MONTHS[8] == "آذر"
    assert IRAQI_MONTHS[0] == "كانون الثاني" and IRAQI_MONTHS[10] == "تشرين الثاني"


def test_calendar_of():
    assert calendar_of("fa") == "jalali"
    assert calendar_of("ar_IQ") == "gregorian"
    assert calendar_of("en") == "gregorian"


@pytest.mark.parametrize(
    "locale, style, expected",
    [
        ("fa", "long", "۵ آذر ۱۴۰۵"),
        ("fa", "short", "۱۴۰۵/۰۹/۰۵"),
        ("fa", "weekday", "پنجشنبه، ۵ آذر ۱۴۰۵"),
        ("ar", "long", "٢٦ تشرين الثاني ٢٠٢٦"),
        ("ar_IQ", "short", "٢٦/١١/٢٠٢٦"),  # day first, as Iraq writes and types dates
        ("ar", "weekday", "الخميس، ٢٦ تشرين الثاني ٢٠٢٦"),
        ("en", "long", "26 November 2026"),
        ("en", "short", "2026-11-26"),
        ("en", "weekday", "Thursday, 26 November 2026"),
    ],
)
def test_format_date(locale, style, expected):
    assert format_date(AZAR_5_1405, locale, style) == expected


def test_format_date_edge_cases():
    assert format_date(None, "fa") == ""
    assert format_date(datetime(2026, 11, 26, 23, 0), "fa") == "۵ آذر ۱۴۰۵"
    assert format_date(date(2025, 3, 21), "fa") == "۱ فروردین ۱۴۰۴"  # Nowruz
    with pytest.raises(ValueError):
        format_date(AZAR_5_1405, "fa", "medium")


def test_format_month_year():
    assert format_month_year(AZAR_5_1405, "fa") == "آذر ۱۴۰۵"
    assert format_month_year(AZAR_5_1405, "ar") == "تشرين الثاني ٢٠٢٦"
    assert format_month_year(AZAR_5_1405, "en") == "November 2026"
    assert format_month_year(None, "en") == ""


def test_date_input_value_round_trips():
    for locale in ("fa", "ar", "en"):
        assert parse_date(date_input_value(AZAR_5_1405, locale), locale) == AZAR_5_1405
    assert date_input_value(AZAR_5_1405, "fa") == "۱۴۰۵/۰۹/۰۵"
    assert date_input_value(AZAR_5_1405, "ar") == "٢٦/١١/٢٠٢٦"
    assert date_input_value(AZAR_5_1405, "en") == "2026-11-26"
    assert date_input_value(None, "fa") == ""


def test_date_placeholder_is_a_fixed_hint():
    # Left-to-right marks keep Persian/Arabic words in year/month/day order inside the LTR input.
    assert str(date_placeholder("fa")) == "\u200fyyyy\u200f/\u200fmm\u200f/\u200fdd"  # read right to left, year first
    assert str(date_placeholder("en")) == "yyyy-mm-dd"


@pytest.mark.parametrize(
    "text, locale",
    [
        ("۱۴۰۵-۰۹-۰۵", "fa"),
        ("1405/09/05", "fa"),
        ("١٤٠٥/٠٩/٠٥", "fa"),
        ("۱۴05/٠٩/05", "fa"),  # three digit sets in one date
        ("1405.9.5", "fa"),
        (" ۱۴۰۵ / ۹ / ۵ ", "fa"),
        ("\u200f۱۴۰۵/۰۹/۰۵\u200f", "fa"),
        ("14050905", "fa"),
        ("2026-11-26", "ar"),
        ("٢٠٢٦/١١/٢٦", "ar"),
        ("٢٦/١١/٢٠٢٦", "ar"),  # day first, common in Iraq
        ("26.11.2026", "en"),
        ("2026٫11٫26", "en"),
    ],
)
def test_parse_date_accepts(text, locale):
    assert parse_date(text, locale) == AZAR_5_1405


def test_parse_date_jalali_leap_year():
    assert parse_date("1403/12/30", "fa") == date(2025, 3, 20)  # 1403 is a leap year
    with pytest.raises(InputError, match="does not exist"):
        parse_date("1404/12/30", "fa")


def test_jalali_year_in_gregorian_field_is_refused_not_read_as_year_1405():
    for locale in ("ar", "en"):
        with pytest.raises(InputError) as info:
            parse_date("1405-09-05", locale)
        message = str(info.value)
        assert "Gregorian" in message and "1900" in message and "2100" in message


def test_gregorian_year_in_jalali_field_is_refused():
    with pytest.raises(InputError) as info:
        parse_date("2026/11/26", "fa")
    assert "Solar Hijri" in str(info.value)


@pytest.mark.parametrize(
    "text, locale",
    [
        ("1405/13/01", "fa"),
        ("1405/07/31", "fa"),  # Mehr has 30 days
        ("1405/01/00", "fa"),
        ("2026/02/30", "ar"),
        ("2026/13/1", "en"),
    ],
)
def test_parse_date_refuses_impossible_dates(text, locale):
    with pytest.raises(InputError, match="does not exist"):
        parse_date(text, locale)


@pytest.mark.parametrize(
    "text, locale",
    [
        ("", "fa"),
        ("   ", "ar"),
        ("\u200f", "fa"),
        ("1" * 31, "fa"),
        ("05/09/1405", "fa"),  # day first is not a Persian habit: refuse rather than guess
        ("26/11/26", "ar"),  # two-digit year
        ("2026/11", "en"),
        ("tomorrow", "en"),
        ("2026/11/26/1", "en"),
        ("2026/111/2", "en"),
    ],
)
def test_parse_date_refuses_unclear_input(text, locale):
    with pytest.raises(InputError):
        parse_date(text, locale)


def test_parse_date_empty_message():
    with pytest.raises(InputError, match="Enter a date"):
        parse_date("", "fa")


def test_is_weekend_uses_python_weekday_numbers():
    friday, saturday, sunday = date(2026, 11, 27), date(2026, 11, 28), date(2026, 11, 29)
    iran, iraq = [4], (4, 5)
    assert is_weekend(friday, iran) and not is_weekend(saturday, iran)
    assert is_weekend(friday, iraq) and is_weekend(saturday, iraq)
    assert not is_weekend(sunday, iraq)


def test_weekday_name():
    assert weekday_name(5, "fa") == "شنبه"
    assert weekday_name(1, "fa") == "سه\u200cشنبه"
    assert weekday_name(4, "ar") == "الجمعة"
    assert weekday_name(0, "en") == "Monday"
    with pytest.raises(ValueError):
        weekday_name(7, "en")
