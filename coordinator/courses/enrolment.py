"""Enrolment rules: capacity and the waiting list, withdrawal and promotion in order.

The waiting list's order (who gets the next free place):
1. the trainee's waiting-list priority: the lowest `waiting_priority` among their target groups (a trainee in
   several groups takes the best of them); a trainee with no group of priority comes after every one with;
2. then first come, first served: the moment they asked for a place (`requested_at`);
3. then the enrolment id (requests of the same instant keep the order they were written in).

Plain functions: they check permission, flush and never commit (the request commits once).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import lazyload

from ..auth.permissions import can
from ..db import check_version, utcnow
from ..errors import ConflictError, PermissionDenied, TransitionError, ValidationFailed
from ..extensions import db
from ..notifications.events import liaisons_of, names, raise_event
from ..trainees.models import Trainee, search_condition, waiting_rank_of
from .models import WITHDRAW_REASONS, Course, Enrolment

ENROL_STATUSES = ("proposed", "approved", "scheduled", "running")
CLOSED_STATUSES = ("completed", "cancelled")
# Enrolments holding a place: taught, marked and assessed.
PLACE_HOLDING = ("enrolled", "completed", "not_completed")
PICKER_LIMIT = 50


def require_mark(user, course: Course) -> None:
    """Attendance: the host side, or a trainer assigned to the course (either side)."""
    if not can(user, "course.mark", course):
        raise PermissionDenied(_l("Only the trainers assigned to this course and the host side's liaison "
                                  "officers record its attendance."))


def require_score(user, course: Course) -> None:
    """Scores: the host side, or an assigned trainer until the host side finalises the results."""
    if can(user, "course.score", course):
        return
    if can(user, "course.mark", course):
        raise PermissionDenied(_l("The host side has finalised the results: the scores are locked. Ask its "
                                  "liaison officer for a correction."))
    raise PermissionDenied(_l("Only the trainers assigned to this course and the host side's liaison "
                              "officers enter its scores."))


def _lock(course: Course) -> None:
    """Serialise capacity decisions on one course (a row lock on PostgreSQL; SQLite has one writer anyway)."""
    db.session.execute(select(Course.id).where(Course.id == course.id).with_for_update())


# Roster ---------------------------------------------------------------------------------------------------


def ordered(stmt):
    # The waiting list is first come, first served; the id breaks ties between requests of the same instant.
    # The rows share the course the caller already holds: no joining it (and its collections) again.
    return stmt.options(lazyload(Enrolment.course)).order_by(Enrolment.requested_at, Enrolment.id)


def waiting_ordered(stmt):
    """The waiting list's order (see the module's docstring)."""
    return stmt.options(lazyload(Enrolment.course)).order_by(
        waiting_rank_of(Enrolment.trainee_id), Enrolment.requested_at, Enrolment.id)


def place_holders(course: Course) -> list[Enrolment]:
    """The trainees holding a place (enrolled, or already finalised), in the order they asked."""
    return list(db.session.scalars(ordered(
        select(Enrolment).where(Enrolment.course_id == course.id, Enrolment.status.in_(PLACE_HOLDING)))))


def waiting_list(course: Course, limit: int | None = None) -> list[Enrolment]:
    """The waiting list in order: position 1 is the next to get a place."""
    stmt = waiting_ordered(select(Enrolment).where(Enrolment.course_id == course.id, Enrolment.status == "waiting"))
    return list(db.session.scalars(stmt.limit(limit) if limit is not None else stmt))


def waiting_position(enrolment: Enrolment) -> int | None:
    """1-based position on the course's waiting list; None when the trainee is not waiting."""
    if enrolment.status != "waiting":
        return None
    rank = waiting_rank_of(Enrolment.trainee_id)
    mine = enrolment.trainee.waiting_rank
    ahead = db.session.scalar(select(func.count()).select_from(Enrolment).where(
        Enrolment.course_id == enrolment.course_id, Enrolment.status == "waiting",
        or_(rank < mine,
            and_(rank == mine, or_(Enrolment.requested_at < enrolment.requested_at,
                                   and_(Enrolment.requested_at == enrolment.requested_at,
                                        Enrolment.id < enrolment.id)))),
    ))
    return (ahead or 0) + 1


def enrolled_count(course: Course) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Enrolment).where(
            Enrolment.course_id == course.id, Enrolment.status.in_(PLACE_HOLDING))
    ) or 0


def free_places(course: Course) -> int:
    return max(course.capacity - enrolled_count(course), 0)


def trainee_choices(course: Course, query: str | None = None, limit: int = PICKER_LIMIT,
                    side_id: int | None = None, centre_id: int | None = None) -> tuple[list, bool]:
    """Trainees of either side (joint courses are open to both) not yet on the roster, matching a folded
    search; returns at most `limit` and whether there were more."""
    taken = select(Enrolment.trainee_id).where(Enrolment.course_id == course.id,
                                               Enrolment.status.not_in(("withdrawn", "declined")))
    stmt = select(Trainee).where(Trainee.id.not_in(taken))
    if side_id is not None:  # a side nominates its own trainees
        stmt = stmt.where(Trainee.side_id == side_id)
    if centre_id is not None:  # a liaison scoped to a centre: the trainees it registered
        stmt = stmt.where(Trainee.centre_id == centre_id)
    if query:
        stmt = stmt.where(search_condition(query))
    found = db.session.scalars(stmt.order_by(Trainee.search_key, Trainee.id).limit(limit + 1)).all()
    return list(found[:limit]), len(found) > limit


# Enrol, withdraw, promote -------------------------------------------------------------------------------


def enrol(course: Course, trainee: Trainee, user) -> Enrolment:
    """Give the trainee a place, or a place on the waiting list when the course is full (not an error).

    The returned enrolment's status says which; `waiting_position` says where on the list.
    """
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
    status = "enrolled" if free_places(course) > 0 and side_has_room(course, trainee.side_id) else "waiting"
    if enrolment is None:
        # One row per trainee and course: someone who withdrew and comes back reuses theirs.
        enrolment = Enrolment(course_id=course.id, trainee=trainee, status=status, requested_at=utcnow())
        db.session.add(enrolment)
    else:
        enrolment.status = status
        enrolment.requested_at = utcnow()  # a returning trainee joins the end of the queue
    db.session.flush()
    return enrolment


def withdraw(enrolment: Enrolment, user, version, reason: str | None = None) -> list[Enrolment]:
    """Withdraw an enrolled or waiting trainee; a freed place goes to the first on the waiting list.

    `reason` is a code of WITHDRAW_REASONS (the pages always ask for one; the API may leave it out).
    Returns the enrolments promoted from the waiting list.
    """
    course = enrolment.course
    if reason is not None and reason not in WITHDRAW_REASONS:
        raise ValidationFailed(_l("Choose the reason for the withdrawal from the list."), field="reason")
    check_version(enrolment, version)
    if enrolment.status not in ("enrolled", "waiting"):
        raise TransitionError(_l("Only an enrolled or waiting trainee can be withdrawn; this one is “%(status)s”.",
                                 status=enrolment.status_label))
    if course.status in CLOSED_STATUSES:
        raise TransitionError(_l("The roster of a completed or cancelled course cannot change."))
    _lock(course)
    enrolment.status = "withdrawn"
    enrolment.withdraw_reason = reason
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
    if course.quota_host is None and course.quota_partner is None:
        promoted = waiting_list(course, limit=free)
    else:
        # With places per side, the first in line whose side still has room moves up.
        promoted = []
        for enrolment in waiting_list(course):
            if len(promoted) == free:
                break
            if side_has_room(course, enrolment.trainee.side_id):
                enrolment.status = "enrolled"
                db.session.flush()
                promoted.append(enrolment)
    for enrolment in promoted:
        enrolment.status = "enrolled"
    db.session.flush()
    for enrolment in promoted:
        # The trainee's own side registered them and tells them; the host side plans the places.
        raise_event("enrolment.promoted", course, liaisons_of(enrolment.trainee.side_id, course.host_side_id),
                    data={"trainee": names(enrolment.trainee), "course": names(course)},
                    link=("courses.roster", {"course_id": course.id}))
    return promoted


def side_has_room(course: Course, side_id: int) -> bool:
    """May one more trainee of this side hold a place (its quota, when the course sets one)?"""
    quota = course.quota_of(side_id)
    if quota is None:
        return True
    held = db.session.scalar(select(func.count()).select_from(Enrolment).join(Trainee).where(
        Enrolment.course_id == course.id, Enrolment.status.in_(PLACE_HOLDING), Trainee.side_id == side_id)) or 0
    return held < quota


# Attendance ----------------------------------------------------------------------------------------------
