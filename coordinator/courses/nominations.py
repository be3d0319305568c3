"""Nominations: each side puts its own trainees forward for a course; the host side accepts or declines them.

The order places are given in, and the waiting list's order, is documented here and kept by construction:
1. time of nomination (one batch of nominations shares one instant);
2. within one batch, the trainee's waiting-list priority (the best `waiting_priority` of their target groups;
   none comes last), then the order the trainees were listed in.
A batch is written in that order; the waiting list itself orders by that priority first (courses.enrolment).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..auth.permissions import can
from ..db import utcnow
from ..errors import ConflictError, NotFound, PermissionDenied, TransitionError, ValidationFailed
from ..extensions import db
from ..notifications.events import names, settle
from ..trainees.models import Trainee
from .enrolment import ENROL_STATUSES, _lock, free_places, promote_waiting, side_has_room
from .models import Course, Enrolment
from .services import tell

MAX_BATCH = 500
# A trainee with one of these may be put forward again.
RENOMINABLE = ("withdrawn", "declined")


def priority(trainee: Trainee) -> int:
    return trainee.waiting_rank


def nominate(course: Course, trainees: list[Trainee], user) -> list[Enrolment]:
    """Put trainees of the user's own side forward for the course, all or none."""
    if not can(user, "course.nominate", course):
        raise PermissionDenied(_l("The liaison officers of each side nominate their own side's trainees."))
    if course.status not in ENROL_STATUSES:
        raise TransitionError(_l("Trainees can be nominated while a course is proposed, approved, scheduled or "
                                 "running; this course is “%(status)s”.", status=course.status_label))
    if not trainees:
        raise ValidationFailed(_l("Choose at least one trainee."), field="trainee_ids")
    if len(trainees) > MAX_BATCH:
        raise ValidationFailed(_l("At most %(count)s trainees at a time.", count=MAX_BATCH), field="trainee_ids")
    for trainee in trainees:
        if trainee.side_id != user.side_id:
            raise ValidationFailed(_l("%(name)s is a trainee of %(side)s: each side nominates its own trainees. "
                                      "Nothing was saved.", name=trainee.name, side=trainee.side.name),
                                   field="trainee_ids")
    _lock(course)
    existing = {e.trainee_id: e for e in db.session.scalars(select(Enrolment).where(
        Enrolment.course_id == course.id, Enrolment.trainee_id.in_([t.id for t in trainees])))}
    for trainee in trainees:
        found = existing.get(trainee.id)
        if found is not None and found.status not in RENOMINABLE:
            raise ConflictError(_l("%(name)s is already on this course's roster (%(status)s). Nothing was saved.",
                                   name=trainee.name, status=found.status_label), field="trainee_ids")
    at = utcnow()
    made = []
    for trainee in sorted(dict.fromkeys(trainees), key=priority):  # stable: listed order within a priority
        enrolment = existing.get(trainee.id)
        if enrolment is None:
            enrolment = Enrolment(course_id=course.id, trainee=trainee, status="nominated", requested_at=at)
            db.session.add(enrolment)
            db.session.flush()  # ids in this order: the waiting list's tie-break
        else:
            enrolment.status, enrolment.requested_at, enrolment.withdraw_reason = "nominated", at, None
        made.append(enrolment)
    db.session.flush()
    # The host side owes an answer.
    tell("nomination.made", course, user, [course.host_side_id], count=len(made),
         side=names(user.side) if user.side else None)
    return made


def nominated(course: Course) -> list[Enrolment]:
    return list(db.session.scalars(select(Enrolment).where(
        Enrolment.course_id == course.id, Enrolment.status == "nominated")
        .order_by(Enrolment.requested_at, Enrolment.id)))


def decide(course: Course, user, accept: list[int], decline: list[int]) -> tuple[list[Enrolment], list[Enrolment]]:
    """Accept (a place, or the waiting list when full) and decline nominations in one action, all or none.

    Returns (enrolled, waiting) among those accepted."""
    if course.status not in ENROL_STATUSES:
        raise TransitionError(_l("Trainees can be enrolled while a course is proposed, approved, scheduled or "
                                 "running; this course is “%(status)s”.", status=course.status_label))
    if set(accept) & set(decline):
        raise ValidationFailed(_l("A nomination cannot be both accepted and declined."), field="decision")
    _lock(course)
    pending = {e.id: e for e in nominated(course)}
    chosen = [*accept, *decline]
    if not chosen:
        raise ValidationFailed(_l("Choose at least one nomination."), field="decision")
    if any(i not in pending for i in chosen):
        raise ValidationFailed(_l("Some of the chosen nominations are not waiting for an answer on this course "
                                  "(answered meanwhile?). Nothing was saved."), field="decision")
    promote_waiting(course)  # places freed earlier go to those already waiting
    free = free_places(course)
    enrolled, waiting = [], []
    for enrolment in sorted((pending[i] for i in set(accept)), key=lambda e: (e.requested_at, e.id)):
        if free > 0 and side_has_room(course, enrolment.trainee.side_id):
            enrolment.status = "enrolled"
            db.session.flush()  # counted by the next trainee's side check
            free -= 1
            enrolled.append(enrolment)
        else:
            enrolment.status = "waiting"
            waiting.append(enrolment)
    for i in set(decline):
        pending[i].status = "declined"
    db.session.flush()
    if not nominated(course):
        settle("nomination.made", course)  # nothing left to answer
    # Each nominating side hears what became of its own trainees.
    for side_id in sorted({pending[i].trainee.side_id for i in chosen}):
        tell("nomination.answered", course, user, [side_id],
             enrolled=sum(e.trainee.side_id == side_id for e in enrolled),
             waiting=sum(e.trainee.side_id == side_id for e in waiting),
             declined=sum(pending[i].trainee.side_id == side_id for i in set(decline)))
    return enrolled, waiting


def nominate_imported(course_id: int, trainees: list[Trainee], user) -> Course:
    """Nominate trainees just imported from a file for a course (the import page's "into this course")."""
    course = db.session.get(Course, course_id)
    if course is None or not can(user, "course.view", course):
        raise NotFound(_l("The course to nominate the trainees for no longer exists."))
    nominate(course, trainees, user)
    return course
