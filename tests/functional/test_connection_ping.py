"""PostgreSQL connections are not tried before every request (the pool's pre-ping cost a round trip each), only
when they have been idle for a while (db.ping_idle_connections): one the server closed meanwhile is replaced
before a request gets it, and the page is served."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from coordinator import db as database
from coordinator.extensions import db

SERVER_CLOSES = ("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                 "WHERE datname = current_database() AND pid <> pg_backend_pid()")


@pytest.fixture
def postgresql(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("a server closing connections: PostgreSQL only")
    return database_url


def test_a_connection_the_server_closed_while_idle_is_replaced_before_a_page_uses_it(
        app, client, users, login, postgresql, monkeypatch):
    login("liaison.khz")
    assert client.get("/courses/").status_code == 200
    closer = create_engine(postgresql, isolation_level="AUTOCOMMIT")
    with closer.connect() as connection:
        assert connection.execute(text(SERVER_CLOSES)).scalar() >= 1  # the app's pooled connections
    closer.dispose()
    monkeypatch.setattr(database, "PING_AFTER_SECONDS", 0.0)  # idle long enough to be tried
    try:
        page = client.get("/courses/")
        assert page.status_code == 200 and "دوره‌های مشترک" in page.get_data(as_text=True)
    finally:
        with app.app_context():
            db.engine.dispose()  # other closed connections may still wait in the pool: not for the next test
