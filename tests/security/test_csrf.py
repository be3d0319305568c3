"""CSRF protection holds on every form, including the prefixed ones ("prefs-csrf_token") scanners don't
recognise by name: without the session's token a POST changes nothing."""

from __future__ import annotations

import re

import pytest

from tests.factories import PASSWORD

TOKEN = re.compile(r'<input[^>]*name="([a-z]+-)?csrf_token"[^>]*value="([^"]+)"')


@pytest.fixture
def officer(csrf_app, users):
    client = csrf_app.test_client()
    token = TOKEN.search(client.get("/login").get_data(as_text=True)).group(2)
    assert client.post("/login", data={"csrf_token": token, "username": "manager.khz",
                                       "password": PASSWORD}).status_code == 302
    return client


def page_token(client, url: str, prefix: str = "") -> str:
    for found_prefix, value in TOKEN.findall(client.get(url).get_data(as_text=True)):
        if found_prefix == prefix:
            return value
    raise AssertionError(f"no {prefix}csrf_token on {url}")


@pytest.mark.parametrize("token", [None, "", "wapiti", "forged.token.value"])
def test_prefixed_form_refuses_a_missing_or_wrong_token(officer, token):
    data = {"prefs-locale": "ar", "prefs-timezone": ""}
    if token is not None:
        data["prefs-csrf_token"] = token
    response = officer.post("/profile/preferences", data=data)
    assert response.status_code == 400
    assert '<html lang="ar"' not in officer.get("/profile").get_data(as_text=True)  # nothing changed


def test_prefixed_form_accepts_the_sessions_token(officer):
    token = page_token(officer, "/profile", "prefs-")
    response = officer.post("/profile/preferences",
                            data={"prefs-csrf_token": token, "prefs-locale": "ar", "prefs-timezone": ""})
    assert response.status_code == 302


def test_token_from_another_session_is_refused(csrf_app, officer, users):
    other = csrf_app.test_client()
    stolen = page_token(other, "/login")
    response = officer.post("/profile/preferences",
                            data={"prefs-csrf_token": stolen, "prefs-locale": "ar", "prefs-timezone": ""})
    assert response.status_code == 400


@pytest.mark.parametrize("url", ["/logout", "/catalog/centres/new", "/courses/new", "/meetings/new"])
def test_plain_forms_refuse_a_post_without_token(officer, url):
    assert officer.post(url, data={"name_fa": "x"}).status_code in (400, 403)
