"""A request that only read ends its transaction with COMMIT on PostgreSQL (psycopg drops every prepared statement
on a ROLLBACK, so pages planned every statement again); anything it wrote and did not commit is still undone."""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, select, update

from coordinator.catalog.models import Centre
from coordinator.extensions import db
from tests import factories


def _centre(sides, name: str) -> Centre:
    return Centre(side_id=sides["KHZ"].id, kind="government", name_fa=name, name_ar=name, city_fa="اهواز",
                  city_ar="الأهواز")


def _count(app, name: str) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Centre).where(Centre.name_fa == name))


def test_a_request_that_flushed_without_committing_is_undone(app, sides):
    with app.test_request_context("/"):
        db.session.add(_centre(sides, "مرکز نوشته‌شده"))
        db.session.flush()  # sent to the database, never committed: the request ends here
    assert _count(app, "مرکز نوشته‌شده") == 0


def test_a_request_with_something_pending_is_undone(app, sides):
    with app.test_request_context("/"):
        db.session.scalar(select(func.count()).select_from(Centre))
        db.session.add(_centre(sides, "مرکز در انتظار"))  # added, not flushed
    assert _count(app, "مرکز در انتظار") == 0


def test_an_update_sent_without_the_orm_and_not_committed_is_undone(app, sides):
    with app.app_context():
        centre = factories.make_centre(sides["KHZ"].id, name_fa="مرکز پیشین")
    with app.test_request_context("/"):
        db.session.execute(update(Centre).where(Centre.id == centre).values(name_fa="مرکز دیگر"))
    assert _count(app, "مرکز پیشین") == 1 and _count(app, "مرکز دیگر") == 0


def test_a_page_that_only_reads_keeps_its_statements_prepared_on_postgresql(app, client, users, login):
    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "postgresql":
        pytest.skip("prepared statements: psycopg on PostgreSQL")
    login("liaison.khz")
    used = []
    listener = lambda conn, cursor, *args: used.append(cursor.connection)  # noqa: E731
    event.listen(engine, "after_cursor_execute", listener)
    try:
        for _ in range(7):  # psycopg prepares a statement on its sixth use
            assert client.get("/courses/").status_code == 200
    finally:
        event.remove(engine, "after_cursor_execute", listener)
    connection = used[-1]
    assert connection.info.transaction_status == 0  # idle: the request's transaction was ended
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        prepared = cursor.fetchone()[0]
    connection.rollback()
    assert prepared > 0
