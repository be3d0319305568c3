"""What comes next on both sides, for the home page: courses starting and meetings, a few of each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from ..courses.models import Course
from ..extensions import db
from ..l10n.timezones import utcnow
from ..meetings.models import Meeting

HORIZON_DAYS = 60
LIMIT = 6
# Statuses of courses that will really start (a draft or a proposal may never happen).
STARTING = ("approved", "scheduled")


@dataclass
class Event:
    when: date | datetime
    kind: str  # "course" or "meeting"
    record: object


def upcoming(today: date, *, can_see_courses: bool, can_see_meetings: bool) -> list[Event]:
    """The next events within HORIZON_DAYS, soonest first; two queries whatever the data."""
    events: list[Event] = []
    if can_see_courses:
        courses = db.session.scalars(
            select(Course).where(Course.status.in_(STARTING), Course.start_date >= today,
                                 Course.start_date <= today + timedelta(days=HORIZON_DAYS))
            .order_by(Course.start_date, Course.id).limit(LIMIT)
        ).all()
        events += [Event(c.start_date, "course", c) for c in courses]
    if can_see_meetings:
        now = utcnow()
        meetings = db.session.scalars(
            select(Meeting).where(Meeting.starts_at >= now,
                                  Meeting.starts_at <= now + timedelta(days=HORIZON_DAYS))
            .order_by(Meeting.starts_at, Meeting.id).limit(LIMIT)
        ).all()
        events += [Event(m.starts_at, "meeting", m) for m in meetings]
    events.sort(key=lambda e: (e.when.date() if isinstance(e.when, datetime) else e.when))
    return events[:LIMIT]
