"""Assignment rules: who may assign a trainer to a course, the exchange workflow, re-checks of conflicts.

Services flush, never commit: the view commits once.
"""

from __future__ import annotations

from datetime import date, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..auth.permissions import can
from ..catalog.models import BorderCrossing
from ..courses.models import Course
from ..db import check_version
from ..errors import ConflictError, PermissionDenied, Problem, TransitionError, ValidationFailed
from ..extensions import db
from ..l10n.timezones import local_to_utc
from ..notifications.events import day, liaisons_of, names, raise_event, settle, users
from . import conflicts, visas
from .models import ASSIGNMENT_STATUSES, ROLES, Assignment, Trainer

# action → (statuses it may start from, status it leads to, permission it needs)
TRANSITIONS = {
    "accept": (("proposed",), "accepted", "assignment.answer"),
    "decline": (("proposed", "accepted"), "declined", "assignment.answer"),
    "confirm": (("accepted",), "confirmed", "assignment.confirm"),
    "travel": (("confirmed",), "travelled", "assignment.manage"),
    "complete": (("travelled",), "completed", "assignment.manage"),
    "cancel": (("proposed", "accepted", "confirmed"), "cancelled", "assignment.manage"),
}
ACTION_LABELS = {
    "accept": _l("Accept the assignment"),
    "decline": _l("Decline the assignment"),
    "confirm": _l("Confirm on behalf of the host side"),
    "travel": _l("Mark as travelled"),
    "complete": _l("Mark as completed"),
    "cancel": _l("Cancel the assignment"),
}
NEEDS_REASON = ("decline", "cancel")
STEP_EVENTS = {"accept": "assignment.accepted", "decline": "assignment.declined", "confirm": "assignment.confirmed"}
COURSE_STATUSES = ("proposed", "approved", "scheduled", "running")
EDITABLE = ("proposed", "accepted", "confirmed")
TEXT_FIELDS = ("accommodation", "transport", "skill_override")


class AssignmentConflict(ConflictError):
    """Refused by the conflict rules; every problem found is kept so the form can show them all."""

    listed = True

    def __init__(self, findings: list):
        first = findings[0]
        super().__init__(first.message, first.field)
        self.problems = [Problem(finding.field, finding.message) for finding in findings]


def tell(kind: str, assignment: Assignment, user, recipients, **data) -> None:
    raise_event(kind, assignment, recipients, actor=user,
                data={"course": names(assignment.course), "trainer": names(assignment.trainer),
                      "day": day(assignment.travel_out_at), **data},
                link=("exchanges.assignment_detail", {"assignment_id": assignment.id}))


# Who hears of each step: the trainer of a proposal and a confirmation; both sides' liaisons of an answer.
def _step_recipients(action: str, assignment: Assignment) -> list:
    trainer_user = users(assignment.trainer.user_id)
    if action == "confirm":
        return trainer_user + liaisons_of(assignment.trainer.side_id)
    if action in ("accept", "decline"):
        return liaisons_of(assignment.course.host_side_id, assignment.trainer.side_id)
    return []


def travel_instants(trainer: Trainer, out_day: date, out_time: time, back_day: date, back_time: time):
    """Travel dates and times as typed in the trainer's home clock → UTC instants."""
    tz = trainer.side.timezone
    return local_to_utc(out_day, out_time, tz), local_to_utc(back_day, back_time, tz)


def lock_trainer(trainer_id: int) -> None:
    """Serialise assignments of one trainer: two racing requests cannot both pass the overlap check."""
    db.session.execute(select(Trainer.id).where(Trainer.id == trainer_id).with_for_update())


def _clean(values: dict) -> dict:
    data = {key: (values.get(key) or "").strip()[:2000] for key in TEXT_FIELDS}
    role = values.get("role") or "lead"
    if role not in ROLES:
        raise ValidationFailed(_l("Choose the trainer's role."), field="role")
    data["role"] = role
    crossing_id = values.get("crossing_id") or None
    if crossing_id is not None:
        crossing = db.session.get(BorderCrossing, crossing_id)
        if crossing is None or not crossing.active:
            raise ValidationFailed(_l("Choose a border crossing from the list."), field="crossing_id")
    data["crossing_id"] = crossing_id
    data["travel_out_at"] = values.get("travel_out_at")
    data["travel_back_at"] = values.get("travel_back_at")
    if data["travel_out_at"] is None or data["travel_back_at"] is None:
        raise ValidationFailed(_l("Give the travel dates and times."), field="travel_out_date")
    return data


def _checked(trainer: Trainer, course: Course, data: dict, exclude_id=None, visa=None, strict=False) -> list:
    """Run every conflict rule; errors refuse, a missing skill needs a reason, other warnings are returned.
    Not strict (proposing, editing): a visa not yet issued is a warning, the trainer is proposed "subject to
    visa" (the invitation letter needs the assignment first). Strict (confirming, travelling): it refuses."""
    lock_trainer(trainer.id)
    report = conflicts.check({"trainer": trainer, "course": course, "travel_out_at": data["travel_out_at"],
                              "travel_back_at": data["travel_back_at"], "visa": visa}, exclude_id=exclude_id)
    if not strict:
        pending = [e for e in report.errors if e.kind == "visa"]
        report.errors = [e for e in report.errors if e.kind != "visa"]
        report.warnings += [conflicts.Problem("visa", _l("Proposed subject to visa: %(reason)s", reason=e.message))
                            for e in pending]
    if report.errors:
        raise AssignmentConflict(report.errors)
    if report.skill_missing and not data.get("skill_override"):
        skill = next(w for w in report.warnings if w.kind == "skill")
        raise ValidationFailed(_l("%(warning)s Give the reason for keeping this trainer.", warning=skill.message),
                               field="skill_override")
    return report.other_warnings()


def create_assignment(course: Course, trainer: Trainer, values: dict, user) -> tuple[Assignment, list]:
    """Assign a trainer (the host side asks, or the trainer's side offers); returns it and the warnings."""
    if user.role != "admin" and user.side_id not in (course.host_side_id, trainer.side_id):
        raise PermissionDenied(_l("Only the host side or the trainer's own side can assign this trainer."))
    if course.status not in COURSE_STATUSES:
        raise TransitionError(_l("Trainers can be assigned only to a proposed, approved, scheduled or running "
                                 "course."))
    data = _clean(values)
    existing = db.session.scalar(select(Assignment).where(Assignment.trainer_id == trainer.id,
                                                          Assignment.course_id == course.id))
    if existing is not None and existing.status not in ("declined", "cancelled"):
        raise ConflictError(_l("%(trainer)s is already assigned to this course.", trainer=trainer.name),
                            field="trainer_id")
    warnings = _checked(trainer, course, data, exclude_id=existing.id if existing else None)
    if existing is not None:
        # One row per trainer and course: a declined or cancelled assignment is proposed afresh.
        assignment = existing
        for key, value in data.items():
            setattr(assignment, key, value)
        assignment.status, assignment.reason = "proposed", ""
    else:
        assignment = Assignment(trainer=trainer, course=course, status="proposed", **data)
        db.session.add(assignment)
    db.session.flush()
    visas.open_for(assignment, pending=any(w.kind == "visa" for w in warnings))
    tell("assignment.proposed", assignment, user, users(trainer.user_id))
    return assignment, warnings


def update_assignment(assignment: Assignment, values: dict, version, user) -> tuple[bool, list]:
    """Change travel and notes; returns (sent back to the trainer, warnings). A new travel window after the
    trainer accepted goes back to them: they agreed to other dates."""
    check_version(assignment, version)
    if assignment.status not in EDITABLE:
        raise TransitionError(_l("An assignment that is “%(status)s” can no longer be changed.",
                                 status=assignment.status_label))
    data = _clean(values)
    warnings = _checked(assignment.trainer, assignment.course, data, exclude_id=assignment.id,
                        visa=assignment.visa)
    moved = (data["travel_out_at"] != assignment.travel_out_at or data["travel_back_at"] != assignment.travel_back_at)
    for key, value in data.items():
        setattr(assignment, key, value)
    sent_back = moved and assignment.status in ("accepted", "confirmed")
    if sent_back:
        assignment.status = "proposed"
    db.session.flush()
    if sent_back:  # the trainer answers again, for the new dates
        tell("assignment.proposed", assignment, user, users(assignment.trainer.user_id))
    return sent_back, warnings


def allowed_actions(assignment: Assignment, user) -> list[str]:
    return [action for action, (sources, _target, permission) in TRANSITIONS.items()
            if assignment.status in sources and can(user, permission, assignment)]


def status_label(status: str):
    return ASSIGNMENT_STATUSES.get(status, status)


def transition(assignment: Assignment, action: str, user, version=None, reason: str = "", now=None) -> list:
    """Move the assignment along its workflow; returns the warnings of a re-check (confirm, travel)."""
    if action not in TRANSITIONS:
        raise TransitionError(_l("Unknown action."))
    sources, target, _permission = TRANSITIONS[action]
    if version not in (None, ""):
        check_version(assignment, version)
    if assignment.status not in sources:
        raise TransitionError(_l("An assignment that is “%(status)s” cannot be moved to “%(target)s”.",
                                 status=assignment.status_label, target=status_label(target)))
    warnings: list = []
    if action in NEEDS_REASON:
        reason = (reason or "").strip()
        if not reason:
            raise ValidationFailed(_l("Give the reason."), field="reason")
        assignment.reason = reason[:2000]
    if action == "travel":
        visas.check_departure_day(assignment, now)
    if action in ("confirm", "travel"):
        # Documents may have expired, a visa is still pending, or another assignment slipped in since.
        data = {"travel_out_at": assignment.travel_out_at, "travel_back_at": assignment.travel_back_at,
                "skill_override": assignment.skill_override}
        warnings = _checked(assignment.trainer, assignment.course, data, exclude_id=assignment.id,
                            visa=assignment.visa, strict=True)
    assignment.status = target
    db.session.flush()
    if action != "confirm":
        settle("assignment.proposed", assignment)  # answered, or nothing left to answer
    if action in STEP_EVENTS:
        tell(STEP_EVENTS[action], assignment, user, _step_recipients(action, assignment), reason=assignment.reason)
    return warnings


def accept(assignment, user, version=None):
    return transition(assignment, "accept", user, version)


def decline(assignment, user, reason, version=None):
    return transition(assignment, "decline", user, version, reason)


def confirm(assignment, user, version=None):
    return transition(assignment, "confirm", user, version)


def complete(assignment, user, version=None):
    return transition(assignment, "complete", user, version)


def cancel(assignment, user, reason, version=None):
    return transition(assignment, "cancel", user, version, reason)
