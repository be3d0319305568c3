"""Fixtures: an app on SQLite (or PostgreSQL when TEST_DATABASE_URL is set), a clean database per test,
clients, users of every role and side, and a log-in helper."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, delete, text
from sqlalchemy.engine import make_url

from coordinator import create_app
from coordinator.config import TestConfig
from coordinator.extensions import db
from tests import factories


@pytest.fixture(scope="session")
def database_url(tmp_path_factory, worker_id) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        # A file, not memory: WAL, busy timeouts and several connections behave as in production.
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
    if worker_id == "master":
        return url
    # pytest-xdist: each worker empties tables after every test, so each needs a database of its own.
    name = f"{make_url(url).database}_{worker_id}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    files = tmp_path_factory.mktemp("files")

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url
        UPLOAD_FOLDER = str(files / "uploads")
        IMPORT_FOLDER = str(files / "imports")

    app = create_app(Config)
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean_database(request):
    """Every test starts from empty tables (faster than re-creating them on PostgreSQL)."""
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        db.session.rollback()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(delete(table))
        db.session.commit()
        db.session.remove()


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield app
        db.session.rollback()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def sides(app):
    """The two sides and the seeded reference data, as a dict by code."""
    with app.app_context():
        return factories.seed_reference()


@pytest.fixture
def users(app, sides):
    """One account per role and side: admin, liaison_khz, liaison_msn, trainer_khz, ..., manager_msn."""
    with app.app_context():
        return factories.role_users(sides)


@pytest.fixture
def login(client):
    def do_login(username: str, password: str = factories.PASSWORD, test_client=None):
        response = (test_client or client).post(
            "/login", data={"username": username, "password": password}, follow_redirects=False
        )
        assert response.status_code == 302, response.get_data(as_text=True)
        # On PostgreSQL the app keeps who is signed in only once its thread hears other processes' changes
        # (coordinator/watch.py): waited for here, so the pages after a log-in run the same statements every time.
        watch = (test_client or client).application.extensions.get("watch")
        if watch is not None:
            assert watch.wait_listening()
        return response

    return do_login


@pytest.fixture
def app_factory(database_url):
    """Make extra apps on the test database; their connections are closed after the test."""
    made = []

    def make(**settings):
        config = type("Config", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": database_url, **settings})
        made.append(create_app(config))
        return made[-1]

    yield make
    for extra in made:
        with extra.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def csrf_app(app, app_factory):
    """An app with CSRF protection on, as in production."""
    return app_factory(WTF_CSRF_ENABLED=True)
