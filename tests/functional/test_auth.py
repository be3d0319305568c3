"""Log-in, throttling, server-side sessions, password change and cookie flags."""

from __future__ import annotations

import pytest

from coordinator.auth.models import LoginFailure, User
from coordinator.extensions import db
from tests.factories import PASSWORD


def test_login_and_logout(client, users, login):
    assert "/login?next=" in client.get("/").headers["Location"]
    login("liaison.khz")
    assert client.get("/").status_code == 200
    response = client.post("/logout")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_wrong_password_is_refused_and_counted(app, client, users):
    response = client.post("/login", data={"username": "liaison.khz", "password": "wrong"},
                           headers={"Accept-Language": "en"})
    assert response.status_code == 401
    assert "user name or password is wrong" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(LoginFailure).count() == 1


def test_login_accepts_username_in_any_case_and_digits(client, users):
    response = client.post("/login", data={"username": "  LIAISON.KHZ ", "password": PASSWORD})
    assert response.status_code == 302


def test_login_is_throttled_after_repeated_failures(app, client, users):
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert client.post("/login", data={"username": "admin", "password": "nope"}).status_code == 401
    # Even the right password is refused while throttled.
    response = client.post("/login", data={"username": "admin", "password": PASSWORD},
                           headers={"Accept-Language": "en"})
    assert response.status_code == 429
    assert response.headers["Retry-After"]
    assert "Too many failed log-in attempts" in response.get_data(as_text=True)
    # Another account from the same address is not locked by these failures.
    assert client.post("/login", data={"username": "manager.khz", "password": PASSWORD}).status_code == 302


def test_successful_login_clears_failures(app, client, users):
    client.post("/login", data={"username": "admin", "password": "nope"})
    client.post("/login", data={"username": "admin", "password": PASSWORD})
    with app.app_context():
        assert db.session.query(LoginFailure).filter_by(username_key="admin").count() == 0


def test_disabled_account_cannot_log_in(app, client, users):
    with app.app_context():
        db.session.get(User, users["trainer_khz"].id).active = False
        db.session.commit()
    assert client.post("/login", data={"username": "trainer.khz", "password": PASSWORD}).status_code == 401


def test_copied_cookie_stops_working_after_logout(app, client, users, login):
    login("manager.msn")
    cookie = client.get_cookie("coordinator_session").value
    client.post("/logout")
    thief = app.test_client()
    thief.set_cookie("coordinator_session", cookie)
    assert thief.get("/").status_code == 302


def test_password_change_ends_every_session(app, client, users, login):
    other = app.test_client()
    login("liaison.msn")
    login("liaison.msn", test_client=other)
    response = client.post("/profile/password", data={
        "pw-current_password": PASSWORD, "pw-new_password": "a-new-long-password",
        "pw-confirm": "a-new-long-password",
    })
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    assert other.get("/").status_code == 302
    assert client.get("/").status_code == 302
    assert client.post("/login", data={"username": "liaison.msn", "password": PASSWORD}).status_code == 401
    login("liaison.msn", password="a-new-long-password")


def test_password_change_refuses_wrong_current_or_short_password(app, client, users, login):
    login("trainer.msn")
    wrong = client.post("/profile/password", data={
        "pw-current_password": "not-it", "pw-new_password": "another-long-one", "pw-confirm": "another-long-one",
    }, headers={"Accept-Language": "en"})
    assert wrong.status_code == 400
    short = client.post("/profile/password", data={
        "pw-current_password": PASSWORD, "pw-new_password": "short", "pw-confirm": "short",
    })
    assert short.status_code == 400
    # Still logged in, old password still valid.
    assert client.get("/").status_code == 200


def test_preferences_save_language_and_clock(app, client, users, login):
    login("trainer.khz")
    response = client.post("/profile/preferences", data={"prefs-locale": "ar", "prefs-timezone": "Asia/Baghdad"})
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert 'lang="ar"' in page
    bad = client.post("/profile/preferences", data={"prefs-locale": "xx", "prefs-timezone": "Mars/Base"})
    assert bad.status_code == 400
    with app.app_context():
        user = db.session.get(User, users["trainer_khz"].id)
        assert (user.locale, user.timezone) == ("ar", "Asia/Baghdad")


def test_a_clock_no_one_offers_is_refused_and_the_profile_still_shows(app, client, users, login):
    """An invisible control character for the zone (str.strip() empties it) was once taken as "none chosen"
    without checking the choices, stored, and every page that shows a time to that person answered 500."""
    login("trainer.khz")
    for zone in ("\x1f", "\u2028", "Mars/Base"):
        bad = client.post("/profile/preferences", data={"prefs-locale": "en", "prefs-timezone": zone},
                          headers={"Accept-Language": "en"})
        assert bad.status_code == 400
        assert "Not a valid choice" in bad.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, users["trainer_khz"].id).timezone is None
        # The service holds the rule too, for any other way in.
        from coordinator.auth.services import save_preferences
        from coordinator.errors import ValidationFailed

        with pytest.raises(ValidationFailed) as refused:
            save_preferences(db.session.get(User, users["trainer_khz"].id), "en", "\x1f")
        assert refused.value.field == "timezone"
        db.session.rollback()
    assert client.get("/profile").status_code == 200


def test_session_cookie_flags(client, users, login):
    response = login("admin")
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("coordinator_session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Expires=" in cookie  # bounded lifetime


def test_next_parameter_never_leaves_the_site(client, users):
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.post("/login", data={"username": "admin", "password": PASSWORD, "next": target})
        assert response.headers["Location"] == "/"
        client.post("/logout")
    response = client.post("/login", data={"username": "admin", "password": PASSWORD,
                                           "next": "/catalog/centres/"})
    assert response.headers["Location"] == "/catalog/centres/"


def test_login_form_needs_csrf_token(csrf_app, users):
    client = csrf_app.test_client()
    response = client.post("/login", data={"username": "admin", "password": PASSWORD},
                           headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert "form has expired" in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)
