"""A new password shuts out whoever had the old one: every session of the account ends and every API token it
made is revoked, whether the user changed it or an administrator reset it; other accounts keep theirs."""

from __future__ import annotations

import pytest

from coordinator.auth.models import User
from coordinator.auth.tokens import create_token
from coordinator.extensions import db

NEW_PASSWORD = "quiet-lantern-orchard-71"


def make_token(app, user_id: int, scope: str = "read") -> str:
    with app.app_context():
        _token, secret = create_token(db.session.get(User, user_id), "reports", scope)
        db.session.commit()
        return secret


def api_status(client, secret: str) -> int:
    return client.get("/api/v1/courses", headers={"Authorization": f"Bearer {secret}"}).status_code


def change_own_password(app, login, username: str) -> None:
    browser = app.test_client()
    login(username, test_client=browser)
    response = browser.post("/profile/password", data={"pw-current_password": "correct-horse-battery",
                                                       "pw-new_password": NEW_PASSWORD, "pw-confirm": NEW_PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)


def admin_resets_password(app, login, username: str) -> None:
    admin = app.test_client()
    login("admin", test_client=admin)
    with app.app_context():
        user = db.session.query(User).filter_by(username=username).one()
        form = {"username": user.username, "full_name": user.full_name, "role": user.role,
                "side_id": str(user.side_id or ""), "active": "y", "version": str(user.version),
                "password": NEW_PASSWORD}
        url = f"/admin/users/{user.id}/edit"
    assert admin.post(url, data=form).status_code == 302


@pytest.mark.parametrize("change", [change_own_password, admin_resets_password])
def test_a_new_password_revokes_the_accounts_tokens_and_sessions(app, client, users, login, change):
    secrets = [make_token(app, users["liaison_khz"].id), make_token(app, users["liaison_khz"].id, "write")]
    others = make_token(app, users["liaison_msn"].id)
    other_browser = app.test_client()
    login("liaison.khz", test_client=other_browser)
    assert [api_status(client, s) for s in secrets] == [200, 200]

    change(app, login, "liaison.khz")

    for secret in secrets:
        refused = client.get("/api/v1/courses", headers={"Authorization": f"Bearer {secret}",
                                                         "Accept-Language": "en"})
        assert refused.status_code == 401 and refused.get_json()["code"] == "invalid_token"
    assert api_status(client, others) == 200  # another account's token is untouched
    assert other_browser.get("/").status_code == 302  # the browser logged in before the change is out
    # A token made after the change works.
    assert api_status(client, make_token(app, users["liaison_khz"].id)) == 200


def test_a_refused_password_change_revokes_nothing(app, client, users, login):
    secret = make_token(app, users["trainer_khz"].id)
    login("trainer.khz")
    response = client.post("/profile/password", data={"pw-current_password": "not-the-password",
                                                      "pw-new_password": NEW_PASSWORD, "pw-confirm": NEW_PASSWORD})
    assert response.status_code == 400
    assert api_status(app.test_client(), secret) == 200 and client.get("/").status_code == 200
