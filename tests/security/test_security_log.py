"""Security events reach the "coordinator.security" log as one JSON line each, and never carry a secret."""

from __future__ import annotations

import json
import logging

import pytest

from coordinator.security_log import log_event
from tests.factories import PASSWORD

LOGGER = "coordinator.security"


@pytest.fixture
def events(caplog):
    caplog.set_level(logging.INFO, logger=LOGGER)

    def read() -> list[dict]:
        found = []
        for record in caplog.records:
            if record.name == LOGGER:
                prefix, _, payload = record.getMessage().partition(" ")
                assert prefix == "security"
                found.append(json.loads(payload))
        return found

    read.text = lambda: caplog.text
    return read


def session_cookie(client) -> str:
    cookie = client.get_cookie("coordinator_session")
    return cookie.value if cookie else ""


def test_login_success_failure_and_logout_are_logged_without_secrets(client, users, events):
    client.post("/login", data={"username": "admin", "password": "wrong-password-123"})
    client.post("/login", data={"username": "admin", "password": PASSWORD})
    cookie = session_cookie(client)
    client.post("/logout")
    logged = events()
    assert [e["event"] for e in logged] == ["login_failure", "login_success", "logout"]
    assert logged[0]["username"] == "admin" and logged[0]["ip"] == "127.0.0.1"
    assert logged[1]["user_id"] == users["admin"].id == logged[2]["user_id"]
    text = events.text()
    assert "wrong-password-123" not in text and PASSWORD not in text
    assert cookie and cookie not in text


def test_lockout_is_logged(app_factory, users, events):
    app = app_factory(LOGIN_MAX_FAILURES=2)
    client = app.test_client()
    for _ in range(3):
        client.post("/login", data={"username": "liaison.khz", "password": "not-the-password"})
    assert [e["event"] for e in events()] == ["login_failure", "login_failure", "login_locked_out"]


def test_permission_denial_is_logged(client, users, login, events):
    login("trainer.khz")
    assert client.get("/admin/users/").status_code == 403
    denied = [e for e in events() if e["event"] == "permission_denied"]
    assert denied == [{"event": "permission_denied", "ip": "127.0.0.1", "method": "GET", "path": "/admin/users/",
                       "user_id": users["trainer_khz"].id}]


def test_password_change_and_refusal_are_logged_without_passwords(client, users, login, events):
    login("manager.khz")
    client.post("/profile/password", data={"pw-current_password": "a-wrong-one-123",
                                           "pw-new_password": "brand-new-secret-1", "pw-confirm": "brand-new-secret-1"})
    client.post("/profile/password", data={"pw-current_password": PASSWORD, "pw-new_password": "brand-new-secret-1",
                                           "pw-confirm": "brand-new-secret-1"})
    kinds = [e["event"] for e in events()]
    assert "password_change_refused" in kinds and kinds[-1] == "password_changed"
    assert "brand-new-secret-1" not in events.text() and "a-wrong-one-123" not in events.text()


def test_a_line_break_typed_as_user_name_cannot_forge_a_log_line(client, users, events):
    client.post("/login", data={"username": "x\nsecurity {\"event\": \"login_success\"}", "password": "p" * 12})
    assert [e["event"] for e in events()] == ["login_failure"]


def test_secret_fields_are_refused_by_the_logger():
    with pytest.raises(ValueError):
        log_event("login_success", password="hunter2")
    with pytest.raises(ValueError):
        log_event("api_token_use", token="abc")


def test_api_token_use_and_refusal_are_logged_without_the_token(app, client, users, events):
    from coordinator.auth.models import User
    from coordinator.auth.tokens import create_token
    from coordinator.extensions import db

    with app.app_context():
        token, secret = create_token(db.session.get(User, users["manager_khz"].id), "reports", "read")
        db.session.commit()
        token_id = token.id
    assert client.get("/api/v1/courses", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    assert client.get("/api/v1/courses", headers={"Authorization": "Bearer not-a-token"}).status_code == 401
    logged = [e for e in events() if e["event"].startswith("api_token")]
    assert [e["event"] for e in logged] == ["api_token_use", "api_token_refused"]
    assert logged[0]["token_id"] == token_id and logged[0]["user_id"] == users["manager_khz"].id
    assert secret not in events.text() and "not-a-token" not in events.text()
