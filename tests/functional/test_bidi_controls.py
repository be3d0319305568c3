"""Bidi overrides, embeddings and isolates never reach the database, whichever way text comes in.

"\u202e4041\u202c" displays as 1404: a course stored so would read 1404 on its page, its certificate and /verify
while being 4041 to every search and sort. The controls are dropped from forms, the API and everything else
(CLI, code); the marks LRM/RLM, which Persian keyboards type, are kept.
"""

from __future__ import annotations

import pytest
from flask_wtf import FlaskForm
from sqlalchemy import select

from coordinator.auth.models import User
from coordinator.courses.models import Course
from coordinator.curricula.models import Curriculum
from coordinator.extensions import db
from coordinator.forms import BaseForm
from coordinator.l10n.text import BIDI_CONTROLS
from tests import factories
from tests.functional.test_api_access import make_tokens
from tests.functional.test_courses import course_form, ids  # noqa: F401 — ids is a fixture

RLO, PDF, LRI, PDI, RLM = "\u202e", "\u202c", "\u2066", "\u2069", "\u200f"
EN = {"Accept-Language": "en"}


def no_controls(*texts) -> bool:
    return not any(ch in BIDI_CONTROLS for text in texts for ch in (text or ""))


def test_the_controls_are_the_overrides_embeddings_and_isolates_not_the_marks():
    assert {f"U+{ord(ch):04X}" for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"} <= {
        f"U+{ord(ch):04X}" for ch in BIDI_CONTROLS}
    assert not set("\u200e\u200f\u061c\u200c\u200d") & set(BIDI_CONTROLS)


def test_course_form_stores_titles_without_controls(app, client, ids, users, login):  # noqa: F811
    login("liaison.khz")
    response = client.post("/courses/new", data=course_form(
        ids, name_fa=f"جوشکاری {RLO}4041{PDF}", name_ar=f"{LRI}اللحام{PDI} (أ){RLM}", name_en=f"Welding {RLO}4041",
        contact_name=f"علی{RLO} کعبی"))
    assert response.status_code == 302, response.text
    with app.app_context():
        course = db.session.scalar(select(Course))
        assert course.name_fa == "جوشکاری 4041" and course.name_en == "Welding 4041"
        assert course.name_ar == f"اللحام (أ){RLM}"  # the mark stays: it is how Persian and Arabic are typed
        assert course.contact_name == "علی کعبی"
        assert no_controls(course.search_key)
    assert RLO not in client.get(f"/courses/{course.id}").text


def test_a_title_of_controls_only_is_refused_as_empty(app, client, ids, users, login):  # noqa: F811
    login("liaison.khz")
    response = client.post("/courses/new", headers=EN, data=course_form(ids, name_fa=f"{RLO}{PDF}"))
    assert response.status_code == 400 and "This field is required." in response.text
    with app.app_context():
        assert db.session.scalar(select(Course)) is None


def test_certificate_and_verify_show_the_title_as_stored(app, client, ids, users, login):  # noqa: F811
    login("liaison.khz")
    assert client.post("/courses/new", data=course_form(ids, name_fa=f"دوره {RLO}4041{PDF}")).status_code == 302
    with app.app_context():
        course_id = db.session.scalar(select(Course.id))
        trainee = factories.make_trainee(ids.khz)
        number = factories.make_certificate(factories.make_enrolment(course_id, trainee, status="completed"))
    page = app.test_client().get(f"/verify/{number}", headers=EN)
    assert page.status_code == 200 and "دوره 4041" in page.text and RLO not in page.text


def test_api_stores_titles_without_controls_and_refuses_controls_only(app, client, ids, users):  # noqa: F811
    with app.app_context():
        token = make_tokens({"liaison_khz": users["liaison_khz"]})["liaison_khz"]
    headers = {"Authorization": f"Bearer {token}", **EN}
    body = {"name_fa": f"جوشکاری {RLO}4041{PDF}", "name_ar": f"{LRI}اللحام{PDI}", "skill_standard_id": ids.standard,
            "host_centre_id": ids.khz_centre, "start_date": "2027-01-02", "end_date": "2027-02-01",
            "theory_hours": 40, "practice_hours": 100, "capacity": 12, "contact_name": f"{RLO}علی"}
    refused = client.post("/api/v1/courses", json={**body, "name_fa": f"{RLO}{PDF}"}, headers=headers)
    assert refused.status_code == 422 and "name_fa" in refused.get_json()["errors"]
    response = client.post("/api/v1/courses", json=body, headers=headers)
    assert response.status_code == 201, response.text
    assert response.get_json()["name_fa"] == "جوشکاری 4041"
    with app.app_context():
        course = db.session.get(Course, response.get_json()["id"])
        assert (course.name_fa, course.name_ar, course.contact_name) == ("جوشکاری 4041", "اللحام", "علی")


def test_curriculum_form_stores_titles_without_controls(app, client, ids, users, login):  # noqa: F811
    login("liaison.khz")
    response = client.post("/curricula/new", data={
        "name_fa": f"کشت {RLO}1404{PDF}", "name_ar": f"{LRI}الزراعة{PDI}", "skill_standard_id": ids.standard,
        "side_id": ids.khz})
    assert response.status_code == 302, response.text
    with app.app_context():
        curriculum = db.session.scalar(select(Curriculum))
        assert (curriculum.name_fa, curriculum.name_ar) == ("کشت 1404", "الزراعة")


def test_user_names_are_stored_without_controls_and_passwords_as_typed(app, client, sides, users, login):
    login("admin")
    password = f"Qx7-{RLO}tulip-harbour-92"
    response = client.post("/admin/users/new", data={
        "username": f"zahra.{RLO}kaabi", "full_name": f"{RLO}زهرا کعبی{PDF}", "email": "", "role": "manager",
        "side_id": str(sides["KHZ"].id), "active": "y", "password": password})
    assert response.status_code == 302, response.text
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "zahra.kaabi"))
        assert user is not None and user.full_name == "زهرا کعبی"
    # The password is a secret compared as typed, control and all.
    assert app.test_client().post("/login", data={"username": "zahra.kaabi", "password": password}).status_code == 302


def test_the_cli_and_any_other_code_store_text_without_controls(app, runner, sides):
    result = runner.invoke(args=["create-user", "--username", "karim", "--full-name", f"کریم {RLO}4041{PDF}",
                                 "--role", "manager", "--side", "KHZ", "--password", "Qx7-tulip-harbour-92"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(User.full_name).where(User.username == "karim")) == "کریم 4041"
        course = Course(name_fa=f"{RLO}4041", name_en=f"{LRI}x{PDI}")
        assert (course.name_fa, course.name_en) == ("4041", "x")  # set on the model: dropped at once


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


@pytest.mark.parametrize("module", ["agro", "api", "auth", "catalog", "competitions", "courses", "curricula",
                                    "equipment", "exchanges", "meetings", "progress"])
def test_every_page_form_derives_from_the_base_form(module):
    import importlib
    import pkgutil

    package = importlib.import_module(f"coordinator.{module}")
    for info in pkgutil.iter_modules(package.__path__):
        if "form" in info.name:
            importlib.import_module(f"coordinator.{module}.{info.name}")
    strays = [form.__qualname__ for form in _subclasses(FlaskForm)
              if form.__module__.startswith("coordinator.") and not issubclass(form, BaseForm)]
    assert strays == []
