"""A course's timetable: sessions in the host side's clock and calendar, with weekend and holiday warnings."""

from __future__ import annotations

from datetime import date, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from ..auth.permissions import can
from ..catalog.models import Holiday
from ..errors import ConflictError, PermissionDenied, TransitionError, ValidationFailed
from ..extensions import db
from ..l10n.timezones import local_to_utc
from .models import Attendance, Course, CourseSession

TIMETABLE_STATUSES = ("draft", "proposed", "approved", "scheduled", "running")
MAX_SESSIONS = 400


def _check(course: Course, user) -> None:
    if not can(user, "course.manage", course):
        raise PermissionDenied()
    if course.status not in TIMETABLE_STATUSES:
        raise TransitionError(_l("The timetable of a completed or cancelled course cannot change."))


def _session(course: Course, day: date, start: time, end: time, topic: str) -> CourseSession:
    tz = course.host_side.timezone
    # Appended through the course, so the session joins the database session with it.
    session = CourseSession(day=day, start_time=start, end_time=end, topic=(topic or "")[:200],
                            starts_at=local_to_utc(day, start, tz), ends_at=local_to_utc(day, end, tz))
    course.sessions.append(session)
    return session


def _validate_times(start: time, end: time) -> None:
    if end <= start:
        raise ValidationFailed(_l("A session must end after it starts."), field="end_time")


def add_session(course: Course, user, day: date, start: time, end: time, topic: str = "") -> CourseSession:
    _check(course, user)
    _validate_times(start, end)
    if not course.start_date <= day <= course.end_date:
        raise ValidationFailed(_l("The session must fall within the course dates."), field="day")
    tz = course.host_side.timezone
    starts, ends = local_to_utc(day, start, tz), local_to_utc(day, end, tz)
    if any(s.starts_at < ends and starts < s.ends_at for s in course.sessions):
        raise ConflictError(_l("This session overlaps another session of the course."), field="start_time")
    session = _session(course, day, start, end, topic)
    db.session.flush()
    return session


def add_weekly_sessions(course: Course, user, weekdays, start: time, end: time, topic: str = "",
                        skip_days_off: bool = True) -> list[CourseSession]:
    """One session on each chosen weekday between the course dates; days off are skipped if asked."""
    _check(course, user)
    _validate_times(start, end)
    weekdays = {int(d) for d in weekdays}
    if not weekdays:
        raise ValidationFailed(_l("Choose at least one weekday."), field="weekdays")
    off = days_off(course) if skip_days_off else set()
    taken = {s.day for s in course.sessions}
    created = []
    day = course.start_date
    while day <= course.end_date:
        if day.weekday() in weekdays and day not in off and day not in taken:
            created.append(_session(course, day, start, end, topic))
        day += timedelta(days=1)
    if len(course.sessions) > MAX_SESSIONS:
        raise ValidationFailed(_l("A course may have at most %(count)s sessions.", count=MAX_SESSIONS),
                               field="weekdays")
    db.session.flush()
    return created


def delete_session(course: Course, session: CourseSession, user) -> None:
    _check(course, user)
    if db.session.scalar(select(Attendance.id).where(Attendance.session_id == session.id).limit(1)):
        raise ConflictError(_l("Attendance has been recorded for this session; it cannot be deleted."))
    course.sessions.remove(session)
    db.session.delete(session)
    db.session.flush()


def holidays(course: Course) -> dict[date, Holiday]:
    rows = db.session.scalars(select(Holiday).where(
        Holiday.side_id == course.host_side_id, Holiday.day.between(course.start_date, course.end_date),
        # A closure of another centre of the side is not a day off here.
        or_(Holiday.centre_id.is_(None), Holiday.centre_id == course.host_centre_id),
    ))
    return {h.day: h for h in rows}


def days_off(course: Course) -> set[date]:
    weekend = set(course.host_side.weekend)
    off = set(holidays(course))
    day = course.start_date
    while day <= course.end_date:
        if day.weekday() in weekend:
            off.add(day)
        day += timedelta(days=1)
    return off


def warnings(course: Course) -> dict[int, object]:
    """Session id → why that day is a day off at the host (weekend or the holiday's name)."""
    weekend = set(course.host_side.weekend)
    named = holidays(course)
    found = {}
    for session in course.sessions:
        if session.day in named:
            found[session.id] = _l("Public holiday: %(name)s", name=named[session.day].name)
        elif session.day.weekday() in weekend:
            found[session.id] = _l("Weekend at the host side")
    return found
