"""Enrolment rules: capacity and the waiting list, withdrawal, attendance, assessment and completion.

Plain functions: they check permission, flush and never commit (the request commits once).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import lazyload

from ..auth.permissions import can
from ..db import check_version, utcnow
from ..errors import ConflictError, PermissionDenied, StaleEditError, TransitionError, ValidationFailed
from ..extensions import db
from ..l10n.folding import like_pattern
from ..l10n.locales import Shown, current_lang
from ..l10n.numbers import format_number, format_percent
from . import services as course_services  # module, not names: services may import this module back
from .models import Course, CourseSession
from .trainee_models import ATTENDANCE, Attendance, Certificate, Enrolment, Trainee

ENROL_STATUSES = ("proposed", "approved", "scheduled", "running")
# A scheduled course may record attendance of sessions already held (a course started late in the app).
ATTENDANCE_STATUSES = ("scheduled", "running", "completed")
ASSESSMENT_STATUSES = ("running", "completed")
CLOSED_STATUSES = ("completed", "cancelled")
# Enrolments holding a place: taught, marked and assessed (the same set services.enrolled_count counts).
PLACE_HOLDING = ("enrolled", "completed", "not_completed")
# Excused absences are recorded as such but do NOT count as attended: the minimum attendance is the share of
# the training a certificate vouches the trainee received, and its tolerance (100 − minimum) is the allowance
# for absences of any kind. Counting excused sessions as attended (or leaving them out of the count) would
# let someone excused for most of the course complete it. One switch, should the programme decide otherwise.
EXCUSED_COUNTS_AS_ATTENDED = False
MAX_SCORE = Decimal(100)
SCORE_PLACES = 2
PICKER_LIMIT = 50


def _require_manage(user, course: Course) -> None:
    if not can(user, "course.manage", course):
        raise PermissionDenied()


def _lock(course: Course) -> None:
    """Serialise capacity decisions on one course (a row lock on PostgreSQL; SQLite has one writer anyway)."""
    db.session.execute(select(Course.id).where(Course.id == course.id).with_for_update())


def host_today(course: Course) -> date:
    """Today at the host centre: sessions up to this day have been held and can be marked."""
    return datetime.now(ZoneInfo(course.host_side.timezone)).date()


# Roster ---------------------------------------------------------------------------------------------------


def _ordered(stmt):
    # The waiting list is first come, first served; the id breaks ties between requests of the same instant.
    # The rows share the course the caller already holds: no joining it (and its collections) again.
    return stmt.options(lazyload(Enrolment.course)).order_by(Enrolment.requested_at, Enrolment.id)


def place_holders(course: Course) -> list[Enrolment]:
    """The trainees holding a place (enrolled, or already finalised), in the order they asked."""
    return list(db.session.scalars(_ordered(
        select(Enrolment).where(Enrolment.course_id == course.id, Enrolment.status.in_(PLACE_HOLDING)))))


def waiting_list(course: Course, limit: int | None = None) -> list[Enrolment]:
    """The waiting list in order: position 1 is the next to get a place."""
    stmt = _ordered(select(Enrolment).where(Enrolment.course_id == course.id, Enrolment.status == "waiting"))
    return list(db.session.scalars(stmt.limit(limit) if limit is not None else stmt))


def waiting_position(enrolment: Enrolment) -> int | None:
    """1-based position on the course's waiting list; None when the trainee is not waiting."""
    if enrolment.status != "waiting":
        return None
    ahead = db.session.scalar(select(func.count()).select_from(Enrolment).where(
        Enrolment.course_id == enrolment.course_id, Enrolment.status == "waiting",
        or_(Enrolment.requested_at < enrolment.requested_at,
            and_(Enrolment.requested_at == enrolment.requested_at, Enrolment.id < enrolment.id)),
    ))
    return (ahead or 0) + 1


def free_places(course: Course) -> int:
    return max(course.capacity - course_services.enrolled_count(course), 0)


@dataclass
class Roster:
    """Everything the roster page shows, loaded in a fixed number of queries however long the lists are."""

    course: Course
    holding: list[Enrolment]
    waiting: list[tuple[int, Enrolment]]  # (position, enrolment)
    withdrawn: list[Enrolment]
    attendance: AttendanceBook

    @property
    def free(self) -> int:
        return max(self.course.capacity - len(self.holding), 0)


def roster(course: Course, today: date | None = None) -> Roster:
    # One query for every enrolment; the trainee (and its side) comes joined with each row.
    rows = db.session.scalars(_ordered(select(Enrolment).where(Enrolment.course_id == course.id))).all()
    waiting = [e for e in rows if e.status == "waiting"]
    return Roster(
        course=course,
        holding=[e for e in rows if e.status in PLACE_HOLDING],
        waiting=list(enumerate(waiting, start=1)),
        withdrawn=[e for e in rows if e.status == "withdrawn"],
        attendance=attendance_book(course, today),
    )


def trainee_choices(course: Course, query: str | None = None, limit: int = PICKER_LIMIT) -> tuple[list, bool]:
    """Trainees of either side (joint courses are open to both) not yet on the roster, matching a folded
    search; returns at most `limit` and whether there were more."""
    taken = select(Enrolment.trainee_id).where(Enrolment.course_id == course.id,
                                               Enrolment.status != "withdrawn")
    stmt = select(Trainee).where(Trainee.id.not_in(taken))
    if query:
        stmt = stmt.where(Trainee.search_key.like(like_pattern(query), escape="\\"))
    found = db.session.scalars(stmt.order_by(Trainee.search_key, Trainee.id).limit(limit + 1)).all()
    return list(found[:limit]), len(found) > limit


# Enrol, withdraw, promote -------------------------------------------------------------------------------


def enrol(course: Course, trainee: Trainee, user) -> Enrolment:
    """Give the trainee a place, or a place on the waiting list when the course is full (not an error).

    The returned enrolment's status says which; `waiting_position` says where on the list.
    """
    _require_manage(user, course)
    if course.status not in ENROL_STATUSES:
        raise TransitionError(_l(
            "Trainees can be enrolled while a course is proposed, approved, scheduled or running; "
            "this course is “%(status)s”.", status=course.status_label))
    _lock(course)
    enrolment = db.session.scalar(select(Enrolment).where(Enrolment.course_id == course.id,
                                                          Enrolment.trainee_id == trainee.id))
    if enrolment is not None and enrolment.status in ("enrolled", "waiting"):
        raise ConflictError(_l("%(name)s is already on this course's roster (%(status)s).",
                               name=trainee.name, status=enrolment.status_label), field="trainee_id")
    if enrolment is not None and enrolment.status != "withdrawn":
        raise ConflictError(_l("%(name)s has already finished this course.", name=trainee.name),
                            field="trainee_id")
    # Places freed earlier go to those already waiting before anyone new is considered.
    promote_waiting(course)
    # Counted before the new row joins the session (a query would flush it and count it).
    status = "enrolled" if free_places(course) > 0 else "waiting"
    if enrolment is None:
        # One row per trainee and course: someone who withdrew and comes back reuses theirs.
        enrolment = Enrolment(course_id=course.id, trainee=trainee, status=status, requested_at=utcnow())
        db.session.add(enrolment)
    else:
        enrolment.status = status
        enrolment.requested_at = utcnow()  # a returning trainee joins the end of the queue
    db.session.flush()
    return enrolment


def withdraw(enrolment: Enrolment, user, version) -> list[Enrolment]:
    """Withdraw an enrolled or waiting trainee; a freed place goes to the first on the waiting list.

    Returns the enrolments promoted from the waiting list.
    """
    course = enrolment.course
    _require_manage(user, course)
    check_version(enrolment, version)
    if enrolment.status not in ("enrolled", "waiting"):
        raise TransitionError(_l("Only an enrolled or waiting trainee can be withdrawn; this one is “%(status)s”.",
                                 status=enrolment.status_label))
    if course.status in CLOSED_STATUSES:
        raise TransitionError(_l("The roster of a completed or cancelled course cannot change."))
    _lock(course)
    enrolment.status = "withdrawn"
    db.session.flush()
    return promote_waiting(course)


def promote_waiting(course: Course) -> list[Enrolment]:
    """Fill the course's free places from its waiting list, first come first served; returns those promoted.

    `withdraw` and `enrol` call it themselves. The course-edit service should call it after an edit that
    raises the capacity (it checks no permission: the caller has). A completed or cancelled course keeps
    its list as it is.
    """
    if course.status in CLOSED_STATUSES:
        return []
    _lock(course)
    free = free_places(course)
    if free <= 0:
        return []
    promoted = waiting_list(course, limit=free)
    for enrolment in promoted:
        enrolment.status = "enrolled"
    db.session.flush()
    return promoted


# Attendance ----------------------------------------------------------------------------------------------


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


def attendance_book(course: Course, today: date | None = None) -> AttendanceBook:
    """Attendance figures of every trainee of the course in two queries."""
    today = today or host_today(course)
    held = db.session.scalar(select(func.count()).select_from(CourseSession).where(
        CourseSession.course_id == course.id, CourseSession.day <= today)) or 0
    rows = db.session.execute(
        select(Attendance.enrolment_id, Attendance.status, func.count())
        .join(CourseSession, Attendance.session_id == CourseSession.id)
        .where(CourseSession.course_id == course.id, CourseSession.day <= today)
        .group_by(Attendance.enrolment_id, Attendance.status)
    ).all()
    counts: dict[int, Counter] = {}
    for enrolment_id, status, number in rows:
        counts.setdefault(enrolment_id, Counter())[status] = number
    return AttendanceBook(held, counts)


@dataclass
class AttendanceGrid:
    rows: list[Enrolment]
    sessions: list[CourseSession]
    markable: set[int]  # ids of sessions held so far
    marks: dict[tuple[int, int], str]  # (enrolment id, session id) → status
    book: AttendanceBook


def attendance_grid(course: Course, today: date | None = None) -> AttendanceGrid:
    today = today or host_today(course)
    rows = place_holders(course)
    sessions = list(db.session.scalars(select(CourseSession).where(CourseSession.course_id == course.id)
                                       .order_by(CourseSession.starts_at)))
    marks = dict(((e, s), status) for e, s, status in db.session.execute(
        select(Attendance.enrolment_id, Attendance.session_id, Attendance.status)
        .join(Enrolment, Attendance.enrolment_id == Enrolment.id).where(Enrolment.course_id == course.id)))
    return AttendanceGrid(rows, sessions, {s.id for s in sessions if s.day <= today}, marks,
                          attendance_book(course, today))


def _stale_rows(rows: dict[int, Enrolment], changed: set[int], versions: dict) -> list[int]:
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


def _touch(enrolments) -> None:
    # A change to a row's cells raises the enrolment's version, so a grid opened before it is stale.
    now = utcnow()
    for enrolment in enrolments:
        enrolment.updated_at = now


def save_attendance(course: Course, user, cells: dict[tuple[int, int], str | None], versions: dict,
                    today: date | None = None) -> int:
    """Save a whole attendance grid at once: every cell is checked before anything changes.

    cells: (enrolment id, session id) → "present" / "absent" / "excused", or None to clear the mark;
    versions: enrolment id → the version the grid was opened at (checked for the rows that change).
    Returns how many cells changed.
    """
    _require_manage(user, course)
    if course.status not in ATTENDANCE_STATUSES:
        raise TransitionError(_l("Attendance is recorded for scheduled, running and completed courses only."))
    grid = attendance_grid(course, today)
    rows = {e.id: e for e in grid.rows}
    for (enrolment_id, session_id), value in cells.items():
        if enrolment_id not in rows or session_id not in grid.markable or (value is not None
                                                                          and value not in ATTENDANCE):
            raise ValidationFailed(_l("The attendance sheet holds cells of other courses, of sessions not yet "
                                      "held or values that are not allowed. Nothing was saved."))
    changes = {key: value for key, value in cells.items() if grid.marks.get(key) != value}
    changed_rows = {enrolment_id for enrolment_id, _session in changes}
    stale = _stale_rows(rows, changed_rows, versions)
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
    _touch(rows[i] for i in changed_rows)
    db.session.flush()
    return len(changes)


# Assessment and completion ---------------------------------------------------------------------------------


class _Pct:
    """A percentage put into a lazy message, formatted in the language the message is shown in."""

    def __init__(self, value):
        self.value = value

    def __str__(self) -> str:
        return format_percent(self.value, current_lang())


class _Num(_Pct):
    def __str__(self) -> str:
        return format_number(self.value, current_lang())


@dataclass
class Outcome:
    """What the rules say of one trainee: pass (both scores), completion (pass and attendance), and why not."""

    enrolment: Enrolment
    attendance: AttendanceFigure
    theory_passed: bool
    practice_passed: bool
    attendance_met: bool
    reasons: list = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.theory_passed and self.practice_passed

    @property
    def completed(self) -> bool:
        return self.passed and self.attendance_met

    @property
    def status(self) -> str:
        return "completed" if self.completed else "not_completed"


def _score_reason(score, mark, missing, below) -> list:
    if score is None:
        return [missing]
    return [] if score >= mark else [below]


def evaluate(course: Course, enrolment: Enrolment, figure: AttendanceFigure) -> Outcome:
    """Pass = theory ≥ its pass mark and practice ≥ its pass mark; completion = pass and attendance ≥ the
    course's minimum. A score exactly at the mark passes; attendance exactly at the minimum suffices."""
    theory, practice = enrolment.theory_score, enrolment.practice_score
    theory_mark, practice_mark = course.theory_pass_mark, course.practice_pass_mark
    reasons = []
    if figure.held == 0:
        attendance_met = False
        reasons.append(_l("No session has been held yet."))
    else:
        # Exact comparison (attended/held ≥ minimum/100), free of rounding.
        attendance_met = figure.attended * 100 >= course.min_attendance * figure.held
        if not attendance_met:
            reasons.append(_l("Attendance %(attended)s is below the minimum of %(minimum)s.",
                              attended=_Pct(figure.percent), minimum=_Pct(course.min_attendance)))
    reasons += _score_reason(
        theory, theory_mark, _l("No theory score."),
        _l("Theory score %(score)s is below the pass mark of %(mark)s.", score=_Num(theory), mark=_Num(theory_mark)))
    reasons += _score_reason(
        practice, practice_mark, _l("No practice score."),
        _l("Practice score %(score)s is below the pass mark of %(mark)s.", score=_Num(practice),
           mark=_Num(practice_mark)))
    return Outcome(enrolment, figure, theory is not None and theory >= theory_mark,
                   practice is not None and practice >= practice_mark, attendance_met, reasons)


def outcomes(course: Course, today: date | None = None) -> list[Outcome]:
    """The outcome of every trainee holding a place, from the scores and attendance saved so far."""
    book = attendance_book(course, today)
    return [evaluate(course, e, book.of(e.id)) for e in place_holders(course)]


def _check_score(value) -> None:
    if value is None:
        return
    # The range first: quantize() refuses numbers too large for the context.
    if (not isinstance(value, Decimal) or not value.is_finite() or not 0 <= value <= MAX_SCORE
            or value != value.quantize(Decimal(1).scaleb(-SCORE_PLACES))):
        raise ValidationFailed(_l("Scores are numbers from 0 to 100 with at most two decimal places. "
                                  "Nothing was saved."))


def save_scores(course: Course, user, scores: dict[int, tuple[Decimal | None, Decimal | None]],
                versions: dict) -> int:
    """Save the assessment grid at once: enrolment id → (theory score, practice score), None for "not yet".

    Every value is checked before anything changes; versions are checked for the rows that change.
    Returns how many rows changed.
    """
    _require_manage(user, course)
    if course.status not in ASSESSMENT_STATUSES:
        raise TransitionError(_l("Scores are entered for running and completed courses only."))
    rows = {e.id: e for e in place_holders(course)}
    for enrolment_id, pair in scores.items():
        if enrolment_id not in rows:
            raise ValidationFailed(_l("The assessment sheet holds trainees who are not enrolled in this course. "
                                      "Nothing was saved."))
        for value in pair:
            _check_score(value)
    changed = {i for i, (theory, practice) in scores.items()
               if (rows[i].theory_score, rows[i].practice_score) != (theory, practice)}
    stale = _stale_rows(rows, changed, versions)
    if stale:
        raise StaleRowsError(stale)
    for enrolment_id in changed:
        rows[enrolment_id].theory_score, rows[enrolment_id].practice_score = scores[enrolment_id]
    db.session.flush()
    return len(changed)


def finalise(course: Course, user, versions: dict | None = None, today: date | None = None) -> list[Outcome]:
    """Record each trainee holding a place as completed or not completed, by the rules of `evaluate`.

    Runs again after a correction. Refused while attendance of a held session is unrecorded (a blank is not
    an absence), and when it would take completion away from a trainee holding a valid certificate.
    versions: enrolment id → version the page showed (None: not checked, for callers without a page).
    """
    _require_manage(user, course)
    if course.status not in ASSESSMENT_STATUSES:
        raise TransitionError(_l("Results are finalised for running and completed courses only."))
    results = outcomes(course, today)
    if not results:
        raise TransitionError(_l("No trainee is enrolled in this course."))
    if results[0].attendance.held == 0:
        raise TransitionError(_l("No session of this course has been held yet."))
    blanks = sum(r.attendance.unmarked for r in results)
    if blanks:
        raise TransitionError(lazy_ngettext(
            "%(count)s attendance cell of the sessions held is blank: record it before finalising.",
            "%(count)s attendance cells of the sessions held are blank: record them before finalising.",
            blanks, count=Shown(blanks)))
    rows = {r.enrolment.id: r.enrolment for r in results}
    if versions is not None:
        stale = _stale_rows(rows, set(rows), versions)
        if stale:
            raise StaleRowsError(stale)
    certified = set(db.session.scalars(select(Certificate.enrolment_id).where(
        Certificate.enrolment_id.in_(rows), Certificate.revoked_at.is_(None))))
    for result in results:
        if result.enrolment.id in certified and not result.completed:
            raise ConflictError(_l("%(name)s holds a certificate but would no longer complete the course: "
                                   "revoke the certificate first.", name=result.enrolment.trainee.name))
    for result in results:
        result.enrolment.status = result.status
    db.session.flush()
    return results


def completed_enrolments(course: Course) -> list[Enrolment]:
    """The enrolments that completed the course: the ones a certificate may be issued for."""
    return list(db.session.scalars(_ordered(
        select(Enrolment).where(Enrolment.course_id == course.id, Enrolment.status == "completed"))))
