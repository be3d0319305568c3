"""The certificate check's form and the log-in form are kept per language (main/public_pages.py): each visitor
still gets a CSRF token of their own that works, their language, their messages; a signed-in person gets the
page with their own header (kept under what it shows); a typed number and a message waiting are served the
page rendered as before."""

from __future__ import annotations

import re

from coordinator.main import public_pages

FA, AR = {"Accept-Language": "fa"}, {"Accept-Language": "ar"}


def _forget(app) -> None:
    with app.app_context():
        public_pages.clear()


def _token(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"', html).group(1)


def test_two_visitors_of_the_kept_form_each_get_a_token_of_their_own_that_works(csrf_app):
    _forget(csrf_app)
    first, second = csrf_app.test_client(), csrf_app.test_client()
    first_page = first.get("/verify", headers=FA)  # rendered and kept
    second_page = second.get("/verify", headers=FA)  # served from what was kept
    assert first_page.status_code == second_page.status_code == 200
    first_token, second_token = _token(first_page.get_data(as_text=True)), _token(second_page.get_data(as_text=True))
    assert first_token != second_token and "\ue000" not in second_page.get_data(as_text=True)
    # The second visitor's token is the one their session holds: changing the language with it is accepted.
    switched = second.post("/language", data={"lang": "ar", "next": "/verify", "csrf_token": second_token})
    assert switched.status_code == 302
    # ... and the first visitor's token is not theirs.
    refused = second.post("/language", data={"lang": "ar", "next": "/verify", "csrf_token": first_token})
    assert refused.status_code == 400
    assert second_page.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert second_page.headers["Cache-Control"] == "no-store"
    assert "default-src 'self'" in second_page.headers["Content-Security-Policy"]


def test_the_kept_form_is_kept_per_language(app):
    _forget(app)
    client = app.test_client()
    for _ in range(2):
        persian = client.get("/verify", headers=FA).get_data(as_text=True)
        arabic = app.test_client().get("/verify", headers=AR).get_data(as_text=True)
        assert 'lang="fa"' in persian and "استعلام گواهینامه" in persian
        assert 'lang="ar"' in arabic and "التحقق من الشهادة" in arabic


def test_a_message_waiting_is_shown_on_the_log_in_form_it_leads_to(app, client, users, login):
    _forget(app)
    assert client.get("/login").status_code == 200  # kept for anonymous visitors
    assert client.get("/login").status_code == 200
    login("liaison.khz")
    page = client.post("/logout", headers=FA, follow_redirects=True).get_data(as_text=True)
    assert "از سامانه خارج شدید." in page
    assert "از سامانه خارج شدید." not in client.get("/login", headers=FA).get_data(as_text=True)  # shown once


def test_a_signed_in_person_and_a_typed_number_are_not_served_the_visitors_form(app, client, users, login):
    _forget(app)
    anonymous = app.test_client()
    anonymous.get("/verify", headers=FA)
    kept = anonymous.get("/verify", headers=FA).get_data(as_text=True)
    login("liaison.khz")
    client.get("/", headers=FA)  # the welcome message shown
    page = client.get("/verify", headers=FA).get_data(as_text=True)
    assert 'lang="fa"' in page and 'lang="fa"' in kept
    assert "/logout" in page  # the person's own header, with the log-out button
    assert "/logout" not in kept
    missing = anonymous.get("/verify?number=KHZ-1405-999999")
    assert missing.status_code == 404


def test_each_app_keeps_its_own_pages(app, csrf_app):
    # Found by the suite: a log-in form kept by an app without CSRF checks (no token field) was served by one
    # with them, and its form could not be sent.
    _forget(app)
    _forget(csrf_app)
    for _ in range(2):
        assert 'name="csrf_token" type="hidden"' not in app.test_client().get("/login").get_data(as_text=True)
    assert 'name="csrf_token" type="hidden"' in csrf_app.test_client().get("/login").get_data(as_text=True)


def test_each_signed_in_person_is_served_the_kept_form_with_their_own_header(csrf_app, users):
    _forget(csrf_app)
    browsers = {}
    for username, name in (("liaison.khz", "کاربر liaison.khz"),
                           ("manager.msn", "کاربر manager.msn")):
        browser = csrf_app.test_client()
        form = browser.get("/login").get_data(as_text=True)
        assert browser.post("/login", data={"username": username, "password": "correct-horse-battery",
                                            "csrf_token": _token(form)}).status_code == 302
        browser.get("/", headers=FA)  # the welcome message shown
        browsers[username] = (browser, name)
    pages = {}
    for username, (browser, _name) in browsers.items():
        for _ in range(2):  # the second one served from what was kept
            pages[username] = browser.get("/verify", headers=FA).get_data(as_text=True)
    khz, msn = pages["liaison.khz"], pages["manager.msn"]
    assert browsers["liaison.khz"][1] in khz and browsers["liaison.khz"][1] not in msn
    assert browsers["manager.msn"][1] in msn and browsers["manager.msn"][1] not in khz
    assert "\ue000" not in khz
    # The log-out button carries the person's own token: it works.
    browser = browsers["liaison.khz"][0]
    assert browser.post("/logout", data={"csrf_token": _token(khz)}).status_code == 302
    assert "/logout" not in browser.get("/verify", headers=FA).get_data(as_text=True)
