"""Localisation: the table of language facts and pick() (locales.py), Persian/Arabic digits, Jalali and
Iraqi-Gregorian dates, time zones, search folding."""

from .calendars import (
    IRAQI_MONTHS,
    JALALI_MONTHS,
    calendar_of,
    date_input_value,
    date_placeholder,
    format_date,
    format_month_year,
    is_weekend,
    parse_date,
    weekday_name,
)
from .digits import InputError, localize_digits, parse_decimal, parse_int, to_ascii_digits
from .folding import fold, like_pattern
from .locales import LANGUAGES, current_lang, lang_of, pick
from .numbers import format_number, format_percent
from .timezones import (
    as_utc,
    format_both_clocks,
    format_datetime,
    format_time,
    local_to_utc,
    to_zone,
    utcnow,
)

__all__ = [
    "IRAQI_MONTHS",
    "JALALI_MONTHS",
    "LANGUAGES",
    "InputError",
    "as_utc",
    "calendar_of",
    "current_lang",
    "date_input_value",
    "date_placeholder",
    "fold",
    "format_both_clocks",
    "format_date",
    "format_datetime",
    "format_month_year",
    "format_number",
    "format_percent",
    "format_time",
    "is_weekend",
    "lang_of",
    "like_pattern",
    "local_to_utc",
    "localize_digits",
    "parse_date",
    "parse_decimal",
    "parse_int",
    "pick",
    "to_ascii_digits",
    "to_zone",
    "utcnow",
    "weekday_name",
]
