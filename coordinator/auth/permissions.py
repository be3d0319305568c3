"""Who may do what, on which side: the one place views, templates and the API ask."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user

from .participation import participation_ids
from .roles import ADMIN, LIAISON, MANAGER, TRAINER

Rule = Callable[[object, object], bool]
RULES: dict[str, Rule] = {}


def rule(action: str):
    def register(fn: Rule) -> Rule:
        RULES[action] = fn
        return fn

    return register


def side_of(obj) -> int | None:
    """The side a record belongs to, for rules that bind a liaison to its own province."""
    if obj is None:
        return None
    if hasattr(obj, "side_id"):
        return obj.side_id
    side = getattr(obj, "side", None)
    return getattr(side, "id", None)


def can(user, action: str, obj=None) -> bool:
    """May `user` do `action` (on `obj`)? Unknown actions are refused, so a typo never opens a door."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    check = RULES.get(action)
    return bool(check and check(user, obj))


@rule("catalog.view")
def _catalog_view(user, obj):
    return user.role in (ADMIN, LIAISON, MANAGER, TRAINER)


@rule("catalog.manage")
def _catalog_manage(user, obj):
    return user.role == ADMIN


@rule("users.manage")
def _users_manage(user, obj):
    return user.role == ADMIN


@rule("audit.view")
def _audit_view(user, obj):
    return user.role == ADMIN


@rule("side.act_for")
def _act_for_side(user, obj):
    """Plan and approve on behalf of a province: only its own liaison officers."""
    return user.role == LIAISON and user.side_id is not None and user.side_id == side_of(obj)


@rule("reports.view")
def _reports_view(user, obj):
    return user.role in (ADMIN, MANAGER, LIAISON)


# Joint courses ------------------------------------------------------------------------------------------


def _host_liaison(user, course) -> bool:
    """A liaison of the course's host side; one scoped to a centre, only for the courses that centre hosts."""
    if user.role != LIAISON or user.side_id is None or user.side_id != getattr(course, "host_side_id", None):
        return False
    scope = getattr(user, "centre_id", None)
    return scope is None or scope == getattr(course, "host_centre_id", None)


@rule("course.view")
def _course_view(user, course):
    """Trainers see only the courses they are assigned to (an assignment not declined or cancelled)."""
    if user.role in (ADMIN, MANAGER, LIAISON):
        return True
    if user.role != TRAINER or course is None:
        return False
    return course.id in participation_ids("course", user.id)


@rule("course.list")
def _course_list(user, obj):
    return user.role in (ADMIN, MANAGER, LIAISON, TRAINER)


@rule("course.create")
def _course_create(user, obj):
    return user.role in (ADMIN, LIAISON)


@rule("course.host")
def _course_host(user, course):
    """Where a course may be hosted (created at, or moved to): a liaison plans at their own side's centres."""
    return user.role == ADMIN or _host_liaison(user, course)


@rule("course.edit")
def _course_edit(user, course):
    """The host side's liaisons edit a course (a liaison drafts only courses their own side hosts)."""
    return user.role == ADMIN or _host_liaison(user, course)


@rule("course.propose")
def _course_propose(user, course):
    """The host side proposes its draft to both sides; the other side answers by approving, not proposing."""
    return user.role == ADMIN or (_host_liaison(user, course) if course is not None else user.role == LIAISON)


@rule("course.approve")
def _course_approve(user, course):
    """Each side approves for itself: only a liaison, only for their own side (the service says when)."""
    return user.role == LIAISON and user.side_id is not None


@rule("course.manage")
def _course_manage(user, course):
    """Timetable, workflow steps, enrolment, attendance, assessment and certificates: the host side."""
    return user.role == ADMIN or _host_liaison(user, course)


def _teaches(user, course) -> bool:
    """A trainer whose assignment to the course stands (accepted or later), of either side."""
    return user.role == TRAINER and course is not None and course.id in participation_ids("teaching", user.id)


@rule("course.mark")
def _course_mark(user, course):
    """Attendance: the host side, and the trainers teaching the course."""
    return _course_manage(user, course) or _teaches(user, course)


@rule("course.score")
def _course_score(user, course):
    """Scores: the host side; the trainers teaching the course until the host side finalises the results."""
    if _course_manage(user, course):
        return True
    return _teaches(user, course) and getattr(course, "results_final_at", None) is None


@rule("course.nominate")
def _course_nominate(user, course):
    """Each side's liaisons put their own side's trainees forward (the service checks each trainee's side)."""
    return user.role == LIAISON and user.side_id is not None


@rule("course.override")
def _course_override(user, course):
    """Granting a step before its time: a liaison of the host side (a second person: the service says who)."""
    return _host_liaison(user, course)


@rule("trainee.view")
def _trainee_view(user, trainee):
    if user.role in (ADMIN, MANAGER):
        return True
    return user.role == LIAISON and (trainee is None or trainee.side_id == user.side_id)


@rule("trainee.manage")
def _trainee_manage(user, trainee):
    """A liaison registers and corrects the trainees of their own side."""
    if user.role == ADMIN:
        return True
    return user.role == LIAISON and (trainee is None or trainee.side_id == user.side_id)


# Trainer exchange ---------------------------------------------------------------------------------------


def _own_trainer(user, trainer) -> bool:
    return trainer is not None and trainer.user_id is not None and trainer.user_id == user.id


@rule("trainer.view")
def _trainer_view(user, trainer):
    """Liaisons and managers of both sides plan the exchange; a trainer sees their own profile."""
    if user.role in (ADMIN, MANAGER, LIAISON):
        return True
    return user.role == TRAINER and (trainer is None or _own_trainer(user, trainer))


@rule("trainer.manage")
def _trainer_manage(user, trainer):
    """A trainer's profile is kept by their home side's liaisons."""
    if user.role == ADMIN:
        return True
    return user.role == LIAISON and (trainer is None or trainer.side_id == user.side_id)


@rule("trainer.self_service")
def _trainer_self(user, trainer):
    """Trainers keep their own travel documents and unavailability up to date."""
    return _trainer_manage(user, trainer) or (user.role == TRAINER and _own_trainer(user, trainer))


@rule("assignment.create")
def _assignment_create(user, course):
    """The host side asks for a trainer, or a side offers one of its own (the service checks which)."""
    return user.role in (ADMIN, LIAISON)


@rule("assignment.answer")
def _assignment_answer(user, assignment):
    """Only the trainer themself accepts or declines."""
    return user.role == TRAINER and assignment is not None and _own_trainer(user, assignment.trainer)


@rule("assignment.confirm")
def _assignment_confirm(user, assignment):
    """The host side confirms it will receive the trainer."""
    return user.role == ADMIN or (assignment is not None and _host_liaison(user, assignment.course))


@rule("assignment.manage")
def _assignment_manage(user, assignment):
    """Travel, completion and cancellation: the host side or the trainer's home side."""
    if user.role == ADMIN:
        return True
    return assignment is not None and user.role == LIAISON and user.side_id in (
        assignment.course.host_side_id, assignment.trainer.side_id)


@rule("exchange.figures")
def _exchange_figures(user, obj):
    return user.role in (ADMIN, MANAGER, LIAISON)


# Curricula ----------------------------------------------------------------------------------------------


@rule("curriculum.view")
def _curriculum_view(user, curriculum):
    return user.role in (ADMIN, MANAGER, LIAISON, TRAINER)


@rule("curriculum.manage")
def _curriculum_manage(user, curriculum):
    """The owner side's liaisons add versions and documents and offer the curriculum."""
    if user.role == ADMIN:
        return True
    return user.role == LIAISON and (curriculum is None or curriculum.side_id == user.side_id)


@rule("curriculum.share")
def _curriculum_share(user, curriculum):
    """Offering (owner side) and requesting or adopting (the other side): liaisons; the service says which."""
    return user.role == LIAISON and user.side_id is not None


@rule("curriculum.comment")
def _curriculum_comment(user, curriculum):
    return user.role in (ADMIN, MANAGER, LIAISON, TRAINER)


@rule("translation.manage")
def _translation_manage(user, task):
    """Liaisons of either side create and assign translation tasks."""
    return user.role in (ADMIN, LIAISON)


@rule("translation.work")
def _translation_work(user, task):
    """The assigned translator moves their task along; liaisons may too."""
    if user.role in (ADMIN, LIAISON):
        return True
    return task is not None and task.translator_id == user.id


# Shared equipment ---------------------------------------------------------------------------------------

EVERYONE = (ADMIN, MANAGER, LIAISON, TRAINER)


@rule("equipment.view")
def _equipment_view(user, obj):
    return user.role in EVERYONE


@rule("equipment.manage")
def _equipment_manage(user, item):
    """The register, maintenance and dispatching of an item: its owner side."""
    if user.role == ADMIN:
        return True
    return user.role == LIAISON and (item is None or item.side_id == user.side_id)


@rule("booking.create")
def _booking_create(user, item):
    """Either side books a shareable item (the owner may book its own); the service checks overlaps."""
    return user.role in (ADMIN, LIAISON)


@rule("booking.cancel")
def _booking_cancel(user, booking):
    if user.role == ADMIN:
        return True
    return booking is not None and user.role == LIAISON and user.side_id in (
        booking.user_side_id, booking.item.side_id)


@rule("transfer.manage")
def _transfer_manage(user, transfer):
    """A loan's steps: the lending side dispatches and takes back, the receiving side clears and receives."""
    if user.role == ADMIN:
        return True
    return transfer is not None and user.role == LIAISON and user.side_id in (
        transfer.to_side_id, transfer.item.side_id)


# Agro-industry collaboration ----------------------------------------------------------------------------


@rule("agro.view")
def _agro_view(user, obj):
    return user.role in EVERYONE


@rule("agro.manage")
def _agro_manage(user, track):
    """Tracks are joint: liaisons of both sides keep them."""
    return user.role in (ADMIN, LIAISON)


@rule("milestone.manage")
def _milestone_manage(user, milestone):
    """A milestone is kept by its owner side."""
    if user.role == ADMIN:
        return True
    return user.role == LIAISON and (milestone is None or milestone.side_id == user.side_id)


# Skill competitions -------------------------------------------------------------------------------------


@rule("competition.view")
def _competition_view(user, obj):
    return user.role in EVERYONE


@rule("competition.manage")
def _competition_manage(user, competition):
    """The organising side's liaisons enter participants and results."""
    if user.role == ADMIN:
        return True
    return user.role == LIAISON and (competition is None or competition.organiser_side_id == user.side_id)


def require(action: str, obj_loader: Callable | None = None):
    """View decorator: log-in required (Flask-Login redirects) and the action allowed, else 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                from ..extensions import login_manager

                return login_manager.unauthorized()
            obj = obj_loader(**kwargs) if obj_loader else None
            if not can(current_user, action, obj):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def login_required(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            from ..extensions import login_manager

            return login_manager.unauthorized()
        return view(*args, **kwargs)

    return wrapped


# Meetings -----------------------------------------------------------------------------------------------


def _takes_part(user, meeting) -> bool:
    """A trainer attends the meeting or owns one of its action items."""
    return meeting is not None and meeting.id in participation_ids("meeting", user.id)


@rule("meeting.view")
def _meeting_view(user, meeting):
    """Managers' meetings are open to admins, managers and liaisons; a trainer sees those they take part in."""
    if user.role in (ADMIN, MANAGER, LIAISON):
        return True
    return user.role == TRAINER and (meeting is None or _takes_part(user, meeting))


@rule("meeting.record")
def _meeting_record(user, meeting):
    """Create, edit, move along and write the minutes: admins, managers of either side, the host side's liaisons."""
    if user.role in (ADMIN, MANAGER):
        return True
    if user.role != LIAISON or user.side_id is None:
        return False
    return meeting is None or getattr(meeting, "host_side_id", None) == user.side_id


@rule("action.update")
def _action_update(user, action):
    """An action item's status: its owner, whoever may record its meeting, admins."""
    if user.role == ADMIN:
        return True
    if action is None:
        return user.role in (MANAGER, LIAISON, TRAINER)
    return action.owner_id == user.id or _meeting_record(user, action.meeting)


@rule("action.view")
def _action_view(user, action):
    """An action item: whoever may see its meeting, and its owner."""
    return action is not None and (action.owner_id == user.id or _meeting_view(user, action.meeting))


@rule("assignment.view")
def _assignment_view(user, assignment):
    """An assignment: whoever may see its trainer (a trainer only their own)."""
    return assignment is not None and _trainer_view(user, assignment.trainer)


# Notifications ------------------------------------------------------------------------------------------


@rule("notifications.admin")
def _notifications_admin(user, obj):
    """The outbox's deliveries, failures and the mail folder: admins."""
    return user.role == ADMIN


# Programme plan ------------------------------------------------------------------------------------------


@rule("plan.view")
def _plan_view(user, obj):
    return user.role in (ADMIN, MANAGER, LIAISON)


@rule("plan.manage")
def _plan_manage(user, obj):
    """Targets: admins and managers of either side; a liaison sets those of their own side (obj: the side or
    the target; None: may open the form at all)."""
    if user.role in (ADMIN, MANAGER):
        return True
    if user.role != LIAISON or user.side_id is None:
        return False
    if obj is None:
        return True
    side_id = obj.id if getattr(obj, "__tablename__", None) == "sides" else side_of(obj)
    return side_id == user.side_id


@rule("meeting.sign")
def _meeting_sign(user, meeting):
    """Whoever may see the meeting may try; the minutes' rule admits only the head of the side's delegation."""
    return _meeting_view(user, meeting)


@rule("budget.view")
def _budget_view(user, obj):
    return user.role in (ADMIN, MANAGER, LIAISON)


@rule("budget.manage")
def _budget_manage(user, obj):
    """Budget lines and per-diem rates: admins and managers; a liaison for the side that keeps the budget (a
    course's host, a trip's course host, a loan's receiving side; for a rate, its own side)."""
    if user.role in (ADMIN, MANAGER):
        return True
    if user.role != LIAISON or user.side_id is None:
        return False
    if obj is None:
        return True
    if getattr(obj, "__tablename__", None) == "sides":
        return obj.id == user.side_id
    if hasattr(obj, "host_side_id"):
        return obj.host_side_id == user.side_id
    if hasattr(obj, "course"):
        return obj.course.host_side_id == user.side_id
    return getattr(obj, "to_side_id", None) == user.side_id
