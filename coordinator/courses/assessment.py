"""Assessment and completion: scores against the pass marks, attendance against the minimum, finalising.

Plain functions: they check permission, flush and never commit (the request commits once).
"""


from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import select

from ..db import utcnow
from ..errors import ConflictError, TransitionError, ValidationFailed
from ..extensions import db
from ..l10n.digits import Shown
from ..l10n.locales import current_lang
from ..l10n.numbers import format_number, format_percent
from . import clock, labels
from .attendance import AttendanceFigure, StaleRowsError, attendance_book, stale_rows
from .enrolment import ordered, place_holders, require_manage, require_score
from .models import Course, Enrolment

ASSESSMENT_STATUSES = ("running", "completed")
MAX_SCORE = Decimal(100)
SCORE_PLACES = 2


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
    def pending(self) -> bool:
        """No score entered yet: neither passed nor failed (the grid said "failed" for everyone before)."""
        return self.enrolment.theory_score is None and self.enrolment.practice_score is None

    @property
    def result_label(self):
        key = "pending" if self.pending else "passed" if self.passed else "failed"
        return labels.result(key, self.enrolment.trainee.gender)

    @property
    def completion_label(self):
        if self.pending:
            return labels.result("pending", self.enrolment.trainee.gender)
        return labels.result("completes" if self.completed else "does_not_complete", self.enrolment.trainee.gender)

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
    require_score(user, course)
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
    stale = stale_rows(rows, changed, versions)
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
    require_manage(user, course)
    if course.status not in ASSESSMENT_STATUSES:
        raise TransitionError(_l("Results are finalised for running and completed courses only."))
    clock.check_finalise(course, clock.host_now(course, today))
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
        stale = stale_rows(rows, set(rows), versions)
        if stale:
            raise StaleRowsError(stale)
    # Enrolment.certificate is declared by the certificates area (a backref), so courses need not import it.
    certified = set(db.session.scalars(select(Enrolment.id).where(
        Enrolment.id.in_(rows), Enrolment.certificate.has(revoked_at=None))))
    for result in results:
        if result.enrolment.id in certified and not result.completed:
            raise ConflictError(_l("%(name)s holds a certificate but would no longer complete the course: "
                                   "revoke the certificate first.", name=result.enrolment.trainee.name))
    for result in results:
        result.enrolment.status = result.status
    course.results_final_at = utcnow()  # trainers' scores are locked from now on
    db.session.flush()
    return results


def completed_enrolments(course: Course) -> list[Enrolment]:
    """The enrolments that completed the course: the ones a certificate may be issued for."""
    return list(db.session.scalars(ordered(
        select(Enrolment).where(Enrolment.course_id == course.id, Enrolment.status == "completed"))))
