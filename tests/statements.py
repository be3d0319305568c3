"""The SQL statements a page runs: what the query-count tests compare at two sizes of data."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from coordinator.extensions import db


def page_statements(app, client, url: str) -> tuple[list[str], str]:
    """(statements of the second visit, its HTML): the first visit may fill per-process caches."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        seen.append(" ".join(statement.split())[:160])

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.get(url).status_code == 200
        seen.clear()
        page = client.get(url)
        assert page.status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return seen, page.get_data(as_text=True)


@contextmanager
def statements_sent(app) -> Iterator[list[str]]:
    """The SQL statements the app's engine sends inside the block, as a list filled while it runs."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)
