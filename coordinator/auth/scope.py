"""A liaison scoped to one centre (users.centre_id): of their own side, they see and edit only that centre's
records (its courses, trainees, trainers and equipment); the other side's records they share in the cooperation
stay in view. Rules ask `outside_scope`; lists narrow their query by `scope_condition`."""

from __future__ import annotations

from sqlalchemy import or_

from .roles import LIAISON

# Where a record keeps its side and centre: a course by its host, the others by their own columns.
_COLUMNS = (("host_side_id", "host_centre_id"), ("side_id", "centre_id"))
_MISSING = object()


def scope_of(user) -> int | None:
    """The one centre the user is limited to, or None (not scoped)."""
    if getattr(user, "role", None) != LIAISON:
        return None
    return getattr(user, "centre_id", None)


def outside_scope(user, side_id, centre_id) -> bool:
    """Is a record of (side, centre) hidden from the user by their centre scope?"""
    scope = scope_of(user)
    return scope is not None and side_id == user.side_id and centre_id != scope


def hides(user, record) -> bool:
    """Is this record (of any kind keeping a side and a centre) hidden from the user by their centre scope?"""
    if record is None or scope_of(user) is None:
        return False
    for side_name, centre_name in _COLUMNS:
        side_id, centre_id = getattr(record, side_name, _MISSING), getattr(record, centre_name, _MISSING)
        if side_id is not _MISSING and centre_id is not _MISSING:
            return outside_scope(user, side_id, centre_id)
    return False


def scope_condition(user, side_column, centre_column):
    """The SQL condition a list is narrowed by for a scoped user (None: not scoped)."""
    scope = scope_of(user)
    if scope is None:
        return None
    return or_(side_column != user.side_id, centre_column == scope)
