"""Rules that must hold when two requests run at once: row locks, and unique constraints turned into
ConflictErrors. Services call these; they flush, never commit."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .errors import ConflictError
from .extensions import db


def lock(model, record_id: int) -> bool:
    """Hold `record_id`'s row until the commit, so a rule checked next sees every earlier writer's rows.

    PostgreSQL: `FOR NO KEY UPDATE` on the row alone (refused on the outer joins eager loads add): lockers
    and writers of the row wait, rows that merely point at it (an approval, a session) may still be added.
    SQLite: ops.sqlite_locks turns it into the database's write lock. Returns False when the row is gone
    (deleted by a request that held it first)."""
    found = db.session.execute(select(model.id).where(model.id == record_id)
                               .with_for_update(key_share=True)).first()
    return found is not None


def lock_and_refresh(obj) -> None:
    """Lock the record's row, then read it again: what was loaded before the lock may be stale.
    Call it before changing the object (a refresh drops changes not yet flushed)."""
    lock(type(obj), obj.id)
    db.session.refresh(obj)


def begin_write() -> None:
    """SQLite: open the write transaction now. Python's sqlite3 begins a transaction only at the first
    INSERT/UPDATE/DELETE, and a SAVEPOINT opened outside one becomes the outer transaction: releasing it
    would commit at once, and a later rollback of the request would not undo it."""
    connection = db.session.connection()
    if connection.dialect.name != "sqlite":
        return
    if not connection.connection.dbapi_connection.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def savepoint():
    """The writes inside run in a savepoint: if they fail, only they are undone and the request goes on."""
    begin_write()
    with db.session.begin_nested():
        yield


@contextmanager
def conflict_on_duplicate(message, field: str | None = None):
    """The writes inside (flushed at the end) in a savepoint; a unique constraint they break becomes a
    ConflictError with `message` — a clean 409 — instead of an IntegrityError and a 500."""
    try:
        with savepoint():
            yield
    except IntegrityError as exc:
        raise ConflictError(message, field=field) from exc
