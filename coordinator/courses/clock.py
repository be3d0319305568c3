"""The course's own calendar: what may happen when, on the host side's clock.

A course starts on its first session's day, completes once its last session has ended, records attendance
only for sessions that have begun. Every rule reads "now" from one place, so a test (or a caller that speaks
of another moment) passes `now`; `today` alone means "at the end of that day at the host centre".
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..errors import TransitionError
from ..extensions import db
from ..l10n import timezones
from ..l10n.digits import Shown
from ..viewer import ShownDay, side_today
from .models import Course, CourseSession


class TooEarly(TransitionError):
    """A step the calendar does not allow yet; a second person of the host side may override it."""

    overridable = True


def host_now(course: Course, today: date | None = None, now: datetime | None = None) -> datetime:
    """The moment the rules judge by: `now`, else the last instant of `today` at the host, else the real now."""
    if now is not None:
        return timezones.as_utc(now)
    if today is not None:
        return timezones.local_to_utc(today + timedelta(days=1), time(0), course.host_side.timezone) \
            - timedelta(microseconds=1)
    return timezones.utcnow()


def host_today(course: Course, now: datetime | None = None) -> date:
    return side_today(course.host_side, now)


def first_session(course: Course) -> CourseSession | None:
    return db.session.scalar(select(CourseSession).where(CourseSession.course_id == course.id)
                             .order_by(CourseSession.starts_at).limit(1))


def last_session(course: Course) -> CourseSession | None:
    return db.session.scalar(select(CourseSession).where(CourseSession.course_id == course.id)
                             .order_by(CourseSession.ends_at.desc()).limit(1))


def last_end(course: Course) -> datetime | None:
    return db.session.scalar(select(func.max(CourseSession.ends_at)).where(CourseSession.course_id == course.id))


def check_start(course: Course, now: datetime | None = None) -> None:
    """A course starts on the day of its first session at the host centre, not before."""
    first = first_session(course)
    if first is None:
        raise TransitionError(_l("The course has no session in its timetable: add them before starting it."))
    today = host_today(course, host_now(course, now=now))
    if today < first.day:
        raise TooEarly(_l("The course can start on %(day)s, the day of its first session; today at the host "
                          "centre is %(today)s.", day=ShownDay(first.day), today=ShownDay(today)))


def ended(course: Course, now: datetime | None = None) -> bool:
    """Has the last session of the course ended (a course without sessions has nothing left to hold)?"""
    end = last_end(course)
    return end is None or timezones.as_utc(end) <= host_now(course, now=now)


def check_complete(course: Course, now: datetime | None = None) -> None:
    """A course is completed once its last session has ended at the host centre."""
    last = last_session(course)
    if last is not None and timezones.as_utc(last.ends_at) > host_now(course, now=now):
        raise TooEarly(_l("The last session of the course ends on %(day)s at %(time)s (host centre's clock): "
                          "it can be completed after that.", day=ShownDay(last.day),
                          time=Shown(f"{last.end_time:%H:%M}")))


def check_finalise(course: Course, now: datetime | None = None) -> None:
    """Results are final once the course is completed, or its last session has ended."""
    if course.status != "completed":
        check_complete(course, now)
