"""Browser journeys: the app served by a real server on a temporary SQLite database with the demo data,
driven by Debian's Chromium through Playwright.

They run once per test run, on SQLite: when TEST_DATABASE_URL is set (the PostgreSQL pass of .ci/run) the
folder is skipped, since the live server keeps its own SQLite file and the journeys would only repeat.
Without Chromium they are skipped with a clear message, except under CI, where a missing browser fails.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from flask import g
from werkzeug.serving import make_server

from coordinator import create_app
from coordinator.config import TestConfig
from coordinator.extensions import db

CHROMIUM = "/usr/bin/chromium"
MISSING = f"Chromium not found at {CHROMIUM}: browser journeys skipped"
ON_POSTGRESQL = "TEST_DATABASE_URL is set: browser journeys run in the SQLite pass only (they keep their own database)"
HERE = Path(__file__).resolve().parent


def _skip_reason() -> str | None:
    if os.environ.get("TEST_DATABASE_URL"):
        return ON_POSTGRESQL
    if not os.path.exists(CHROMIUM):
        return MISSING
    return None


@pytest.fixture(scope="session", autouse=True)
def _browser_available():
    reason = _skip_reason()
    if reason == MISSING and os.environ.get("CI"):
        pytest.fail(f"{MISSING} — CI must install it (apt-get install -y chromium fonts-noto-core)", pytrace=False)
    if reason:
        pytest.skip(reason)


def pytest_terminal_summary(terminalreporter):
    # A skipped folder is easy to miss in a row of "s": say it in words at the end of the run (this runs in the
    # controlling process, also under pytest-xdist).
    reason = _skip_reason()
    if reason and terminalreporter.stats.get("skipped"):
        terminalreporter.write_line(f"NOTE: {reason}", yellow=True, bold=True)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium, never Playwright's download; no sandbox when running as root in a container.
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
    }


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Screenshots land here (gitignored); CI may point BROWSER_ARTIFACTS elsewhere to keep them."""
    folder = Path(os.environ.get("BROWSER_ARTIFACTS") or HERE / "artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def live_app(tmp_path_factory, _browser_available):
    """The app on its own SQLite file, loaded with the same demo data as `flask demo-data`."""
    from coordinator import demo

    folder = tmp_path_factory.mktemp("live")

    class LiveConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{folder / 'live.sqlite'}"
        UPLOAD_FOLDER = str(folder / "uploads")
        IMPORT_FOLDER = str(folder / "imports")
        WTF_CSRF_ENABLED = True  # a real browser posts the tokens, as in production
        PAGE_SIZE = 25
        VERIFY_MAX_LOOKUPS = 1000

    app = create_app(LiveConfig)
    with app.app_context():
        db.create_all()
        g.actor_id = None
        demo.load()
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(live_app):
    """The app behind werkzeug's threaded server on a free port; its base URL."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server


@pytest.fixture
def as_user(browser, live_server, artifacts):
    """Open a fresh browser context logged in as a demo user (None: a visitor), viewing pages in `lang`."""
    from tests.browser.pages import Session

    opened = []

    def open_as(username: str | None, lang: str) -> Session:
        if username is None:
            session = Session.visitor(browser, live_server, artifacts, lang)
        else:
            session = Session.login(browser, live_server, artifacts, username, lang)
        opened.append(session)
        return session

    yield open_as
    for session in opened:
        session.close()


@pytest.fixture(scope="session")
def in_app(live_app):
    """Run a function inside the live app (to look records up or set the scene); it commits."""

    def run(function, *args, **kwargs):
        with live_app.app_context():
            g.actor_id = None
            try:
                result = function(*args, **kwargs)
                db.session.commit()
                return result
            finally:
                db.session.remove()

    return run
