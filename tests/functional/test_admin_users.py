"""Administration of user accounts: listing, creating, editing, disabling; and the create-user command."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from coordinator.audit import AuditEntry
from coordinator.auth.models import User, UserSession
from coordinator.extensions import db
from tests import factories

NEW_PASSWORD = "a-brand-new-passphrase"
SIDE_NEEDED = _l("This role belongs to one side: choose the side.")


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def fetch_user(app, username: str):
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        return user and SimpleNamespace(**{a.key: getattr(user, a.key) for a in User.__mapper__.column_attrs})


def field_has_error(html: str, name: str) -> bool:
    for chunk in html.split('<div class="field')[1:]:
        if f'name="{name}"' in chunk.split("</div>", 1)[0]:
            return chunk.startswith(" has-error")
    raise AssertionError(f"no field {name!r} on the page")


def user_form(version=None, /, **changes) -> dict:
    data = {"username": "zahra.kaabi", "full_name": "زهرا کعبی", "email": "", "role": "liaison", "side_id": "",
            "active": "y", "password": "long-enough-pass"}
    return {**data, **({} if version is None else {"version": str(version)}), **changes}


def can_log_in(app, username: str, password: str = factories.PASSWORD) -> bool:
    response = app.test_client().post("/login", data={"username": username, "password": password})
    return response.status_code == 302


def logged_in(test_client) -> bool:
    """Whether the browser's session still works: the home page is shown rather than the log-in page."""
    response = test_client.get("/")
    return response.status_code == 200 and "/login" not in response.headers.get("Location", "")


@pytest.fixture
def admin(users, login):
    login("admin")
    return users["admin"]


@pytest.fixture
def browser(app, login):
    """A second browser logged in as someone, to see whether their session survives the admin's change."""

    def open_as(username: str):
        other = app.test_client()
        login(username, test_client=other)
        assert logged_in(other)
        return other

    return open_as


def test_list_search_is_folded_and_role_filter_works(app, client, admin, sides):
    with app.app_context():
        factories.make_user("liaison", sides["MSN"].id, username="ali.kaabi", full_name="علي الكعبي")
    for query in ("کعبی", "عـلی", "KAABI", "الكعبي"):
        html = client.get("/admin/users/", query_string={"q": query}).get_data(as_text=True)
        assert "علي الكعبي" in html and "<bdi>liaison.khz</bdi>" not in html, query
    html = client.get("/admin/users/?role=trainer").get_data(as_text=True)
    assert "<bdi>trainer.khz</bdi>" in html and "<bdi>trainer.msn</bdi>" in html
    assert "<bdi>liaison.khz</bdi>" not in html and "<bdi>admin</bdi>" not in html
    html = client.get("/admin/users/?role=liaison&q=msn").get_data(as_text=True)
    assert "<bdi>liaison.msn</bdi>" in html and "<bdi>liaison.khz</bdi>" not in html
    assert "<bdi>" not in client.get("/admin/users/?q=%25").get_data(as_text=True)  # % is no wildcard
    for args in ("role=pope", "page=x", "page=-3", "page=99999999999999999999"):
        assert client.get(f"/admin/users/?{args}").status_code == 200, args
    html = client.get("/admin/users/?page=2").get_data(as_text=True)  # 8 accounts, 5 a page
    assert "<bdi>trainer.msn</bdi>" in html and "<bdi>admin</bdi>" not in html


@pytest.mark.parametrize("changes, field", [
    ({"side_id": ""}, "side_id"),                     # a liaison belongs to one side
    ({"role": "trainer", "side_id": ""}, "side_id"),
    ({"username": "Liaison.KHZ"}, "username"),        # taken (user names are case-insensitive)
    ({"password": "nine-char"}, "password"),          # 10 characters are needed
    ({"password": ""}, "password"),
    ({"full_name": ""}, "full_name"),
    ({"role": "king"}, "role"),
    ({"email": "not-an-email"}, "email"),
])
def test_invalid_new_account_is_refused(app, client, admin, sides, changes, field):
    before = count(app, User), count(app, AuditEntry)
    data = user_form(**{"side_id": str(sides["KHZ"].id), **changes})
    response = client.post("/admin/users/new", data=data)
    assert response.status_code == 400 and field_has_error(response.get_data(as_text=True), field)
    assert (count(app, User), count(app, AuditEntry)) == before


def test_admin_creates_a_liaison_who_can_log_in(app, client, admin, sides):
    response = client.post("/admin/users/new", data=user_form(side_id=str(sides["KHZ"].id), username="Zahra.Kaabi"))
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/users/")
    user = fetch_user(app, "zahra.kaabi")
    assert (user.role, user.side_id, user.active, user.full_name) == ("liaison", sides["KHZ"].id, True, "زهرا کعبی")
    assert user.password_hash != "long-enough-pass"
    assert can_log_in(app, "zahra.kaabi", "long-enough-pass")
    assert not can_log_in(app, "zahra.kaabi", factories.PASSWORD)
    data = user_form(role="admin", username="boss", password="amber-quay-tundra-58")
    response = client.post("/admin/users/new", data=data)
    assert response.status_code == 302 and fetch_user(app, "boss").side_id is None  # admins need no side


def edit_form(app, username: str, **changes) -> dict:
    user = fetch_user(app, username)
    return user_form(user.version, **{"username": user.username, "full_name": user.full_name, "role": user.role,
                                      "side_id": str(user.side_id or ""), "password": "", **changes})


def test_unrelated_edit_keeps_the_session_and_bumps_the_version(app, client, admin, users, browser):
    other = browser("liaison.khz")
    url = f"/admin/users/{users['liaison_khz'].id}/edit"
    assert 'name="version" type="hidden" value="1"' in client.get(url).get_data(as_text=True)
    assert client.post(url, data=edit_form(app, "liaison.khz", full_name="مریم کعبی")).status_code == 302
    user = fetch_user(app, "liaison.khz")
    assert (user.full_name, user.version, user.updated_by_id) == ("مریم کعبی", 2, admin.id)
    assert logged_in(other)


@pytest.mark.parametrize("changes", [{"active": ""}, {"role": "manager"}, {"password": NEW_PASSWORD}])
def test_disable_re_role_or_password_reset_ends_existing_sessions(app, client, admin, users, browser, changes):
    other = browser("liaison.khz")
    data = {k: v for k, v in edit_form(app, "liaison.khz", **changes).items() if v != ""}  # unticked: not sent
    response = client.post(f"/admin/users/{users['liaison_khz'].id}/edit", data=data)
    assert response.status_code == 302
    home = other.get("/")
    assert home.status_code == 302 and home.headers["Location"].startswith("/login")
    assert count(app, UserSession, UserSession.user_id == users["liaison_khz"].id,
                 UserSession.revoked_at.is_(None)) == 0
    if "active" in changes:
        assert not fetch_user(app, "liaison.khz").active and not can_log_in(app, "liaison.khz")
    if "password" in changes:
        assert not can_log_in(app, "liaison.khz") and can_log_in(app, "liaison.khz", NEW_PASSWORD)
    if "role" in changes:
        assert fetch_user(app, "liaison.khz").role == "manager" and can_log_in(app, "liaison.khz")


@pytest.mark.parametrize("changes, field", [
    ({"password": "too-short"}, "password"), ({"role": "trainer", "side_id": ""}, "side_id"),
])
def test_invalid_edit_changes_nothing(app, client, admin, users, browser, changes, field):
    other = browser("liaison.khz")
    data = edit_form(app, "liaison.khz", full_name="نام جدید", **changes)
    response = client.post(f"/admin/users/{users['liaison_khz'].id}/edit", data=data)
    assert response.status_code == 400 and field_has_error(response.get_data(as_text=True), field)
    user = fetch_user(app, "liaison.khz")
    assert (user.full_name, user.role, user.version) == ("کاربر liaison.khz", "liaison", 1)
    assert logged_in(other) and can_log_in(app, "liaison.khz")


# A form posted without its version is as stale as one with an old version.
@pytest.mark.parametrize("version", ["1", None])
def test_stale_user_edit_is_refused(app, client, admin, users, login, version):
    with app.app_context():
        factories.make_user("admin", username="second.admin", full_name="پریسا نوری")
    url = f"/admin/users/{users['trainer_msn'].id}/edit"
    stale = {k: v for k, v in edit_form(app, "trainer.msn", full_name="نام من").items() if k != "version" or version}
    login("second.admin", test_client=(other := app.test_client()))
    assert other.post(url, data=edit_form(app, "trainer.msn", full_name="نام او")).status_code == 302
    response = client.post(url, data=stale)
    assert response.status_code == 400 and "پریسا نوری" in response.get_data(as_text=True)
    user = fetch_user(app, "trainer.msn")
    assert (user.full_name, user.version) == ("نام او", 2)


@pytest.mark.parametrize("who", ["liaison_khz", "trainer_msn", "manager_khz", None])
def test_only_admins_manage_accounts(app, client, login, users, sides, who):
    if who:
        login(users[who].username)
    before = count(app, User), count(app, AuditEntry), fetch_user(app, "manager.msn").version
    target = users["manager_msn"].id
    data = user_form(1, role="admin", side_id="", username="intruder", full_name="Hacker")  # valid for an admin
    for method, url in [("get", "/admin/users/"), ("get", "/admin/users/new"), ("post", "/admin/users/new"),
                        ("get", f"/admin/users/{target}/edit"), ("post", f"/admin/users/{target}/edit")]:
        response = getattr(client, method)(url, data=data)
        if who:
            assert response.status_code == 403, url
        else:
            assert response.status_code == 302 and response.headers["Location"].startswith("/login"), url
    assert (count(app, User), count(app, AuditEntry), fetch_user(app, "manager.msn").version) == before
    assert fetch_user(app, "manager.msn").role == "manager"


def test_post_without_csrf_token_is_refused_when_csrf_is_on(app, csrf_app, users, sides):
    browser = csrf_app.test_client()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', browser.get("/login").get_data(as_text=True))[1]
    login = {"username": "admin", "password": factories.PASSWORD}
    assert browser.post("/login", data=login).status_code == 400  # the log-in form is protected too
    assert browser.post("/login", data={**login, "csrf_token": token}).status_code == 302
    before = count(app, User), count(app, AuditEntry)
    response = browser.post("/admin/users/new", data=user_form(side_id=str(sides["KHZ"].id)))
    assert response.status_code == 400 and (count(app, User), count(app, AuditEntry)) == before


def create_user(runner, *args):
    return runner.invoke(args=["create-user", "--username", "boss", "--full-name", "Boss", *args,
                               "--password", "long-enough-pass"])


def test_cli_creates_an_admin_who_can_log_in(app, runner, sides):
    result = create_user(runner, "--role", "admin")
    assert result.exit_code == 0, result.output
    assert "boss" in result.output
    user = fetch_user(app, "boss")
    assert (user.role, user.side_id, user.full_name) == ("admin", None, "Boss")
    assert can_log_in(app, "boss", "long-enough-pass")
    assert create_user(runner, "--role", "admin").exit_code != 0  # the name is taken now


def test_cli_creates_a_liaison_with_a_side_code_in_any_case(app, runner, sides):
    result = create_user(runner, "--role", "liaison", "--side", "msn", "--lang", "ar")
    assert result.exit_code == 0, result.output
    user = fetch_user(app, "boss")
    assert (user.role, user.side_id, user.locale) == ("liaison", sides["MSN"].id, "ar")


@pytest.mark.parametrize("args, message", [
    (["--role", "liaison"], SIDE_NEEDED),
    (["--role", "trainer", "--side", ""], SIDE_NEEDED),
    (["--role", "liaison", "--side", "BSR"], "no side with code 'BSR'"),
    (["--role", "pope"], "Invalid value for '--role'"),
])
def test_cli_refuses_with_a_clear_error(app, runner, sides, args, message):
    result = create_user(runner, *args)
    with app.app_context():  # the service's message, in whatever language the command speaks
        message = str(message)
    assert result.exit_code != 0 and "Error: " in result.output and message in result.output
    assert fetch_user(app, "boss") is None


def test_cli_refuses_a_short_password(app, runner, sides):
    result = runner.invoke(args=["create-user", "--username", "boss", "--full-name", "Boss", "--role", "admin",
                                 "--password", "short"])
    assert result.exit_code != 0 and "10" in result.output
    assert fetch_user(app, "boss") is None
