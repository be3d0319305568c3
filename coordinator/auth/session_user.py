"""The signed-in person of a request, from one SQL statement and without the ORM's loading machinery.

Every page of a signed-in person asks who they are. Loaded through the ORM (the session row, joined to the
account, joined to its side) this was a fifth of an empty page's time. Here one prepared statement reads the
session's state, the account's and its side's columns, and whatever per-request figures the areas above have
registered in PER_REQUEST (the bell's unread count), in one round trip; the account and side objects are then
put together from the row and placed in the database session as if a query had loaded them, so everything
that follows (relationships, edits, the identity map) behaves as before. Nothing is kept between requests: a
revoked or expired session, a disabled account or a changed role is seen on the very next request.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import g
from sqlalchemy import bindparam, select
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from ..db import utcnow
from ..extensions import db
from .models import User, UserSession

# name → a function of the account's id column giving a scalar subquery; filled by create_app
# (register_cross_area_answers), since the figures belong to areas above this one. The values land in
# g.session_figures for the request.
PER_REQUEST: dict[str, Callable] = {}

_prepared = None


class _Prepared:
    """The statement and, for each object it fills, which of the row's positions go to which attribute."""

    def __init__(self) -> None:
        user_mapper = User.__mapper__
        side_mapper = User.side.property.mapper
        users, sessions, sides = User.__table__, UserSession.__table__, side_mapper.local_table
        self.user_mapper, self.side_mapper = user_mapper, side_mapper
        self.extras = sorted(PER_REQUEST)
        columns = [sessions.c.revoked_at, sessions.c.expires_at]
        self.user_fields = [(len(columns) + i, user_mapper.get_property_by_column(c).key)
                            for i, c in enumerate(users.c)]
        columns += list(users.c)
        self.side_fields = [(len(columns) + i, side_mapper.get_property_by_column(c).key)
                            for i, c in enumerate(sides.c)]
        columns += [c.label(f"side_{c.key}") for c in sides.c]
        self.extra_positions = [(len(columns) + i, name) for i, name in enumerate(self.extras)]
        columns += [PER_REQUEST[name](users.c.id).label(f"x_{name}") for name in self.extras]
        self.user_id = 2 + list(users.c).index(users.c.id)
        self.user_side_id = 2 + list(users.c).index(users.c.side_id)
        self.user_active = 2 + list(users.c).index(users.c.active)
        self.statement = (select(*columns).join(users, users.c.id == sessions.c.user_id)
                          .outerjoin(sides, sides.c.id == users.c.side_id)
                          .where(sessions.c.token == bindparam("token")))


def prepared() -> _Prepared:
    global _prepared
    if _prepared is None or _prepared.extras != sorted(PER_REQUEST):
        _prepared = _Prepared()
    return _prepared


def statement():
    return prepared().statement


def _attach(mapper, row, fields, ident):
    """A persistent instance made from the row's values, or the one the database session already holds."""
    existing = db.session.identity_map.get(mapper.identity_key_from_primary_key([ident]))
    if existing is not None:
        return existing
    obj = mapper.class_manager.new_instance()
    values = obj.__dict__
    for position, key in fields:
        values[key] = row[position]
    make_transient_to_detached(obj)  # every value set counts as loaded, as after a query
    db.session.add(obj)
    return obj


def load(token: str | None) -> User | None:
    """The user of a live session, or None when it expired, was revoked or the account was disabled."""
    if not token:
        return None
    plan = prepared()
    row = db.session.connection().execute(plan.statement, {"token": token}).first()
    if row is None or row[0] is not None or row[1] <= utcnow() or not row[plan.user_active]:
        return None
    user = _attach(plan.user_mapper, row, plan.user_fields, row[plan.user_id])
    if "side" not in user.__dict__:
        side_id = row[plan.user_side_id]
        side = None if side_id is None else _attach(plan.side_mapper, row, plan.side_fields, side_id)
        set_committed_value(user, "side", side)
    g.session_figures = {name: row[position] for position, name in plan.extra_positions}
    g.session_figures["user_id"] = user.id
    user.session_token = token
    return user
