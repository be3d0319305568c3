"""A course's timetable: sessions in the host side's clock and calendar, with weekend and holiday warnings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from ..catalog.models import Holiday
from ..db import check_version
from ..errors import ConflictError, TransitionError, ValidationFailed
from ..extensions import db
from ..l10n.locales import pick
from ..l10n.timezones import local_to_utc
from .models import SESSION_KINDS, Attendance, Course, CourseSession

TIMETABLE_STATUSES = ("draft", "proposed", "approved", "scheduled", "running")
MAX_SESSIONS = 400
# The programme's norm: at least this share of a course's hours is practice.
PRACTICAL_NORM = 70


def _check(course: Course, user) -> None:
    if course.status not in TIMETABLE_STATUSES:
        raise TransitionError(_l("The timetable of a completed or cancelled course cannot change."))


def _kind(kind: str | None) -> str:
    if kind is None:
        return "mixed"
    if kind not in SESSION_KINDS:
        raise ValidationFailed(_l("Choose theory, practice or both."), field="kind")
    return kind


def _session(course: Course, day: date, start: time, end: time, topic: str, kind: str | None = None,
             room: str = "") -> CourseSession:
    tz = course.host_side.timezone
    # Appended through the course, so the session joins the database session with it.
    session = CourseSession(day=day, start_time=start, end_time=end, topic=(topic or "")[:200], kind=_kind(kind),
                            room=(room or "").strip()[:100],
                            starts_at=local_to_utc(day, start, tz), ends_at=local_to_utc(day, end, tz))
    course.sessions.append(session)
    return session


def _validate_times(start: time, end: time) -> None:
    if end <= start:
        raise ValidationFailed(_l("A session must end after it starts."), field="end_time")


def _check_slot(course: Course, day: date, start: time, end: time, other_than: CourseSession | None = None) -> None:
    _validate_times(start, end)
    if not course.start_date <= day <= course.end_date:
        raise ValidationFailed(_l("The session must fall within the course dates."), field="day")
    tz = course.host_side.timezone
    starts, ends = local_to_utc(day, start, tz), local_to_utc(day, end, tz)
    if any(s is not other_than and s.starts_at < ends and starts < s.ends_at for s in course.sessions):
        raise ConflictError(_l("This session overlaps another session of the course."), field="start_time")


def add_session(course: Course, user, day: date, start: time, end: time, topic: str = "", kind: str | None = None,
                room: str = "") -> CourseSession:
    _check(course, user)
    _check_slot(course, day, start, end)
    session = _session(course, day, start, end, topic, kind, room)
    db.session.flush()
    return session


def update_session(course: Course, session: CourseSession, user, values: dict, version) -> CourseSession:
    """Change a session's day, hours, room, kind or topic; a session with attendance keeps its day."""
    _check(course, user)
    check_version(session, version)
    day, start, end = values["day"], values["start_time"], values["end_time"]
    _check_slot(course, day, start, end, other_than=session)
    if day != session.day and db.session.scalar(
            select(Attendance.id).where(Attendance.session_id == session.id).limit(1)):
        raise ConflictError(_l("Attendance has been recorded for this session: it keeps its day."), field="day")
    tz = course.host_side.timezone
    session.day, session.start_time, session.end_time = day, start, end
    session.starts_at, session.ends_at = local_to_utc(day, start, tz), local_to_utc(day, end, tz)
    session.kind = _kind(values.get("kind"))
    session.room = (values.get("room") or "").strip()[:100]
    session.topic = (values.get("topic") or "").strip()[:200]
    db.session.flush()
    return session


def add_weekly_sessions(course: Course, user, weekdays, start: time, end: time, topic: str = "",
                        skip_days_off: bool = True, kind: str | None = None, room: str = "") -> list[CourseSession]:
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
            created.append(_session(course, day, start, end, topic, kind, room))
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


def holidays(course: Course) -> dict[date, object]:
    """Day → the holiday's names (name_fa, name_ar, name_en): read as columns, nothing else of it is shown."""
    rows = db.session.execute(select(Holiday.day, Holiday.name_fa, Holiday.name_ar, Holiday.name_en).where(
        Holiday.side_id == course.host_side_id, Holiday.day.between(course.start_date, course.end_date),
        # A closure of another centre of the side is not a day off here.
        or_(Holiday.centre_id.is_(None), Holiday.centre_id == course.host_centre_id),
    ))
    return {row.day: row for row in rows}


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
            found[session.id] = _l("Public holiday: %(name)s", name=pick(named[session.day]))
        elif session.day.weekday() in weekend:
            found[session.id] = _l("Weekend at the host side")
    return found


@dataclass(frozen=True)
class Hours:
    """Planned against scheduled hours, and the practical share of the scheduled ones."""

    planned: int
    scheduled: Decimal
    practice: Decimal  # practice sessions, plus mixed ones in the planned proportion

    @property
    def scheduled_shown(self) -> int | Decimal:
        """Whole hours as such (140, not 1.4E+2 or 140.00); else one decimal place."""
        whole = self.scheduled.to_integral_value()
        return int(whole) if whole == self.scheduled else self.scheduled.quantize(Decimal("0.1"))

    @property
    def share(self) -> int | None:
        return int(self.practice * 100 / self.scheduled) if self.scheduled else None

    @property
    def over_plan(self) -> bool:
        return self.scheduled > self.planned

    @property
    def below_norm(self) -> bool:
        return self.share is not None and self.share < PRACTICAL_NORM


def scheduled_hours(course: Course) -> Hours:
    """Sum the timetable. A "theory and practice" session counts towards practice in the share the course
    plans (a 4-hour mixed session of a 30/70 course gives 2.8 practice hours)."""
    planned_share = (Decimal(course.practice_hours or 0) / course.total_hours) if course.total_hours else Decimal(0)
    scheduled = practice = Decimal(0)
    for session in course.sessions:
        hours = session.hours
        scheduled += hours
        if session.kind == "practice":
            practice += hours
        elif session.kind == "mixed":
            practice += hours * planned_share
    return Hours(course.total_hours, scheduled, practice)
