"""A month of the viewer's calendar (Solar Hijri for Persian readers, Gregorian otherwise) as weeks of days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import jdatetime

from ..l10n.calendars import GREGORIAN_YEARS, JALALI_YEARS, calendar_of, format_month_year
from ..l10n.digits import InputError, parse_int

WEEK_STARTS = 5  # Saturday: the first day of the week on both sides


@dataclass
class Month:
    year: int  # in the viewer's calendar
    month: int
    first: date  # Gregorian
    last: date
    weeks: list[list[date | None]]
    title: str
    prev: tuple[int, int]
    next: tuple[int, int]


def _bounds(year: int, month: int, jalali: bool) -> tuple[date, date]:
    if jalali:
        first = jdatetime.date(year, month, 1).togregorian()
        following = jdatetime.date(year + (month == 12), month % 12 + 1, 1).togregorian()
    else:
        first = date(year, month, 1)
        following = date(year + (month == 12), month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def month_grid(lang: str, today: date, year_text: str = "", month_text: str = "") -> Month:
    """The month asked for (typed in any digits), else the one `today` is in: the viewer's or a side's day."""
    jalali = calendar_of(lang) == "jalali"
    if jalali:
        j = jdatetime.date.fromgregorian(date=today)
        year, month = j.year, j.month
        low, high = JALALI_YEARS
    else:
        year, month = today.year, today.month
        low, high = GREGORIAN_YEARS
    # Out-of-range or malformed navigation falls back to the current month instead of failing.
    try:
        asked = parse_int(year_text, minimum=low, maximum=high), parse_int(month_text, minimum=1, maximum=12)
    except InputError:
        asked = None
    if asked:
        year, month = asked
    first, last = _bounds(year, month, jalali)
    weeks: list[list[date | None]] = []
    week: list[date | None] = [None] * ((first.weekday() - WEEK_STARTS) % 7)
    day = first
    while day <= last:
        week.append(day)
        if len(week) == 7:
            weeks.append(week)
            week = []
        day += timedelta(days=1)
    if week:
        weeks.append(week + [None] * (7 - len(week)))
    prev = (year - (month == 1), (month - 2) % 12 + 1)
    nxt = (year + (month == 12), month % 12 + 1)
    return Month(year, month, first, last, weeks, format_month_year(first + timedelta(days=3), lang), prev, nxt)
