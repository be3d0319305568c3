"""Attendance: the grid of trainees × sessions held, saved at once, and each trainee's attendance figure.

Plain functions: they check permission, flush and never commit (the request commits once).
"""


from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Integer, String, cast, func, null, select, union_all
from sqlalchemy.orm import defaultload, lazyload, load_only

from ..db import check_version, utcnow
from ..errors import StaleEditError, TransitionError, ValidationFailed
from ..extensions import db
from ..l10n.digits import Shown
from ..trainees.models import Trainee
from ..viewer import ShownDay
from . import (
    clock,
    enrolment,  # a module, not names: enrolment imports this module back
)
from .models import ATTENDANCE, Attendance, Course, CourseSession, Enrolment

# A scheduled course may record attendance of sessions already held (a course started late in the app).
ATTENDANCE_STATUSES = ("scheduled", "running", "completed")
# Excused absences are recorded as such but do NOT count as attended: the minimum attendance is the share of
# the training a certificate vouches the trainee received, and its tolerance (100 − minimum) is the allowance
# for absences of any kind. Counting excused sessions as attended (or leaving them out of the count) would
# let someone excused for most of the course complete it. One switch, should the programme decide otherwise.
EXCUSED_COUNTS_AS_ATTENDED = False


@dataclass(frozen=True)
class AttendanceFigure:
    """One trainee's record over the sessions held so far."""

    held: int
    present: int = 0
    excused: int = 0
    absent: int = 0

    @property
    def unmarked(self) -> int:
        return max(self.held - self.present - self.excused - self.absent, 0)

    @property
    def attended(self) -> int:
        return self.present + (self.excused if EXCUSED_COUNTS_AS_ATTENDED else 0)

    @property
    def percent(self) -> int | None:
        """Whole percent, rounded down: 79.9 shows as 79, so what is shown never passes a minimum the
        exact figure misses (minimums are whole percents)."""
        return self.attended * 100 // self.held if self.held else None


@dataclass
class AttendanceBook:
    held: int
    counts: dict[int, Counter] = field(default_factory=dict)

    def of(self, enrolment_id: int) -> AttendanceFigure:
        c = self.counts.get(enrolment_id, Counter())
        return AttendanceFigure(self.held, c["present"], c["excused"], c["absent"])


def attendance_book(course: Course, today: date | None = None, now: datetime | None = None) -> AttendanceBook:
    """Attendance figures of every trainee of the course in two queries."""
    # Sessions that have begun (on the host centre's clock) are held and can be marked; later ones cannot.
    now = clock.host_now(course, today, now)
    held_sessions = (CourseSession.course_id == course.id, CourseSession.starts_at <= now)
    # One query: the sessions held (the row without an enrolment), then the marks of each enrolment by kind.
    rows = db.session.execute(union_all(
        select(cast(null(), Integer), cast(null(), String), func.count()).select_from(CourseSession)
        .where(*held_sessions),
        select(Attendance.enrolment_id, Attendance.status, func.count())
        .join(CourseSession, Attendance.session_id == CourseSession.id).where(*held_sessions)
        .group_by(Attendance.enrolment_id, Attendance.status),
    )).all()
    held = 0
    counts: dict[int, Counter] = {}
    for enrolment_id, status, number in rows:
        if enrolment_id is None:
            held = number or 0
        else:
            counts.setdefault(enrolment_id, Counter())[status] = number
    return AttendanceBook(held, counts)


@dataclass
class AttendanceGrid:
    rows: list[Enrolment]
    sessions: list[CourseSession]
    markable: set[int]  # ids of sessions held so far
    marks: dict[tuple[int, int], str]  # (enrolment id, session id) → status
    book: AttendanceBook


def attendance_grid(course: Course, today: date | None = None, now: datetime | None = None) -> AttendanceGrid:
    now = clock.host_now(course, today, now)
    # enrolment.place_holders, with of each trainee only the name and gender the sheet shows (not the target
    # groups, the side or the rest of the record).
    rows = list(db.session.scalars(enrolment.ordered(select(Enrolment).where(
        Enrolment.course_id == course.id, Enrolment.status.in_(enrolment.PLACE_HOLDING)))
        .options(defaultload(Enrolment.trainee).options(
            load_only(Trainee.name_fa, Trainee.name_ar, Trainee.name_en, Trainee.gender),
            lazyload(Trainee.target_groups), lazyload(Trainee.side)))))
    sessions = list(db.session.scalars(select(CourseSession).where(CourseSession.course_id == course.id)
                                       .order_by(CourseSession.starts_at)))
    marks = dict(((e, s), status) for e, s, status in db.session.execute(
        select(Attendance.enrolment_id, Attendance.session_id, Attendance.status)
        .join(Enrolment, Attendance.enrolment_id == Enrolment.id).where(Enrolment.course_id == course.id)))
    begun = {s.id for s in sessions if s.starts_at <= now}
    return AttendanceGrid(rows, sessions, begun, marks, _book_of(marks, begun))


def _book_of(marks: dict[tuple[int, int], str], held: set[int]) -> AttendanceBook:
    """attendance_book's figures from the grid's own sessions and marks, without querying them again."""
    counts: dict[int, Counter] = {}
    for (enrolment_id, session_id), status in marks.items():
        if session_id in held:
            counts.setdefault(enrolment_id, Counter())[status] += 1
    return AttendanceBook(len(held), counts)


def stale_rows(rows: dict[int, Enrolment], changed: set[int], versions: dict) -> list[int]:
    stale = []
    for enrolment_id in sorted(changed):
        try:
            check_version(rows[enrolment_id], versions.get(enrolment_id))
        except StaleEditError:
            stale.append(enrolment_id)
    return stale


class StaleRowsError(StaleEditError):
    """Rows of a grid changed by someone else after the grid was opened; `rows` holds their enrolment ids."""

    def __init__(self, rows: list[int]):
        super().__init__(_l("Someone else changed the marked rows after you opened this page. Nothing was saved: "
                            "check them, then save again to keep what the page now shows."))
        self.rows = rows


def touch(enrolments) -> None:
    # A change to a row's cells raises the enrolment's version, so a grid opened before it is stale.
    now = utcnow()
    for row in enrolments:
        row.updated_at = now


def save_attendance(course: Course, user, cells: dict[tuple[int, int], str | None], versions: dict,
                    today: date | None = None, now: datetime | None = None) -> int:
    """Save a whole attendance grid at once: every cell is checked before anything changes.

    cells: (enrolment id, session id) → "present" / "absent" / "excused", or None to clear the mark;
    versions: enrolment id → the version the grid was opened at (checked for the rows that change).
    Returns how many cells changed.
    """
    enrolment.require_mark(user, course)
    if course.status not in ATTENDANCE_STATUSES:
        raise TransitionError(_l("Attendance is recorded for scheduled, running and completed courses only."))
    grid = attendance_grid(course, today, now)
    rows = {e.id: e for e in grid.rows}
    sessions = {s.id: s for s in grid.sessions}
    for (_enrolment_id, session_id), value in cells.items():
        future = sessions.get(session_id)
        if future is not None and session_id not in grid.markable and value is not None:
            raise ValidationFailed(_l("The session of %(day)s at %(time)s has not begun yet: its attendance is "
                                      "recorded once it has. Nothing was saved.", day=ShownDay(future.day),
                                      time=Shown(f"{future.start_time:%H:%M}")))
    for (enrolment_id, session_id), value in cells.items():
        if enrolment_id not in rows or session_id not in grid.markable or (value is not None
                                                                          and value not in ATTENDANCE):
            raise ValidationFailed(_l("The attendance sheet holds cells of other courses, of sessions not yet "
                                      "held or values that are not allowed. Nothing was saved."))
    changes = {key: value for key, value in cells.items() if grid.marks.get(key) != value}
    changed_rows = {enrolment_id for enrolment_id, _session in changes}
    stale = stale_rows(rows, changed_rows, versions)
    if stale:
        raise StaleRowsError(stale)
    existing = {(a.enrolment_id, a.session_id): a for a in db.session.scalars(
        select(Attendance).where(Attendance.enrolment_id.in_(changed_rows)))}
    for (enrolment_id, session_id), value in changes.items():
        record = existing.get((enrolment_id, session_id))
        if value is None:
            db.session.delete(record)
        elif record is None:
            db.session.add(Attendance(enrolment_id=enrolment_id, session_id=session_id, status=value))
        else:
            record.status = value
    touch(rows[i] for i in changed_rows)
    db.session.flush()
    return len(changes)


# Assessment and completion ---------------------------------------------------------------------------------
