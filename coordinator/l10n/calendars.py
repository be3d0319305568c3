"""Dates in the viewer's calendar: Solar Hijri (Jalali) for fa, Gregorian with Iraqi months for ar."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta

import jdatetime
from babel import Locale
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from .bounds import DATE_MAX, DATE_MIN
from .digits import InputError, Shown, clean_input, localize_digits
from .locales import LANGUAGES, current_lang, lang_of

JALALI_MONTHS = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
)
IRAQI_MONTHS = (
    "كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران",
    "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول",
)
_EN = Locale("en")
ENGLISH_MONTHS = tuple(_EN.months["format"]["wide"][m] for m in range(1, 13))

# Indexed by Python's weekday(): Monday is 0, Saturday 5, Sunday 6.
PERSIAN_WEEKDAYS = ("دوشنبه", "سه\u200cشنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه", "یکشنبه")
ARABIC_WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
ENGLISH_WEEKDAYS = tuple(_EN.days["format"]["wide"][d] for d in range(7))

# Years outside these ranges are almost certainly typed in the other calendar: refuse, never convert.
JALALI_YEARS = (1300, 1500)
GREGORIAN_YEARS = (DATE_MIN.year, DATE_MAX.year)
STYLES = ("long", "short", "weekday", "day")

_DATE_RE = re.compile(r"([0-9]+)\s*[-/.]\s*([0-9]+)\s*[-/.]\s*([0-9]+)")
# YYYYMMDD without separators: iOS numeric keypads (inputmode="numeric") have no '/' key.
_COMPACT_DATE_RE = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")


def calendar_of(locale) -> str:
    return LANGUAGES[lang_of(locale)].calendar


def year_of(day: date, calendar: str) -> int:
    """The year of that calendar ("jalali" or "gregorian") a Gregorian day falls in."""
    return jdatetime.date.fromgregorian(date=day).year if calendar == "jalali" else day.year


def year_span(year: int, calendar: str) -> tuple[date, date]:
    """The first and last Gregorian day of a year of that calendar (1405 → 2026-03-21 .. 2027-03-20)."""
    if calendar == "jalali":
        first = jdatetime.date(year, 1, 1).togregorian()
        return first, jdatetime.date(year + 1, 1, 1).togregorian() - timedelta(days=1)
    return date(year, 1, 1), date(year, 12, 31)


def _as_date(d: date) -> date:
    # A datetime is shown by its own date; converting to a zone is the caller's job.
    return d.date() if isinstance(d, datetime) else d


def _parts(d: date, lang: str) -> tuple[int, int, int, str]:
    """(year, month, day, month name) of d in the language's calendar."""
    if lang == "fa":
        j = jdatetime.date.fromgregorian(date=d)
        # Never format a jdatetime.date with f"{j}": its __format__ returns "".
        return j.year, j.month, j.day, JALALI_MONTHS[j.month - 1]
    months = IRAQI_MONTHS if lang == "ar" else ENGLISH_MONTHS
    return d.year, d.month, d.day, months[d.month - 1]


def weekday_name(weekday: int, locale) -> str:
    """Name of a Python weekday number (Monday=0 ... Sunday=6) in the locale's language."""
    if not 0 <= weekday <= 6:
        raise ValueError(f"weekday must be 0..6, not {weekday!r}")
    lang = lang_of(locale)
    names = {"fa": PERSIAN_WEEKDAYS, "ar": ARABIC_WEEKDAYS}.get(lang, ENGLISH_WEEKDAYS)
    return names[weekday]


def _unconvertible(d: date, lang: str) -> str:
    """A stored date no calendar here can convert (jdatetime stops at Gregorian 622 and 9998): shown as the
    ISO Gregorian date, in the reader's digits, rather than failing the whole page."""
    return localize_digits(d.isoformat(), lang)


def format_date(d: date | None, locale, style: str = "long") -> str:
    """'۵ آذر ۱۴۰۵' / '٢٦ تشرين الثاني ٢٠٢٦' / '26 November 2026'; style 'short', 'long' or 'weekday'."""
    if d is None:
        return ""
    if style not in STYLES:
        raise ValueError(f"unknown date style {style!r}")
    d = _as_date(d)
    lang = lang_of(locale)
    try:
        year, month, day, month_name = _parts(d, lang)
    except (ValueError, OverflowError):
        return localize_digits(str(d.day), lang) if style == "day" else _unconvertible(d, lang)
    if style == "day":  # the day of the month alone, for calendar grids
        return localize_digits(str(day), lang)
    if style == "short":
        if lang == "ar":
            # Iraq writes the day first, and so does the Arabic date input: one order for reading and typing.
            return localize_digits(f"{day:02d}/{month:02d}/{year:04d}", lang)
        sep = "-" if lang == "en" else "/"
        return localize_digits(f"{year:04d}{sep}{month:02d}{sep}{day:02d}", lang)
    text = localize_digits(f"{day} {month_name} {year}", lang)
    if style == "weekday":
        comma = ", " if lang == "en" else "، "
        text = f"{weekday_name(d.weekday(), lang)}{comma}{text}"
    return text


def format_month_year(d: date | None, locale) -> str:
    """'آذر ۱۴۰۵' / 'تشرين الثاني ٢٠٢٦' / 'November 2026'."""
    if d is None:
        return ""
    lang = lang_of(locale)
    d = _as_date(d)
    try:
        year, _month, _day, month_name = _parts(d, lang)
    except (ValueError, OverflowError):
        return localize_digits(f"{d.year:04d}-{d.month:02d}", lang)
    return localize_digits(f"{month_name} {year}", lang)


# The other side's calendar, named in the reader's own language: a Persian reader sees the Gregorian date
# Iraq uses, an Arabic reader the Solar Hijri date Iran uses (its months as Arabic writes them, ي not ی).
PERSIAN_GREGORIAN_MONTHS = (
    "ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن",
    "ژوئیه", "اوت", "سپتامبر", "اکتبر", "نوامبر", "دسامبر",
)
ARABIC_JALALI_MONTHS = (
    "فروردين", "أرديبهشت", "خرداد", "تير", "مرداد", "شهريور",
    "مهر", "آبان", "آذر", "دي", "بهمن", "إسفند",
)


def format_other_calendar(d: date | None, locale) -> str:
    """The date in the other side's calendar, in the reader's language and digits: '۲۶ نوامبر ۲۰۲۶' for fa,
    '٥ آذر ١٤٠٥' for ar; '' for English readers (they have the Gregorian date already) or a date out of range."""
    lang = lang_of(locale)
    if d is None or lang not in ("fa", "ar"):
        return ""
    d = _as_date(d)
    try:
        if lang == "fa":
            year, day, name = d.year, d.day, PERSIAN_GREGORIAN_MONTHS[d.month - 1]
        else:
            j = jdatetime.date.fromgregorian(date=d)
            year, day, name = j.year, j.day, ARABIC_JALALI_MONTHS[j.month - 1]
    except (ValueError, OverflowError):
        return ""
    return localize_digits(f"{day} {name} {year}", lang)


def date_input_value(d: date | None, locale) -> str:
    """What a date text input shows: YYYY/MM/DD in the viewer's calendar and digits (en: 2026-11-26; ar: the
    day first, DD/MM/YYYY, as Iraq writes dates)."""
    return format_date(d, locale, "short")


def date_placeholder(locale):
    """A lazy hint for a date input; translators write it in their own script."""
    if lang_of(locale) == "en":
        return _l("yyyy-mm-dd")
    # The words are read right to left, in the order the date is typed: "يوم/شهر/سنة" day first for Arabic,
    # "سال/ماه/روز" year first for Persian. Right-to-left marks around "/" keep them one right-to-left run in
    # the left-to-right input; laid out left to right (left-to-right marks) they read the other way round.
    # i18n: placeholder of the Arabic date input, day first as Iraq writes dates
    day_first = _l("dd/mm/yyyy")
    # i18n: placeholder of a date input, year/month/day in the viewer's calendar
    year_first = _l("yyyy/mm/dd")
    hint = day_first if lang_of(locale) == "ar" else year_first
    return LazyString(lambda: "\u200f" + str(hint).replace("/", "\u200f/\u200f"))


def _year_error(jalali: bool) -> InputError:
    if jalali:
        low, high = JALALI_YEARS
        return InputError(
            _l(
                "Enter a Solar Hijri date: the year must be between %(low)s and %(high)s.",
                low=Shown(low),
                high=Shown(high),
            )
        )
    low, high = GREGORIAN_YEARS
    return InputError(
        _l(
            "Enter a Gregorian date: the year must be between %(low)s and %(high)s.",
            low=Shown(low),
            high=Shown(high),
        )
    )


def _missing_date_error(jalali: bool) -> InputError:
    calendar = _l("Solar Hijri") if jalali else _l("Gregorian")
    return InputError(_l("This date does not exist in the %(calendar)s calendar.", calendar=calendar))


def parse_date(text: str, locale) -> date:
    """A typed date in the locale's calendar (any digits) as a Gregorian date; refuses, never guesses."""
    lang = lang_of(locale)
    jalali = lang == "fa"
    cleaned = clean_input(text, _l("Enter a date."))
    match = _DATE_RE.fullmatch(cleaned) or _COMPACT_DATE_RE.fullmatch(cleaned)
    order_error = InputError(_l("Enter a date as day/month/year.") if lang == "ar"
                             else _l("Enter a date as year/month/day."))
    if match is None:
        raise order_error
    first, middle, last = match.groups()
    if len(first) == 4 and len(last) <= 2:
        year, month, day = first, middle, last
    elif not jalali and len(last) == 4 and len(first) <= 2:
        # Day-first is common in Iraq; with a four-digit year last there is nothing to guess.
        day, month, year = first, middle, last
    else:
        raise order_error
    if len(month) > 2:
        raise order_error
    year, month, day = int(year), int(month), int(day)
    low, high = JALALI_YEARS if jalali else GREGORIAN_YEARS
    if not low <= year <= high:
        raise _year_error(jalali)
    try:
        value = jdatetime.date(year, month, day).togregorian() if jalali else date(year, month, day)
    except ValueError as exc:
        raise _missing_date_error(jalali) from exc
    if not DATE_MIN <= value <= DATE_MAX:
        # A Solar Hijri year up to 1500 passes the check above, but the programme keeps 1900–2100 only.
        raise InputError(OUT_OF_RANGE)
    return value


def is_weekend(d: date, weekend_days: Iterable[int]) -> bool:
    """Whether d falls on one of the weekend days (Python weekday numbers: Friday=4, Saturday=5)."""
    return _as_date(d).weekday() in set(weekend_days)


class ShownDate:
    """A date put into a lazy message, in the calendar and digits of whoever reads the message."""

    def __init__(self, value: date) -> None:
        self.value = value

    def __str__(self) -> str:
        return format_date(self.value, current_lang())


# i18n: a date outside the range the programme accepts; low and high are dates in the reader's calendar
OUT_OF_RANGE = _l("Enter a date from %(low)s to %(high)s.", low=ShownDate(DATE_MIN), high=ShownDate(DATE_MAX))
