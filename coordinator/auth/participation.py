"""What a trainer takes part in: the courses they are assigned to, the meetings they attend or own an action
item in.

Those areas sit above auth, which the permission rules live in: create_app hands each area's query over at
start-up (`PARTICIPATION`), so the rules ask without importing upward.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import g, has_request_context
from sqlalchemy import CompoundSelect, Select

from ..extensions import db

# kind ("course", "meeting") → (user id → SELECT of the ids of the records of that kind they take part in)
PARTICIPATION: dict[str, Callable[[int], Select | CompoundSelect]] = {}


def participation_query(kind: str, user_id: int) -> Select | CompoundSelect:
    """The ids of the records of a kind ("course", "meeting") a person takes part in, as a subquery."""
    return PARTICIPATION[kind](user_id)


def participation_ids(kind: str, user_id: int) -> set[int]:
    """The same as a set, looked up once per request."""
    cache = g.setdefault("participation", {}) if has_request_context() else {}
    if (kind, user_id) not in cache:
        cache[kind, user_id] = set(db.session.scalars(participation_query(kind, user_id)))
    return cache[kind, user_id]
