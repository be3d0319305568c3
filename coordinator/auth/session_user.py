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

_statement = None


def _build():
    side_table = User.side.property.mapper.local_table
    users, sessions = User.__table__, UserSession.__table__
    extras = [make(users.c.id).label(f"x_{name}") for name, make in sorted(PER_REQUEST.items())]
    return (select(sessions.c.revoked_at, sessions.c.expires_at,
                   *(c.label(f"u_{c.key}") for c in users.c),
                   *(c.label(f"s_{c.key}") for c in side_table.c), *extras)
            .join(users, users.c.id == sessions.c.user_id)
            .outerjoin(side_table, side_table.c.id == users.c.side_id)
            .where(sessions.c.token == bindparam("token")))


def statement():
    global _statement
    if _statement is None:
        _statement = _build()
    return _statement


def _attach(mapper, values: dict):
    """A persistent instance made from a row's values, or the one the database session already holds."""
    key = mapper.identity_key_from_primary_key([values[c.key] for c in mapper.primary_key])
    existing = db.session.identity_map.get(key)
    if existing is not None:
        return existing
    obj = mapper.class_manager.new_instance()
    for name, value in values.items():
        set_committed_value(obj, mapper.get_property_by_column(mapper.local_table.c[name]).key, value)
    make_transient_to_detached(obj)
    db.session.add(obj)
    return obj


def load(token: str | None) -> User | None:
    """The user of a live session, or None when it expired, was revoked or the account was disabled."""
    if not token:
        return None
    row = db.session.connection().execute(statement(), {"token": token}).mappings().first()
    if row is None or row["revoked_at"] is not None or row["expires_at"] <= utcnow() or not row["u_active"]:
        return None
    user_mapper = User.__mapper__
    user = _attach(user_mapper, {key[2:]: value for key, value in row.items() if key.startswith("u_")})
    if row["u_side_id"] is not None and "side" not in user.__dict__:
        side_mapper = User.side.property.mapper
        side = _attach(side_mapper, {key[2:]: value for key, value in row.items() if key.startswith("s_")})
        set_committed_value(user, "side", side)
    elif row["u_side_id"] is None:
        set_committed_value(user, "side", None)
    g.session_figures = {key[2:]: value for key, value in row.items() if key.startswith("x_")}
    g.session_figures["user_id"] = user.id
    user.session_token = token
    return user
