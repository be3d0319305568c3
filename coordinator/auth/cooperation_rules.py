"""Who may do what in the cooperation: the trainer exchange, shared equipment and agro-industry tracks."""

from __future__ import annotations

from .roles import ADMIN, LIAISON, MANAGER, TRAINER
from .rules import EVERYONE, rule
from .scope import hides
from .training_rules import _host_liaison

# Trainer exchange ---------------------------------------------------------------------------------------


def _own_trainer(user, trainer) -> bool:
    return trainer is not None and trainer.user_id is not None and trainer.user_id == user.id


@rule("trainer.view")
def _trainer_view(user, trainer):
    """Liaisons and managers of both sides plan the exchange (a liaison scoped to a centre: of their own side,
    that centre's trainers); a trainer sees their own profile."""
    if user.role in (ADMIN, MANAGER):
        return True
    if user.role == LIAISON:
        return not hides(user, trainer)
    return user.role == TRAINER and (trainer is None or _own_trainer(user, trainer))


@rule("trainer.manage")
def _trainer_manage(user, trainer):
    """A trainer's profile is kept by their home side's liaisons."""
    if user.role == ADMIN:
        return True
    return user.role == LIAISON and (trainer is None or (trainer.side_id == user.side_id
                                                          and not hides(user, trainer)))


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


def _trip_sides(trip) -> tuple:
    """A group trip's two sides: the one hosting its course and the one travelling (a course alone: its host)."""
    course = getattr(trip, "course", trip)
    return getattr(course, "host_side_id", None), getattr(trip, "side_id", None)


@rule("group_trip.view")
def _group_trip_view(user, trip):
    """A trainee group's trip and its crossing list: both sides' liaisons, managers and admins."""
    if user.role in (ADMIN, MANAGER):
        return True
    return user.role == LIAISON and user.side_id is not None and (trip is None or user.side_id in _trip_sides(trip))


@rule("group_trip.manage")
def _group_trip_manage(user, trip):
    """The travelling side's liaisons plan the trip and keep their trainees' documents."""
    if user.role == ADMIN:
        return True
    return user.role == LIAISON and user.side_id is not None and (
        trip is None or user.side_id == getattr(trip, "side_id", None))


@rule("group_trip.confirm")
def _group_trip_confirm(user, trip):
    """The host side confirms it receives the group."""
    return user.role == ADMIN or (trip is not None and user.role == LIAISON and user.side_id is not None
                                  and user.side_id == _trip_sides(trip)[0])


@rule("exchange.figures")
def _exchange_figures(user, obj):
    return user.role in (ADMIN, MANAGER, LIAISON)


# Shared equipment ---------------------------------------------------------------------------------------

@rule("equipment.view")
def _equipment_view(user, obj):
    """Both sides' equipment is shared; a liaison scoped to a centre sees, of their own side, that centre's."""
    return user.role in EVERYONE and not hides(user, obj)


@rule("equipment.manage")
def _equipment_manage(user, item):
    """The register, maintenance and dispatching of an item: its owner side."""
    if user.role == ADMIN:
        return True
    return user.role == LIAISON and (item is None or (item.side_id == user.side_id and not hides(user, item)))


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
