"""Who may do what in the managers' layer: meetings and action items, notifications, the plan and budgets."""

from __future__ import annotations

from .cooperation_rules import _trainer_view
from .participation import participation_ids
from .roles import ADMIN, LIAISON, MANAGER, TRAINER
from .rules import rule, side_of
from .visit_rules import _visit_view, follow_up_update

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
    if action.meeting_id is None:
        return follow_up_update(user, action)
    return action.owner_id == user.id or _meeting_record(user, action.meeting)


@rule("action.view")
def _action_view(user, action):
    """An action item: whoever may see its meeting (a visit's follow-up: its visit), and its owner."""
    if action is not None and action.meeting_id is None:
        return action.owner_id == user.id or _visit_view(user, action.visit)
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
