"""The person looking at the page: their language, clock, calendar and today, and display helpers for them."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from flask import current_app, has_request_context
from flask_login import current_user

from .l10n import calendars, numbers, timezones
from .l10n.locales import LANGUAGES, current_lang


def viewer_lang() -> str:
    return current_lang()


def viewer_dir() -> str:
    return LANGUAGES[viewer_lang()].direction


def viewer_tz() -> str:
    # Asked for every instant a page shows: the person read once, not through the proxy at each attribute.
    user = current_user._get_current_object() if has_request_context() else None
    if user is not None and user.is_authenticated:
        if user.timezone:
            return user.timezone
        if user.side is not None:
            return user.side.timezone
    lang = viewer_lang()
    return LANGUAGES[lang].timezone or current_app.config.get("DEFAULT_TIMEZONE", "Asia/Tehran")


def viewer_today() -> date:
    """The day it is now on the viewer's clock."""
    return timezones.to_zone(timezones.utcnow(), viewer_tz()).date()


def side_today(side, now=None) -> date:
    """The day it is (or was at `now`) on a side's clock: the day a side's own records are dated by."""
    return timezones.to_zone(now or timezones.utcnow(), side.timezone).date()


# A list page shows the same few dozen days and numbers over and over (each row's dates, capacities, shares),
# and converting them (Jalali calendar, CLDR separators, digits) is pure: each is worked out once per process.
@lru_cache(maxsize=4096)
def _day(value: date, lang: str, style: str) -> str:
    return calendars.format_date(value, lang, style)


@lru_cache(maxsize=4096, typed=True)
def _num(value, lang: str) -> str:
    return numbers.format_number(value, lang)


@lru_cache(maxsize=1024, typed=True)
def _pct(value, lang: str) -> str:
    return numbers.format_percent(value, lang)


def _cached(fn, plain, value, *args) -> str:
    try:
        return fn(value, *args)
    except TypeError:  # a value that cannot be a cache key
        return plain(value, *args)


def format_day(value, style: str = "long") -> str:
    if not value:
        return ""
    if type(value) is date:
        return _day(value, viewer_lang(), style)
    # A moment is shown by its own date, and moments equal across zones are not the same day: not cached.
    return calendars.format_date(value, viewer_lang(), style)


# A moment in a zone, language and calendar is always written the same way (equal moments alike, whatever zone
# they were stored in): a roster writes one per request, each a Jalali or Gregorian conversion.
_instant = lru_cache(maxsize=4096)(timezones.format_datetime)


def format_instant(value) -> str:
    return _cached(_instant, timezones.format_datetime, value, viewer_lang(), viewer_tz()) if value else ""


def format_num(value) -> str:
    return _cached(_num, numbers.format_number, value, viewer_lang()) if value is not None else ""


def format_pct(value) -> str:
    return _cached(_pct, numbers.format_percent, value, viewer_lang()) if value is not None else ""


class ShownDay:
    """A date put into a lazy message, written in the calendar and digits of whoever reads it."""

    def __init__(self, value) -> None:
        self.value = value

    def __str__(self) -> str:
        return format_day(self.value)
