"""Two app processes (gunicorn) on one PostgreSQL database behave as one installation: a session made on one
works on the other, log-out ends it on both, and log-in throttling counts failures made on either."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from flask_migrate import upgrade

from coordinator import create_app
from coordinator.config import TestConfig
from coordinator.extensions import db
from tests import factories

pytestmark = pytest.mark.skipif(
    not (os.environ.get("TEST_DATABASE_URL") or "").startswith("postgresql"),
    reason="two processes share state only through a server database: run with TEST_DATABASE_URL=postgresql...",
)
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A cookie jar shared by both servers, as one browser would use them (cookies ignore the port)."""

    def __init__(self) -> None:
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirect)

    def request(self, url: str, data: dict | None = None) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(url, data=body, timeout=20) as response:
                return response.status, response.read().decode(), response.headers.get("Location", "")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), error.headers.get("Location", "")

    def csrf(self, url: str) -> str:
        _status, page, _ = self.request(url)
        return re.search(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"', page).group(1)

    def login(self, base: str, username: str, password: str) -> int:
        token = self.csrf(base + "/login")
        return self.request(base + "/login", {"csrf_token": token, "username": username, "password": password})[0]


@pytest.fixture
def two_servers(fresh_database, tmp_path):
    url = fresh_database("coordinator_two_processes")
    config = type("Config", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url})
    app = create_app(config)
    with app.app_context():
        upgrade()
        sides = factories.seed_reference()
        factories.make_user("liaison", sides["KHZ"].id, username="liaison.khz")
        db.session.remove()
        db.engine.dispose()
    env = {**os.environ, "COORDINATOR_ENV": "production", "DATABASE_URL": url, "SECRET_KEY": "s" * 48,
           "SESSION_COOKIE_SECURE": "0", "LOGIN_MAX_FAILURES": "3", "UPLOAD_FOLDER": str(tmp_path / "uploads"),
           "IMPORT_FOLDER": str(tmp_path / "imports")}
    servers, bases, logs = [], [], []
    try:
        for _ in range(2):
            port = free_port()
            logs.append(open(tmp_path / f"gunicorn-{port}.log", "w"))  # noqa: SIM115 (closed below)
            command = [str(GUNICORN), "--workers", "1", "--bind", f"127.0.0.1:{port}", "coordinator:create_app()"]
            servers.append(subprocess.Popen(command, env=env, cwd=Path(__file__).resolve().parents[2],  # noqa: S603
                                            stdout=subprocess.DEVNULL, stderr=logs[-1]))
            bases.append(f"http://127.0.0.1:{port}")
        for base, log in zip(bases, logs, strict=True):
            for _ in range(150):
                try:
                    urllib.request.urlopen(base + "/login", timeout=2).close()  # noqa: S310 (our own http URL)
                    break
                except OSError:
                    time.sleep(0.1)
            else:
                pytest.fail(f"{base} did not start; see {log.name}")
        yield bases
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(20)
        for log in logs:
            log.close()


def test_a_session_made_on_one_process_works_on_the_other(two_servers):
    first, second = two_servers
    browser = Browser()
    assert browser.login(first, "liaison.khz", factories.PASSWORD) == 302
    status, page, _ = browser.request(second + "/profile")
    assert status == 200 and "liaison.khz" in page
    # Logging out on the second ends the session on the first as well (sessions live in the database).
    token = browser.csrf(second + "/profile")
    assert browser.request(second + "/logout", {"csrf_token": token})[0] == 302
    status, _page, location = browser.request(first + "/profile")
    assert status == 302 and "/login" in location


def test_login_throttling_counts_failures_on_both_processes(two_servers):
    first, second = two_servers
    browser = Browser()
    assert browser.login(first, "liaison.khz", "wrong-password-1") == 401
    assert browser.login(second, "liaison.khz", "wrong-password-2") == 401
    assert browser.login(first, "liaison.khz", "wrong-password-3") == 401
    # Three failures in all (LOGIN_MAX_FAILURES=3), spread over two processes: both now refuse.
    assert browser.login(second, "liaison.khz", factories.PASSWORD) == 429
    assert browser.login(first, "liaison.khz", factories.PASSWORD) == 429
