"""Language choice, page direction and the viewer's calendar and digits."""

from __future__ import annotations

import re

import pytest

from coordinator.auth.models import User
from coordinator.extensions import db


def html_tag(page: str) -> str:
    return re.search(r"<html[^>]*>", page).group(0)


def test_login_page_is_persian_and_right_to_left_by_default(client):
    page = client.get("/login").get_data(as_text=True)
    assert html_tag(page) == '<html lang="fa" dir="rtl">'


@pytest.mark.parametrize(("header", "tag"), [
    ("ar-IQ,ar;q=0.9", '<html lang="ar" dir="rtl">'),
    ("ar", '<html lang="ar" dir="rtl">'),
    ("en-US,en;q=0.8", '<html lang="en" dir="ltr">'),
    ("fa-IR", '<html lang="fa" dir="rtl">'),
    ("de-DE", '<html lang="fa" dir="rtl">'),
])
def test_browser_language_is_followed(client, header, tag):
    assert html_tag(client.get("/login", headers={"Accept-Language": header}).get_data(as_text=True)) == tag


def test_switcher_choice_beats_the_browser(client):
    response = client.post("/language", data={"lang": "ar", "next": "/login"})
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    page = client.get("/login", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert html_tag(page) == '<html lang="ar" dir="rtl">'


def test_unknown_language_is_refused(client):
    response = client.post("/language", data={"lang": "xx"})
    assert response.status_code == 400
    assert html_tag(client.get("/login").get_data(as_text=True)) == '<html lang="fa" dir="rtl">'


def test_saved_choice_beats_session_and_is_saved_on_switch(app, client, users, login):
    login("liaison.msn")
    client.post("/language", data={"lang": "ar", "next": "/"})
    with app.app_context():
        assert db.session.get(User, users["liaison_msn"].id).locale == "ar"
    # A new browser of the same user gets the saved language, whatever it asks for.
    other = app.test_client()
    login("liaison.msn", test_client=other)
    page = other.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert html_tag(page) == '<html lang="ar" dir="rtl">'


def test_switcher_is_on_every_page(client, users, login):
    login("admin")
    for url in ("/", "/catalog/centres/", "/admin/users/", "/profile", "/no-such-page"):
        page = client.get(url).get_data(as_text=True)
        assert 'action="/language"' in page, url
        assert 'name="lang" value="ar"' in page and 'name="lang" value="en"' in page


def _holiday_on_26_november_2026(app, side_id):
    from datetime import date

    from coordinator.catalog.models import Holiday

    with app.app_context():
        db.session.add(Holiday(side_id=side_id, day=date(2026, 11, 26), name_fa="تعطیل آزمایشی",
                               name_ar="عطلة تجريبية"))
        db.session.commit()


def test_persian_viewer_sees_jalali_dates_and_persian_digits(app, client, sides, users, login):
    _holiday_on_26_november_2026(app, sides["KHZ"].id)
    login("manager.khz")
    page = client.get("/catalog/holidays/").get_data(as_text=True)
    assert "۵ آذر ۱۴۰۵" in page
    text = re.sub(r"<[^>]+>", "", client.get("/").get_data(as_text=True))
    assert re.search("[۰-۹]", text)
    assert not re.search(r"\b20\d\d\b", text)


def test_arabic_viewer_sees_iraqi_months_and_arabic_indic_digits(app, client, sides, users, login):
    _holiday_on_26_november_2026(app, sides["MSN"].id)
    login("manager.msn")
    client.post("/language", data={"lang": "ar"})
    page = client.get("/catalog/holidays/").get_data(as_text=True)
    assert "٢٦ تشرين الثاني ٢٠٢٦" in page
    assert "عطلة تجريبية" in page


def test_english_viewer_sees_gregorian_dates(app, client, sides, users, login):
    _holiday_on_26_november_2026(app, sides["MSN"].id)
    login("admin")
    client.post("/language", data={"lang": "en"})
    assert "26 November 2026" in client.get("/catalog/holidays/").get_data(as_text=True)


def test_home_shows_both_clocks(client, users, login):
    login("liaison.khz")
    page = client.get("/").get_data(as_text=True)
    assert "خوزستان" in page and "میسان" in page


def test_welcome_after_log_in_is_in_the_users_saved_language(app, client, sides):
    from tests import factories

    with app.app_context():
        factories.make_user("liaison", sides["MSN"].id, username="haidar", locale="ar", full_name="حيدر")
    response = client.post("/login", data={"username": "haidar", "password": factories.PASSWORD},
                           headers={"Accept-Language": "en"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert html_tag(page) == '<html lang="ar" dir="rtl">'
    assert "Welcome" not in page


def test_constant_numbers_in_templates_follow_each_viewer(app):
    """Jinja folds pure filters over constants when it compiles: `{{ 70|pct }}` must not keep the digits
    of whoever happened to load the template first."""
    with app.test_request_context(headers={"Accept-Language": "fa"}):
        template = app.jinja_env.from_string("{{ 70|pct }} {{ 1234|num }} {{ 5|digits }}")
        assert "۷۰" in template.render()
    with app.test_request_context(headers={"Accept-Language": "ar"}):
        shown = template.render()
    assert "٧٠" in shown and "٥" in shown and "۷" not in shown
