"""The main menu is worked out once per person and language (main/menu.py) and kept: these check that what is
kept never outlives a change of role, account state or language, and that two people never share a menu."""

from __future__ import annotations

import re

from sqlalchemy import update

from coordinator.auth import services as accounts
from coordinator.auth.models import User
from coordinator.extensions import db
from coordinator.main import menu


def _menu_links(client) -> list[str]:
    html = client.get("/verify").get_data(as_text=True)
    nav = html.split('<ul class="menu">', 1)[1].split("</ul>\n  <div", 1)[0] if '<ul class="menu">' in html else ""
    return re.findall(r'<a href="([^"]+)"', nav)


def test_two_people_on_one_process_see_their_own_menus(app, users, login):
    admin, liaison = app.test_client(), app.test_client()
    login("admin", test_client=admin)
    login("liaison.khz", test_client=liaison)
    assert "/admin/users/" in _menu_links(admin)
    assert "/admin/users/" not in _menu_links(liaison)
    assert "/admin/users/" in _menu_links(admin)  # the liaison's menu did not replace the admin's


def test_a_new_role_shows_at_once_even_without_a_version_bump(app, users, login, client):
    login("liaison.khz")
    assert "/admin/users/" not in _menu_links(client)
    assert "/exchange/me" not in _menu_links(client)
    with app.app_context():
        # A plain UPDATE leaves the version as it was: the role itself is part of the key.
        db.session.execute(update(User).where(User.id == users["liaison_khz"].id).values(role="admin"))
        db.session.commit()
    assert "/admin/users/" in _menu_links(client)


def test_a_role_changed_by_an_administrator_shows_on_the_next_log_in(app, users, login, client):
    login("trainer.khz")
    assert "/exchange/me" in _menu_links(client)
    assert "/dashboard/" not in _menu_links(client)
    with app.app_context():
        trainer = db.session.get(User, users["trainer_khz"].id)
        accounts.update_user(trainer, version=trainer.version, full_name=trainer.full_name, role="manager",
                             side_id=trainer.side_id, email=trainer.email, active=True)
        db.session.commit()
    login("trainer.khz")
    links = _menu_links(client)
    assert "/exchange/me" not in links and "/dashboard/" in links


def test_a_disabled_account_has_no_menu(app, users, login, client):
    login("liaison.msn")
    assert _menu_links(client)
    with app.app_context():
        db.session.execute(update(User).where(User.id == users["liaison_msn"].id).values(active=False))
        db.session.commit()
    assert _menu_links(client) == []


def test_the_menu_speaks_the_language_just_chosen(app, users, login, client):
    login("admin")
    client.post("/language", data={"lang": "ar", "next": "/verify"})
    html = client.get("/verify").get_data(as_text=True)
    assert "الدورات المشتركة" in html and "المستخدمون" in html
    client.post("/language", data={"lang": "fa", "next": "/verify"})
    html = client.get("/verify").get_data(as_text=True)
    assert "دوره‌های مشترک" in html and "کاربران" in html and "الدورات المشتركة" not in html


def test_a_new_menu_version_rebuilds_every_menu(app, users, login, client, monkeypatch):
    login("admin")
    before = _menu_links(client)
    calls = []
    real_build = menu.build
    monkeypatch.setattr(menu, "build", lambda user: calls.append(user.id) or real_build(user))
    assert _menu_links(client) == before and calls == []  # kept
    monkeypatch.setattr(menu, "MENU_VERSION", menu.MENU_VERSION + 1)
    assert _menu_links(client) == before and len(calls) == 1  # worked out again, once
    _menu_links(client)
    assert len(calls) == 1


def test_labels_follow_a_language_forced_inside_a_request(app):
    # Templates find the catalogue once per locale (i18n.RequestDomain): a letter rendered in
    # its reader's language in the middle of a request must not come out in the request's.
    from flask import render_template_string
    from flask_babel import force_locale

    with app.test_request_context("/", headers={"Accept-Language": "fa"}):
        assert render_template_string("{{ _('Users') }}") == "کاربران"
        with force_locale("ar_IQ"):
            assert render_template_string("{{ _('Users') }}") == "المستخدمون"
        assert render_template_string("{{ _('Users') }}") == "کاربران"
