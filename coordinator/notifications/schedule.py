"""The recipient's facts (language, clock) and when their daily digest goes: the next working morning of
their side, skipping its weekend and public holidays."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import current_app
from sqlalchemy import select

from ..catalog.models import Holiday
from ..extensions import db
from ..l10n.locales import LANGS, LANGUAGES
from ..l10n.timezones import local_to_utc, to_zone

COUNTRY_LANG = {"IR": "fa", "IQ": "ar"}


def lang_of_user(user) -> str:
    """The language the person chose, else their side's, else the installation's default."""
    if user.locale in LANGS:
        return user.locale
    side = user.side
    if side is not None and side.country_code in COUNTRY_LANG:
        return COUNTRY_LANG[side.country_code]
    default = current_app.config.get("DEFAULT_LANGUAGE", "fa")
    return default if default in LANGS else "fa"


def tz_of_user(user) -> str:
    if user.timezone:
        return user.timezone
    if user.side is not None:
        return user.side.timezone
    return LANGUAGES[lang_of_user(user)].timezone or current_app.config.get("DEFAULT_TIMEZONE", "Asia/Tehran")


def quiet_days(side, start, days: int) -> set:
    """The side's weekend days and holidays among `days` days from `start`."""
    if side is None:
        return set()
    end = start + timedelta(days=days)
    holidays = set(db.session.scalars(select(Holiday.day).where(Holiday.side_id == side.id,
                                                                Holiday.day >= start, Holiday.day <= end)))
    return {start + timedelta(days=n) for n in range(days + 1)
            if (start + timedelta(days=n)).weekday() in side.weekend} | holidays


def next_digest_at(user, now: datetime) -> datetime:
    """The next DIGEST_HOUR o'clock on the recipient's clock that falls on a working day of their side."""
    tz = tz_of_user(user)
    hour = int(current_app.config.get("NOTIFY_DIGEST_HOUR", 7))
    local = to_zone(now, tz)
    first = local.date() if local.hour < hour else local.date() + timedelta(days=1)
    quiet = quiet_days(user.side, first, 30)
    candidate = first
    while candidate in quiet and candidate < first + timedelta(days=30):
        candidate += timedelta(days=1)
    return local_to_utc(candidate, time(hour, 0), tz)
