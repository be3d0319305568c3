"""Periods people ask for by name, in the viewer's calendar: this month, this quarter, this year (each up to
today), and since the last meeting (of a series, or of any). A Persian viewer's month, quarter and year are
Solar Hijri (a quarter is a season: Farvardin–Khordad, ...); Arabic and English viewers' are Gregorian."""

from __future__ import annotations

from datetime import date, timedelta

import jdatetime
from sqlalchemy import select

from ..extensions import db
from ..l10n.timezones import utcnow
from ..meetings.models import Meeting
from .meetings import meeting_day


def _first_day(today: date, lang: str, months: int | None) -> date:
    """The first day of today's month (months=1), quarter (3) or year (None) in the viewer's calendar."""
    if lang == "fa":
        j = jdatetime.date.fromgregorian(date=today)
        month = 1 if months is None else (j.month - 1) // months * months + 1
        return jdatetime.date(j.year, month, 1).togregorian()
    month = 1 if months is None else (today.month - 1) // months * months + 1
    return date(today.year, month, 1)


def this_month(today: date, lang: str) -> tuple[date, date]:
    return _first_day(today, lang, 1), today


def this_quarter(today: date, lang: str) -> tuple[date, date]:
    return _first_day(today, lang, 3), today


def this_year(today: date, lang: str) -> tuple[date, date]:
    return _first_day(today, lang, None), today


def since_last_meeting(today: date, series_id: int | None = None) -> tuple[date, date] | None:
    """From the day after the latest meeting held (not a draft, started by now), of the series if one is
    named, to today; None when there is none, or when it was held today (nothing since yet)."""
    stmt = select(Meeting).where(Meeting.status != "draft", Meeting.starts_at <= utcnow())
    if series_id is not None:
        stmt = stmt.where(Meeting.series_id == series_id)
    meeting = db.session.scalars(stmt.order_by(Meeting.starts_at.desc(), Meeting.id.desc()).limit(1)).first()
    if meeting is None:
        return None
    start = meeting_day(meeting) + timedelta(days=1)
    return (start, today) if start <= today else None
