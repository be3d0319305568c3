"""One password policy at every door: the profile form, an administrator creating or resetting an account,
and `flask create-user` all refuse a guessable password with the reason, and change nothing. (The API has no
password operation.) The demo data alone may use its published password: tests/functional/test_demo.py."""

from __future__ import annotations

from sqlalchemy import select

from coordinator.auth.models import User
from coordinator.demo.people import PASSWORD as DEMO_PASSWORD
from coordinator.extensions import db
from tests.factories import PASSWORD

EN = {"Accept-Language": "en"}
COMMON = "one of those people use most"
CONTEXT = "built from your user name, your name, the name of this system or its demo password"


def password_hash(app, username: str) -> str | None:
    with app.app_context():
        return db.session.scalar(select(User.password_hash).where(User.username == username))


def test_the_profile_form_refuses_a_guessable_new_password(app, client, users, login):
    login("liaison.khz")
    before = password_hash(app, "liaison.khz")
    for new, reason in (("1234567890", COMMON), ("liaison.khz2026", CONTEXT), (DEMO_PASSWORD, CONTEXT)):
        response = client.post("/profile/password", headers=EN, data={
            "pw-current_password": PASSWORD, "pw-new_password": new, "pw-confirm": new})
        assert response.status_code == 400 and reason in response.get_data(as_text=True), new
    assert password_hash(app, "liaison.khz") == before
    assert client.get("/").status_code == 200  # still logged in: nothing happened


def test_an_administrator_cannot_create_an_account_with_a_guessable_password(app, client, users, login, sides):
    login("admin")
    form = {"username": "zahra.kaabi", "full_name": "زهرا کعبی", "email": "", "role": "liaison",
            "side_id": str(sides["KHZ"].id), "active": "y"}
    for password, reason in (("1234567890", COMMON), ("zahra.kaabi1", CONTEXT), ("زهرا۱۳۷۵کعبی", CONTEXT)):
        response = client.post("/admin/users/new", headers=EN, data={**form, "password": password})
        assert response.status_code == 400 and reason in response.get_data(as_text=True), password
    assert password_hash(app, "zahra.kaabi") is None


def test_an_administrator_cannot_reset_to_a_guessable_password(app, client, users, login):
    login("admin")
    with app.app_context():
        user = db.session.get(User, users["trainer_msn"].id)
        form = {"username": user.username, "full_name": user.full_name, "role": user.role,
                "side_id": str(user.side_id), "active": "y", "version": str(user.version)}
    before = password_hash(app, "trainer.msn")
    response = client.post(f"/admin/users/{users['trainer_msn'].id}/edit", headers=EN,
                           data={**form, "password": DEMO_PASSWORD})
    assert response.status_code == 400 and CONTEXT in response.get_data(as_text=True)
    assert password_hash(app, "trainer.msn") == before


def test_create_user_command_refuses_a_guessable_password(app, runner, sides):
    result = runner.invoke(args=["create-user", "--username", "boss", "--full-name", "Boss", "--role", "admin",
                                 "--password", "qwertyuiop"])
    assert result.exit_code != 0 and "Error: " in result.output
    with app.app_context():  # the reason, in whatever language the command speaks
        from coordinator.auth.passwords import REASONS

        assert str(REASONS["common"]) in result.output
    assert password_hash(app, "boss") is None
