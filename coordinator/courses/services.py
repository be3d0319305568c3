"""Course rules: creation and edits, the two-side approval workflow, state transitions."""

from __future__ import annotations

from types import SimpleNamespace

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..auth.permissions import can
from ..catalog.models import Centre, Side, SkillStandard, TargetGroup
from ..catalog.services import hosting_problem
from ..concurrency import conflict_on_duplicate, lock_and_refresh, savepoint
from ..db import check_version, utcnow
from ..errors import ConflictError, PermissionDenied, TransitionError, ValidationFailed
from ..extensions import db
from ..l10n.timezones import local_to_utc
from ..notifications.events import day, liaisons_of, names, raise_event, settle
from . import clock
from .enrolment import enrolled_count, promote_waiting
from .models import APPROVAL_FIELDS, DELIVERY, LANGUAGES, OVERRIDE_ACTIONS, Course, CourseApproval, CourseOverride

# action → (statuses it may start from, status it leads to, permission it needs)
TRANSITIONS = {
    "propose": (("draft",), "proposed", "course.propose"),
    "withdraw": (("proposed",), "draft", "course.manage"),
    "schedule": (("approved",), "scheduled", "course.manage"),
    "start": (("scheduled",), "running", "course.manage"),
    "complete": (("running",), "completed", "course.manage"),
    "cancel": (("draft", "proposed", "approved", "scheduled", "running"), "cancelled", "course.manage"),
}
ACTION_LABELS = {
    "propose": _l("Propose to both sides"),
    "withdraw": _l("Withdraw the proposal"),
    "schedule": _l("Mark as scheduled"),
    "start": _l("Start the course"),
    "complete": _l("Mark as completed"),
    "cancel": _l("Cancel the course"),
}
EDITABLE_STATUSES = ("draft", "proposed", "approved", "scheduled", "running")
FIELDS = (
    "name_fa", "name_ar", "name_en", "skill_standard_id", "host_centre_id", "start_date", "end_date",
    "theory_hours", "practice_hours", "capacity", "quota_host", "quota_partner", "min_attendance",
    "pass_mark_theory", "pass_mark_practice",
    "language", "delivery", "funding_note", "contact_name", "contact_phone",
)
# Two courses created at the same moment draw the same serial: the loser takes the next one, this many times.
CODE_ATTEMPTS = 5


# The notices that ask a side to approve: settled (marked read) once it has, or once there is nothing to approve.
APPROVAL_KINDS = ("course.awaiting_approval", "course.sent_back")


def tell(kind: str, course: Course, user, side_ids=None, **data) -> None:
    """An event about the course to the liaisons of `side_ids` (default: every side that approves courses)."""
    sides = side_ids if side_ids is not None else [side.id for side in sides_to_approve()]
    raise_event(kind, course, liaisons_of(*sides), actor=user,
                data={"course": names(course), "day": day(course.start_date), **data},
                link=("courses.detail", {"course_id": course.id}))


class AlreadyApproved(TransitionError):
    """The user's side had approved already — a double click, or a colleague just before: nothing to do."""


def _require(user, action, obj=None):
    if not can(user, action, obj):
        raise PermissionDenied()


def new_code(year: int) -> str:
    """JC-<year>-<serial>: one more than the highest serial of that year (longest code first: 10000 > 9999)."""
    prefix = f"JC-{year}-"
    last = db.session.scalar(select(Course.code).where(Course.code.like(prefix + "%"))
                             .order_by(func.length(Course.code).desc(), Course.code.desc()).limit(1))
    serial = (last or prefix)[len(prefix):]  # none yet this year: the empty serial, counted as 0
    return f"{prefix}{(int(serial) if serial.isdigit() else 0) + 1:04d}"


def _validate(values: dict, course: Course | None, user) -> dict:
    values = {k: values[k] for k in FIELDS if k in values}
    for key in ("name_en", "funding_note", "contact_name", "contact_phone"):
        values[key] = (values.get(key) or "").strip() if key != "name_en" else (values.get(key) or None)
    if db.session.get(SkillStandard, values.get("skill_standard_id") or 0) is None:
        raise ValidationFailed(_l("Choose a skill standard."), field="skill_standard_id")
    centre = db.session.get(Centre, values.get("host_centre_id") or 0)
    if centre is None or not centre.active:
        raise ValidationFailed(_l("Choose an active host centre."), field="host_centre_id")
    if not can(user, "course.host", SimpleNamespace(host_side_id=centre.side_id, host_centre_id=centre.id)):
        if centre.side_id == user.side_id:
            # Their own side's centre, not theirs: a liaison officer of one centre.
            raise ValidationFailed(_l("Choose your own centre: a liaison officer of a centre plans only the "
                                      "courses it hosts."), field="host_centre_id")
        # Creating at, or moving a course to, the other side's centre would plan on the other side's behalf.
        raise ValidationFailed(_l("Choose a centre of your own side: the other side's liaisons plan the "
                                  "courses it hosts."), field="host_centre_id")
    values["host_side_id"] = centre.side_id
    if values["end_date"] < values["start_date"]:
        raise ValidationFailed(_l("The course cannot end before it starts."), field="end_date")
    refusal = hosting_problem(centre, values["end_date"])  # a private institute's licence (catalog rule)
    if refusal is not None:
        raise ValidationFailed(refusal, field="host_centre_id")
    if (values["end_date"] - values["start_date"]).days > 730:
        raise ValidationFailed(_l("A course may last at most two years."), field="end_date")
    if values.get("language") not in LANGUAGES:
        raise ValidationFailed(_l("Choose the language of instruction."), field="language")
    if values.get("delivery") not in DELIVERY:
        raise ValidationFailed(_l("Choose how the course is delivered."), field="delivery")
    if (values.get("quota_host") or 0) + (values.get("quota_partner") or 0) > (values.get("capacity") or 0):
        raise ValidationFailed(_l("The places per side add up to more than the capacity."), field="quota_partner")
    if (values.get("theory_hours") or 0) + (values.get("practice_hours") or 0) <= 0:
        raise ValidationFailed(_l("Give the theory or practice hours."), field="practice_hours")
    if course is not None:
        taken = enrolled_count(course)
        if values["capacity"] < taken:
            raise ValidationFailed(
                _l("%(count)s trainees are already enrolled: the capacity cannot be lower.", count=taken),
                field="capacity",
            )
        outside = [s for s in course.sessions
                   if not values["start_date"] <= s.day <= values["end_date"]]
        if outside:
            raise ValidationFailed(
                _l("Some sessions fall outside these dates: move or delete them first."), field="start_date"
            )
    return values


def _target_groups(ids) -> list[TargetGroup]:
    groups = db.session.scalars(select(TargetGroup).where(TargetGroup.id.in_(list(ids or ())))).all()
    if len(groups) != len(set(ids or ())):
        raise ValidationFailed(_l("Choose target groups from the list."), field="target_group_ids")
    return list(groups)


def create_course(values: dict, user) -> Course:
    data = _validate(values, None, user)
    groups = _target_groups(values.get("target_group_ids"))
    year = data["start_date"].year
    for _attempt in range(CODE_ATTEMPTS):
        code = new_code(year)
        course = Course(**data, created_by_id=user.id, code=code)  # a draft: the status column's default
        course.target_groups = groups
        try:
            with savepoint():
                db.session.add(course)
                db.session.flush()
        except IntegrityError:
            # The code's unique constraint: someone took this serial meanwhile; anything else is not ours to retry.
            if db.session.scalar(select(Course.id).where(Course.code == code)) is None:
                raise
            continue
        return course
    raise ConflictError(_l("Many courses are being created at this moment. Save again."))


def update_course(course: Course, values: dict, version, user) -> bool:
    """Save an edit; returns True when the edit sent an approved course back for re-approval."""
    lock_and_refresh(course)  # the approvals it may clear are the ones committed, not those loaded earlier
    check_version(course, version)
    if course.status not in EDITABLE_STATUSES:
        raise TransitionError(_l("A completed or cancelled course can no longer be edited."))
    data = _validate(values, course, user)
    changed = {f for f in APPROVAL_FIELDS if getattr(course, f) != data.get(f)}
    if course.status == "running" and changed - {"capacity", "end_date"}:
        raise TransitionError(_l("A running course keeps its host and start date."))
    moved = data["host_side_id"] != course.host_side_id
    for key, value in data.items():
        setattr(course, key, value)
    course.target_groups = _target_groups(values.get("target_group_ids"))
    if moved:
        # Sessions keep their wall-clock hours at the new host, so their instants move with its clock.
        course.host_side = db.session.get(Side, data["host_side_id"])
        for session in course.sessions:
            session.starts_at = local_to_utc(session.day, session.start_time, course.host_side.timezone)
            session.ends_at = local_to_utc(session.day, session.end_time, course.host_side.timezone)
    if "capacity" in changed:
        promote_waiting(course)  # the waiting list lives with enrolment
    sent_back = bool(changed) and course.status in ("approved", "scheduled")
    reapprove = sent_back or (changed and course.status == "proposed")
    if reapprove:
        # What the sides approved is no longer what is planned: both must look again.
        course.approvals.clear()
        course.status = "proposed"
    db.session.flush()
    if reapprove:
        tell("course.sent_back", course, user)
    return sent_back


def allowed_actions(course: Course, user) -> list[str]:
    return [
        action for action, (sources, _target, permission) in TRANSITIONS.items()
        if course.status in sources and can(user, permission, course)
    ]


def transition(course: Course, action: str, user, version=None, reason: str = "", *, now=None,
               override: CourseOverride | None = None) -> None:
    """Move the course along its workflow; anything not in TRANSITIONS is refused with a clear message.

    Starting and completing follow the host side's calendar (see clock); a granted `override` lets the step
    be taken earlier."""
    if action not in TRANSITIONS:
        raise TransitionError(_l("Unknown action."))
    sources, target, permission = TRANSITIONS[action]
    if action == "propose" and user.role == "liaison" and not can(user, permission, course):
        raise PermissionDenied(_l("Only the host side proposes its course; your side approves it once proposed."))
    _require(user, permission, course)
    lock_and_refresh(course)  # an approval racing a withdrawal is either seen and cleared, or refused
    if version is not None:
        check_version(course, version)
    if course.status not in sources:
        raise TransitionError(
            _l("A course that is “%(status)s” cannot be moved to “%(target)s”.",
               status=course.status_label, target=_status_label(target))
        )
    if action == "cancel":
        reason = (reason or "").strip()
        if not reason:
            raise ValidationFailed(_l("Give the reason for cancelling."), field="reason")
        course.cancel_reason = reason[:2000]
    if action == "schedule" and not course.sessions:
        raise TransitionError(_l("Add the course sessions to the timetable before scheduling it."))
    if action == "withdraw":
        course.approvals.clear()  # a withdrawn proposal may change: both sides approve it anew
    if action == "start" and override is None:
        clock.check_start(course, now)
    if action == "complete":
        if override is None:
            clock.check_complete(course, now)
        course.completed_on = clock.host_today(course, now)
    course.status = target
    db.session.flush()
    if action == "propose":
        settle("course.returned", course)  # what was asked is done: the course is proposed again
        # A draft holds no approvals (withdrawing, sending back and a re-approving edit clear them): every
        # side that approves courses is asked.
        tell("course.awaiting_approval", course, user)
    else:
        for kind in APPROVAL_KINDS:
            settle(kind, course)  # nothing to approve any more
    if action == "cancel":
        tell("course.cancelled", course, user, reason=course.cancel_reason)


# Overrides: a step before its time, asked for by one person of the host side and granted by a second one ----


def open_override(course: Course, action: str) -> CourseOverride | None:
    return db.session.scalar(select(CourseOverride).where(
        CourseOverride.course_id == course.id, CourseOverride.action == action,
        CourseOverride.granted_at.is_(None)).order_by(CourseOverride.id.desc()).limit(1))


def open_overrides(course: Course) -> list[CourseOverride]:
    return list(db.session.scalars(select(CourseOverride).where(
        CourseOverride.course_id == course.id, CourseOverride.granted_at.is_(None)).order_by(CourseOverride.id)))


def request_override(course: Course, action: str, user, reason: str, now=None) -> CourseOverride:
    """Ask for leave to take a step early; the step itself waits for a second person to grant it."""
    if action not in OVERRIDE_ACTIONS:
        raise ValidationFailed(_l("Choose the step to take early."), field="action")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(_l("Give the reason for taking this step before its time."), field="reason")
    lock_and_refresh(course)
    sources = TRANSITIONS[action][0]
    if course.status not in sources:
        raise TransitionError(_l("A course that is “%(status)s” cannot be moved to “%(target)s”.",
                                 status=course.status_label, target=_status_label(TRANSITIONS[action][1])))
    try:
        (clock.check_start if action == "start" else clock.check_complete)(course, now)
    except clock.TooEarly:
        pass
    else:
        raise TransitionError(_l("This step is allowed now: no override is needed."))
    if open_override(course, action) is not None:
        raise ConflictError(_l("An override of this step is already waiting for a second person."))
    override = CourseOverride(course_id=course.id, action=action, reason=reason[:2000], requested_by_id=user.id)
    db.session.add(override)
    db.session.flush()
    return override


def grant_override(course: Course, override_id, user, now=None) -> CourseOverride:
    """A second person of the host side grants the override, and the step is taken at once."""
    if not can(user, "course.override", course):
        raise PermissionDenied(_l("Only a liaison officer of the host side grants an override."))
    lock_and_refresh(course)
    override = db.session.get(CourseOverride, override_id) if isinstance(override_id, int) else None
    if override is None or override.course_id != course.id or override.granted_at is not None:
        raise TransitionError(_l("This override is no longer waiting: reload the page."))
    if override.requested_by_id == user.id:
        raise PermissionDenied(_l("A second person of the host side grants the override: you asked for it "
                                  "yourself."))
    override.granted_by_id = user.id
    override.granted_at = utcnow()
    transition(course, override.action, user, now=now, override=override)
    return override


def _status_label(status: str):
    from .models import STATUSES

    return STATUSES[status]


def sides_to_approve() -> list[Side]:
    return list(db.session.scalars(select(Side).where(Side.active.is_(True)).order_by(Side.id)))


def approve(course: Course, user, version=None) -> bool:
    """Record the approval of the user's side; returns True when every side has now approved.

    Both sides approving at the same moment: the course row is locked first, so the second approver sees the
    first one's approval and moves the course to approved (without the lock each saw only its own, and the
    course stayed proposed for ever). A repeated approval (a double click) raises AlreadyApproved."""
    _require(user, "course.approve", course)
    lock_and_refresh(course)
    if course.approval_for(user.side_id) is not None:
        raise AlreadyApproved(_l("Your side has already approved this course."))
    if version is not None:
        check_version(course, version)
    if course.status != "proposed":
        raise TransitionError(_l("Only a proposed course can be approved."))
    with conflict_on_duplicate(_l("Your side has already approved this course.")):
        course.approvals.append(CourseApproval(side_id=user.side_id, user_id=user.id))
        approved_sides = {a.side_id for a in course.approvals}
        complete = all(side.id in approved_sides for side in sides_to_approve())
        if complete:
            course.status = "approved"
        db.session.flush()
    for kind in APPROVAL_KINDS:  # my side has done what these asked
        settle(kind, course, [u.id for u in liaisons_of(user.side_id)])
    if complete:
        tell("course.approved", course, user)
    return complete
