"""A plan year in its side's calendar, its Gregorian days, and how a yearly target is pro-rated.

Pro-rating rule (documented in docs/plan.md): a count target for a side's year is spread evenly over the
year's days. The target for a period is the sum, over that side's plan years the period overlaps, of
target × (days of the period inside the year) / (days in the year), kept as an exact Decimal and shown
rounded to one decimal. Days of the period outside any plan year add nothing. A share target (a minimum
percentage) is not spread: the minimum of a period is the average of the overlapped years' minimums,
weighted by the days overlapped.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ..l10n import calendars
from ..l10n.calendars import GREGORIAN_YEARS, JALALI_YEARS


def is_jalali(calendar: str) -> bool:
    return calendar == "jalali"


def year_range(calendar: str) -> tuple[int, int]:
    return JALALI_YEARS if is_jalali(calendar) else GREGORIAN_YEARS


def year_span(calendar: str, year: int) -> tuple[date, date]:
    """The first and last Gregorian day of a year of that calendar (1405 → 2026-03-21 .. 2027-03-20)."""
    return calendars.year_span(year, calendar)


def year_of(calendar: str, day: date) -> int:
    """The year of that calendar a Gregorian day falls in."""
    return calendars.year_of(day, calendar)


def other_years(calendar: str, year: int) -> tuple[int, int]:
    """The years of the other calendar the year spans: Solar Hijri 1405 → (2026, 2027), 2026 → (1404, 1405)."""
    first, last = year_span(calendar, year)
    if is_jalali(calendar):
        return first.year, last.year
    return year_of("jalali", first), year_of("jalali", last)


def overlap_days(start: date, end: date, first: date, last: date) -> int:
    low, high = max(start, first), min(end, last)
    return (high - low).days + 1 if high >= low else 0


def prorated(targets, start: date, end: date) -> Decimal | None:
    """Σ target × overlapped days / days in its year, over (target, first, last) of one figure and side;
    None when the period overlaps none of the years."""
    total, found = Decimal(0), False
    for target, first, last in targets:
        days = overlap_days(start, end, first, last)
        if days:
            found = True
            total += Decimal(target) * days / ((last - first).days + 1)
    return total if found else None


def weighted_minimum(targets, start: date, end: date) -> Decimal | None:
    """The minimum share of a period: each year's minimum weighted by the days of the period inside it."""
    weighted, days_total = Decimal(0), 0
    for target, first, last in targets:
        days = overlap_days(start, end, first, last)
        weighted += Decimal(target) * days
        days_total += days
    return weighted / days_total if days_total else None
