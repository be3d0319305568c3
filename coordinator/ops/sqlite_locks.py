"""Row locks on SQLite: make `SELECT ... FOR UPDATE` take the database's write lock.

SQLite ignores FOR UPDATE, and Python's sqlite3 runs reads outside any transaction, so two requests could
both check "is this slot free?" and both insert. Before such a select we run an UPDATE that matches no row:
it opens the write transaction at once, so the second request waits (busy timeout) until the first commits
and then sees its rows — the same order PostgreSQL's row lock gives.
"""

from __future__ import annotations

from sqlalchemy import Select, event, false, update
from sqlalchemy.orm import Session


def install() -> None:
    if not event.contains(Session, "do_orm_execute", _take_write_lock):
        event.listen(Session, "do_orm_execute", _take_write_lock)


def _take_write_lock(state) -> None:
    statement = state.statement
    if not isinstance(statement, Select) or statement._for_update_arg is None:
        return
    if state.session.get_bind().dialect.name != "sqlite":
        return
    tables = [f for f in statement.get_final_froms() if hasattr(f, "primary_key") and f.primary_key.columns]
    if not tables:
        return
    table = tables[0]
    key = next(iter(table.primary_key.columns))
    state.session.execute(update(table).where(false()).values({key: key}))
