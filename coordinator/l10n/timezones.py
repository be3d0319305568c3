"""Instants stored in UTC, shown in a side's clock (zoneinfo + tzdata; never pytz)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from .calendars import format_date
from .digits import localize_digits
from .locales import lang_of
from .text import join_parts


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(dt: datetime | None) -> datetime | None:
    """Aware UTC; a naive value is taken to be UTC already (SQLite hands back naive datetimes)."""
    if dt is None:
        return None
    if dt.tzinfo is None or dt.tzinfo.utcoffset(dt) is None:
        return dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def to_zone(dt: datetime, tzname: str) -> datetime:
    return as_utc(dt).astimezone(ZoneInfo(tzname))


def _shown_in(dt: datetime, tzname: str) -> datetime:
    """dt on the clock of tzname; a stored instant at the very end of the datetime range cannot move to a
    zone east of UTC (the year would pass 9999), so it is shown in UTC rather than failing the page."""
    try:
        return to_zone(dt, tzname)
    except OverflowError:
        return as_utc(dt)


def local_to_utc(d: date, t: time, tzname: str) -> datetime:
    """The UTC instant of a wall-clock date and time typed in the zone tzname."""
    local = datetime.combine(d, t.replace(tzinfo=None), tzinfo=ZoneInfo(tzname))
    return local.astimezone(UTC)


def _hhmm(local: datetime, lang: str) -> str:
    return localize_digits(f"{local.hour:02d}:{local.minute:02d}", lang)


def format_time(dt: datetime | None, locale, tzname: str) -> str:
    """'HH:MM' of dt on the clock of tzname, in the locale's digits."""
    if dt is None:
        return ""
    return _hhmm(_shown_in(dt, tzname), lang_of(locale))


def format_datetime(dt: datetime | None, locale, tzname: str) -> str:
    """Long date in the viewer's calendar, then the time: '۵ آذر ۱۴۰۵، ۱۳:۳۰'."""
    if dt is None:
        return ""
    lang = lang_of(locale)
    local = _shown_in(dt, tzname)
    comma = ", " if lang == "en" else "، "
    return f"{format_date(local.date(), lang)}{comma}{_hhmm(local, lang)}"


def format_both_clocks(dt: datetime | None, locale, zones) -> str:
    """'۱۳:۳۰ تهران، ۱۳:۰۰ بغداد' from [(label, tzname), ...]; dates are added when the days differ."""
    if dt is None:
        return ""
    lang = lang_of(locale)
    locals_ = [(label, _shown_in(dt, tzname)) for label, tzname in zones]
    # Near midnight the two sides can be on different days; then the time alone would mislead.
    show_date = len({local.date() for _label, local in locals_}) > 1
    parts = []
    for label, local in locals_:
        clock = _hhmm(local, lang)
        if show_date:
            clock = f"{format_date(local.date(), lang, 'short')} {clock}"
        parts.append(f"{clock} {label}")
    return join_parts(parts, lang)
