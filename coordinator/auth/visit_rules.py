"""Who may do what with study visits: the host side receives (programme, accepting, confirming, recording that
it took place), the visiting side sends (its delegation, the lessons, the report); either side proposes or
cancels; managers read everything."""

from __future__ import annotations

from .roles import ADMIN, LIAISON, MANAGER, TRAINER
from .rules import rule


def _liaison_of(user, side_id) -> bool:
    return user.role == LIAISON and user.side_id is not None and user.side_id == side_id


def _delegate(user, visit) -> bool:
    """The user travels on the visit: as a trainer of the delegation, or as a guest linked to their account."""
    return any(d.user_id == user.id or (d.trainer is not None and d.trainer.user_id == user.id)
               for d in visit.delegates)


@rule("visit.view")
def _visit_view(user, visit):
    """Admins, managers and liaisons of both sides; a trainer the visits they travel on (the list shows a trainer
    only those)."""
    if user.role in (ADMIN, MANAGER, LIAISON):
        return True
    return user.role == TRAINER and (visit is None or _delegate(user, visit))


@rule("visit.propose")
def _visit_propose(user, obj):
    """Either side's liaisons propose a visit (the service checks the side is theirs)."""
    return user.role in (ADMIN, LIAISON)


@rule("visit.take_part")
def _visit_take_part(user, visit):
    """The visit's common record (title, purpose, dates, contacts) and cancelling: both sides' liaisons."""
    if user.role == ADMIN:
        return True
    return visit is not None and any(_liaison_of(user, s) for s in visit.side_ids)


@rule("visit.host")
def _visit_host(user, visit):
    """The programme and places, accepting, confirming and recording that it took place: the host side."""
    return user.role == ADMIN or (visit is not None and _liaison_of(user, visit.host_side_id))


@rule("visit.delegation")
def _visit_delegation(user, visit):
    """The delegation, the lessons and their follow-ups, the report: the visiting side."""
    return user.role == ADMIN or (visit is not None and _liaison_of(user, visit.guest_side_id))


def follow_up_update(user, action) -> bool:
    """A visit's follow-up: its owner, the managers, both sides' liaisons of the visit."""
    visit = action.visit
    return user.role == MANAGER or action.owner_id == user.id or (
        visit is not None and _visit_take_part(user, visit))
