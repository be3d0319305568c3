"""The signed-in person of a request, from one SQL statement and without the ORM's loading machinery.

Every page of a signed-in person asks who they are. Loaded through the ORM (the session row, joined to the
account, joined to its side) this was a fifth of an empty page's time. Here one prepared statement reads the
session's state, the account's and its side's columns, and whatever per-request figures the areas above have
registered in PER_REQUEST (the bell's unread count), in one round trip; the account and side objects are then
put together from the row and placed in the database session as if a query had loaded them, so everything
that follows (relationships, edits, the identity map) behaves as before.

The row is then kept per process under the session's token (watch.KeptWhileUnwritten) while no table it was read
from has been written (watch.py: the mark moves after any commit that wrote one, in every process of the app), and
at most SESSION_TRUST_SECONDS: a revoked session, a disabled account, a changed role or a new notice is seen on the
next request, here or in another process, and a session's expiry is checked on every request. Asking the
database who is signed in was most of a signed-in page's floor. A row read while the mark was unknown (on
PostgreSQL, before the listening thread is connected) is used once and not kept.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, g
from sqlalchemy import Table, bindparam, select
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.sql.util import find_tables

from ..db import attach_loaded, utcnow
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


def _attach(mapper, row, fields):
    """A persistent instance made from the row's values, or the one the database session already holds."""
    return attach_loaded(db.session(), mapper.class_, {key: row[position] for position, key in fields})


def read_from() -> set[str]:
    """The tables the session's statement reads (PER_REQUEST's too): a write to any of them moves the watch's mark."""
    return {t.name for t in find_tables(statement(), check_columns=True) if isinstance(t, Table)}


def _live(plan: _Prepared, row) -> bool:
    return row is not None and row[0] is None and row[1] > utcnow() and bool(row[plan.user_active])


def load(token: str | None) -> User | None:
    """The user of a live session, or None when it expired, was revoked or the account was disabled."""
    if not token:
        return None
    plan = prepared()
    kept = current_app.extensions.get("kept_per_process")
    key = ("session", token, plan)
    row = kept.get(key) if kept is not None else None
    if row is None:
        mark = kept.watch.mark() if kept is not None else None  # before the query: a change during it moves it
        row = db.session.connection().execute(plan.statement, {"token": token}).first()
        if mark is not None and _live(plan, row):
            kept.put(key, row, mark)
    if not _live(plan, row):
        return None
    user = _attach(plan.user_mapper, row, plan.user_fields)
    if "side" not in user.__dict__:
        side_id = row[plan.user_side_id]
        side = None if side_id is None else _attach(plan.side_mapper, row, plan.side_fields)
        set_committed_value(user, "side", side)
    g.session_figures = {name: row[position] for position, name in plan.extra_positions}
    g.session_figures["user_id"] = user.id
    user.session_token = token
    return user
