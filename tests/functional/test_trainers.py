"""Trainer profiles: register and correct, stale edits, side rules, travel documents, unavailability, figures."""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from coordinator.exchanges.models import Trainer, TravelDocument, Unavailability
from coordinator.extensions import db
from tests import factories


@pytest.fixture
def client(app):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def login(client):
    def do_login(username: str):
        response = client.post("/login", data={"username": username, "password": factories.PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)

    return do_login


@pytest.fixture
def ref(app, sides):
    """A centre and a skill standard on each side."""
    with app.app_context():
        return SimpleNamespace(
            khz_centre=factories.make_centre(sides["KHZ"].id),
            msn_centre=factories.make_centre(sides["MSN"].id, name_fa="مرکز عماره", name_ar="مركز العمارة"),
            weld=factories.make_standard("9999-01"),
        )


def make_trainer(app, side_id, user_id=None, **extra) -> int:
    with app.app_context():
        trainer = Trainer(name_fa=extra.pop("name_fa", "حمید دشتی"), side_id=side_id, user_id=user_id, **extra)
        db.session.add(trainer)
        db.session.commit()
        return trainer.id


def fetch(app, trainer_id):
    with app.app_context():
        t = db.session.get(Trainer, trainer_id)
        return SimpleNamespace(**{a.key: getattr(t, a.key) for a in t.__mapper__.column_attrs},
                               skill_ids=[s.id for s in t.skills], documents=len(t.documents),
                               periods=[(p.starts_on, p.ends_on) for p in t.unavailability])


def field_errors(html: str, name: str) -> list[str]:
    for chunk in html.split('<div class="field')[1:]:
        block = chunk.split("</div>", 1)[0]
        if f'name="{name}"' in block:
            return re.findall(r'<p class="error" role="alert">(.*?)</p>', block, re.S)
    raise AssertionError(f"no field {name!r} on the page")


def form(sides, ref, version=None, **changes) -> dict:
    data = {"name_fa": "لیلا نیسی", "name_ar": "ليلى النيسي", "side_id": str(sides["KHZ"].id),
            "centre_id": str(ref.khz_centre), "user_id": "", "skill_ids": [str(ref.weld)], "level_fa": "native",
            "level_ar": "fluent", "level_en": "", "qualifications": "کارشناس صنایع غذایی", "phone": "۰۹۱۶ ۱۲۳ ۴۵۶۷"}
    if version is not None:
        data["version"] = str(version)
    return {**data, **changes}


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


# Profiles -----------------------------------------------------------------------------------------------


def test_liaison_registers_a_trainer_linked_to_a_user(app, client, login, users, sides, ref):
    login("liaison.khz")
    response = client.post("/exchange/trainers/new",
                           data=form(sides, ref, user_id=str(users["trainer_khz"].id)))
    assert response.status_code == 302, response.text
    with app.app_context():
        trainer_id = db.session.scalar(select(Trainer.id).where(Trainer.name_fa == "لیلا نیسی"))
    t = fetch(app, trainer_id)
    assert (t.side_id, t.centre_id, t.user_id, t.skill_ids) == (sides["KHZ"].id, ref.khz_centre,
                                                               users["trainer_khz"].id, [ref.weld])
    assert (t.level_fa, t.level_ar, t.level_en, t.phone, t.version) == ("native", "fluent", None, "09161234567", 1)
    page = client.get(f"/exchange/trainers/{trainer_id}").text
    assert "Native" in page and "9999-01" in page and "trainer.khz" in page


@pytest.mark.parametrize("changes, field, message", [
    ({"name_fa": "", "name_ar": " "}, "name_fa", "in Persian or in Arabic"),
    # The form offers only the liaison's own side, its centres and its trainer accounts.
    ({"side_id": "MSN"}, "side_id", None),
    ({"centre_id": "MSN"}, "centre_id", None),
    ({"user_id": "trainer_msn"}, "user_id", None),
    ({"user_id": "liaison_khz"}, "user_id", None),
    ({"level_en": "expert"}, "level_en", None),
    ({"phone": "۱۲"}, "phone", "digits"),
])
def test_bad_profiles_are_refused_with_the_field_marked(app, client, login, users, sides, ref, changes, field,
                                                        message):
    login("liaison.khz")
    resolved = {"MSN": str(sides["MSN"].id)}
    data = dict(changes)
    if data.get("side_id") == "MSN":
        data["side_id"] = resolved["MSN"]
    if data.get("centre_id") == "MSN":
        data["centre_id"] = str(ref.msn_centre)
    if data.get("user_id") in users:
        data["user_id"] = str(users[data["user_id"]].id)
    response = client.post("/exchange/trainers/new", data=form(sides, ref, **data))
    assert response.status_code == 400
    errors = field_errors(response.text, field)
    assert errors and (message is None or message in " ".join(errors)), errors
    assert count(app, Trainer) == 0


@pytest.mark.parametrize("changes, field, message", [
    ({"side_id": "MSN"}, "side_id", "own side"),
    ({"centre_id": "MSN"}, "centre_id", "home side"),
    ({"user_id": "trainer_msn"}, "user_id", "home side"),
    ({"user_id": "liaison_khz"}, "user_id", "trainer's user account"),
])
def test_the_service_judges_side_centre_and_account(app, users, sides, ref, changes, field, message):
    """What the form cannot offer, the service still refuses (the API calls it too)."""
    from coordinator.auth.models import User
    from coordinator.exchanges import trainer_services

    values = {"name_fa": "لیلا نیسی", "side_id": sides["KHZ"].id, "centre_id": ref.khz_centre, "user_id": None,
              "skill_ids": [], "level_fa": "native", "phone": ""}
    for key, value in changes.items():
        values[key] = {"side_id": sides["MSN"].id, "centre_id": ref.msn_centre}.get(key) or users[value].id
    with app.test_request_context(headers={"Accept-Language": "en"}):
        liaison = db.session.get(User, users["liaison_khz"].id)
        with pytest.raises(trainer_services.TrainerInvalid) as refused:
            trainer_services.create_trainer(values, liaison)
        assert any(f == field and message in str(m) for f, m in refused.value.problems), refused.value.problems
        db.session.rollback()
    assert count(app, Trainer) == 0


def test_a_user_account_links_to_one_trainer_only(app, client, login, users, sides, ref):
    make_trainer(app, sides["KHZ"].id, users["trainer_khz"].id)
    login("liaison.khz")
    # The form no longer offers the account ...
    response = client.post("/exchange/trainers/new", data=form(sides, ref, user_id=str(users["trainer_khz"].id)))
    assert response.status_code == 400 and field_errors(response.text, "user_id")
    assert count(app, Trainer) == 1
    # ... and the service says why.
    from coordinator.auth.models import User
    from coordinator.exchanges import trainer_services

    with app.test_request_context(headers={"Accept-Language": "en"}):
        liaison = db.session.get(User, users["liaison_khz"].id)
        values = {"name_fa": "x", "side_id": sides["KHZ"].id, "user_id": users["trainer_khz"].id}
        _data, problems = trainer_services.check_values(values, liaison)
        assert [str(m) for f, m in problems if f == "user_id"] == ["This user account is already linked to حمید دشتی."]


def test_liaison_edits_and_a_stale_edit_is_refused(app, client, login, users, sides, ref):
    trainer_id = make_trainer(app, sides["KHZ"].id)
    login("liaison.khz")
    url = f"/exchange/trainers/{trainer_id}/edit"
    assert 'name="version" type="hidden" value="1"' in client.get(url).text
    assert client.post(url, data=form(sides, ref, 1, name_fa="حمید دشتی")).status_code == 302
    assert fetch(app, trainer_id).version == 2
    response = client.post(url, data=form(sides, ref, 1, name_fa="نام دیگر", qualifications="x"))
    assert response.status_code == 400
    assert "changed this record" in response.text and 'class="stale"' in response.text
    assert 'name="version" type="hidden" value="2"' in response.text
    assert fetch(app, trainer_id).name_fa == "حمید دشتی"


def test_khuzestan_liaison_cannot_edit_a_maysan_trainer(app, client, login, users, sides, ref):
    trainer_id = make_trainer(app, sides["MSN"].id, name_fa="", name_ar="علي الحلفي")
    login("liaison.khz")
    assert client.get(f"/exchange/trainers/{trainer_id}").status_code == 200
    assert client.get(f"/exchange/trainers/{trainer_id}/edit").status_code == 403
    response = client.post(f"/exchange/trainers/{trainer_id}/edit",
                           data=form(sides, ref, 1, side_id=str(sides["MSN"].id), centre_id=""))
    assert response.status_code == 403 and fetch(app, trainer_id).version == 1
    response = client.post(f"/exchange/trainers/{trainer_id}/unavailability",
                           data={"starts_on": "2026-12-01", "ends_on": "2026-12-02"})
    assert response.status_code == 403 and count(app, Unavailability) == 0


def test_trainer_sees_only_their_own_profile(app, client, login, users, sides, ref):
    own = make_trainer(app, sides["KHZ"].id, users["trainer_khz"].id)
    other = make_trainer(app, sides["KHZ"].id, name_fa="مهدی چنانی")
    login("trainer.khz")
    assert client.get(f"/exchange/trainers/{own}").status_code == 200
    assert client.get(f"/exchange/trainers/{other}").status_code == 404
    assert client.get(f"/exchange/trainers/{other}/edit").status_code == 404
    assert client.post(f"/exchange/trainers/{other}/documents",
                       data={"kind": "passport", "country_code": "IR", "expires_on": "2030-01-01"}).status_code == 404
    listing = client.get("/exchange/trainers/").text
    assert "حمید دشتی" in listing and "مهدی چنانی" not in listing
    # The profile itself is the liaison's to correct.
    assert client.get(f"/exchange/trainers/{own}/edit").status_code == 403
    assert client.get("/exchange/trainers/new").status_code == 403


@pytest.mark.parametrize("username, status", [
    ("admin", 200), ("liaison.khz", 200), ("liaison.msn", 200), ("manager.khz", 200), ("trainer.khz", 403),
])
def test_figures_page_access(client, login, users, username, status):
    login(username)
    assert client.get("/exchange/figures").status_code == status


def test_manager_reads_but_does_not_edit(app, client, login, users, sides, ref):
    trainer_id = make_trainer(app, sides["KHZ"].id)
    login("manager.msn")
    assert client.get("/exchange/trainers/").status_code == 200
    assert client.get(f"/exchange/trainers/{trainer_id}").status_code == 200
    assert client.get(f"/exchange/trainers/{trainer_id}/edit").status_code == 403
    assert client.post(f"/exchange/trainers/{trainer_id}/unavailability",
                       data={"starts_on": "2026-12-01", "ends_on": "2026-12-02"}).status_code == 403


def test_search_folds_and_filters(app, client, login, users, sides, ref):
    with app.app_context():
        from coordinator.catalog.models import SkillStandard

        weld = db.session.get(SkillStandard, ref.weld)
        db.session.add(Trainer(name_fa="علی کعبی", side_id=sides["KHZ"].id, level_en="working", skills=[weld]))
        db.session.add(Trainer(name_ar="علي الكعبي", side_id=sides["MSN"].id))
        db.session.commit()
    login("liaison.msn")
    # Arabic yeh and kaf find the Persian spelling and vice versa.
    page = client.get("/exchange/trainers/", query_string={"q": "علي"}).text
    assert "علی کعبی" in page and "علي الكعبي" in page
    page = client.get("/exchange/trainers/", query_string={"skill": ref.weld}).text
    assert "علی کعبی" in page and "علي الكعبي" not in page
    page = client.get("/exchange/trainers/", query_string={"language": "en"}).text
    assert "علی کعبی" in page and "علي الكعبي" not in page
    page = client.get("/exchange/trainers/", query_string={"side": sides["MSN"].id}).text
    assert "علی کعبی" not in page and "علي الكعبي" in page


# Travel documents -----------------------------------------------------------------------------------------


def test_documents_show_expired_and_expiring_badges(app, client, login, users, sides, ref):
    trainer_id = make_trainer(app, sides["KHZ"].id, users["trainer_khz"].id)
    today = date.today()
    login("trainer.khz")
    url = f"/exchange/trainers/{trainer_id}/documents"
    late = today + timedelta(days=400)
    assert client.post(url, data={"kind": "passport", "country_code": "IR",
                                  "expires_on": late.isoformat()}).status_code == 302
    assert client.post(url, data={"kind": "visa", "country_code": "IQ",
                                  "expires_on": (today + timedelta(days=20)).isoformat()}).status_code == 302
    response = client.post(url, data={"kind": "border_pass", "country_code": "IQ",
                                      "expires_on": (today - timedelta(days=3)).isoformat()},
                           follow_redirects=True)
    # An expired document is recorded, but said so at once and on the profile.
    assert response.status_code == 200 and "expired on" in response.text
    page = client.get(f"/exchange/trainers/{trainer_id}").text
    assert page.count("badge-expired") == 1 and page.count("badge-expiring") == 1 and "badge-valid" in page
    assert count(app, TravelDocument) == 3


@pytest.mark.parametrize("data, field", [
    ({"kind": "", "country_code": "IR", "expires_on": "2030-01-01"}, "kind"),
    ({"kind": "passport", "country_code": "XX", "expires_on": "2030-01-01"}, "country_code"),
    ({"kind": "passport", "country_code": "IR", "expires_on": ""}, "expires_on"),
    ({"kind": "passport", "country_code": "IR", "expires_on": "2030-02-30"}, "expires_on"),
])
def test_bad_documents_are_refused(app, client, login, users, sides, ref, data, field):
    trainer_id = make_trainer(app, sides["KHZ"].id)
    login("liaison.khz")
    response = client.post(f"/exchange/trainers/{trainer_id}/documents", data=data)
    assert response.status_code == 400 and field_errors(response.text, field)
    assert count(app, TravelDocument) == 0


def test_documents_are_removed_only_from_their_own_trainer(app, client, login, users, sides, ref):
    first = make_trainer(app, sides["KHZ"].id)
    second = make_trainer(app, sides["KHZ"].id, name_fa="مهدی چنانی")
    with app.app_context():
        doc = TravelDocument(trainer_id=first, kind="passport", country_code="IR", expires_on=date(2030, 1, 1))
        db.session.add(doc)
        db.session.commit()
        doc_id = doc.id
    login("liaison.khz")
    assert client.post(f"/exchange/trainers/{second}/documents/{doc_id}/delete").status_code == 404
    assert client.post(f"/exchange/trainers/{first}/documents/{doc_id}/delete").status_code == 302
    assert count(app, TravelDocument) == 0


# Unavailability -----------------------------------------------------------------------------------------


def test_unavailability_backward_and_overlapping_periods_are_refused(app, client, login, users, sides, ref):
    trainer_id = make_trainer(app, sides["KHZ"].id, users["trainer_khz"].id)
    login("trainer.khz")
    url = f"/exchange/trainers/{trainer_id}/unavailability"
    assert client.post(url, data={"starts_on": "2026-12-10", "ends_on": "2026-12-20",
                                  "reason": "leave"}).status_code == 302
    response = client.post(url, data={"starts_on": "2026-12-25", "ends_on": "2026-12-22"})
    assert response.status_code == 400
    assert "cannot be before" in " ".join(field_errors(response.text, "ends_on"))
    response = client.post(url, data={"starts_on": "2026-12-20", "ends_on": "2026-12-28"})
    assert response.status_code == 409
    message = " ".join(field_errors(response.text, "starts_on"))
    assert "overlaps" in message and "10 December 2026" in message and "20 December 2026" in message
    # The day after the last day is free.
    assert client.post(url, data={"starts_on": "2026-12-21", "ends_on": "2026-12-21"}).status_code == 302
    assert fetch(app, trainer_id).periods == [(date(2026, 12, 10), date(2026, 12, 20)),
                                              (date(2026, 12, 21), date(2026, 12, 21))]


def test_unavailability_typed_in_the_persian_calendar(app, client, login, users, sides, ref):
    trainer_id = make_trainer(app, sides["KHZ"].id)
    login("liaison.khz")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fa"
    response = client.post(f"/exchange/trainers/{trainer_id}/unavailability",
                           data={"starts_on": "۱۴۰۵/۰۹/۱۰", "ends_on": "۱۴۰۵/۰۹/۱۲"})
    assert response.status_code == 302
    assert fetch(app, trainer_id).periods == [(date(2026, 12, 1), date(2026, 12, 3))]
    with app.app_context():
        period_id = db.session.scalar(select(Unavailability.id))
    assert client.post(f"/exchange/trainers/{trainer_id}/unavailability/{period_id}/delete").status_code == 302
    assert fetch(app, trainer_id).periods == []


# Figures ------------------------------------------------------------------------------------------------


def test_figures_page_counts_trainer_days_by_direction(app, client, login, users, sides, ref):
    from coordinator.exchanges.models import Assignment
    from coordinator.l10n.timezones import local_to_utc

    trainer_id = make_trainer(app, sides["KHZ"].id)
    with app.app_context():
        course_id = factories.make_course(ref.msn_centre, ref.weld, status="scheduled")
        db.session.add(Assignment(trainer_id=trainer_id, course_id=course_id, status="confirmed",
                                  travel_out_at=local_to_utc(date(2026, 12, 1), time(6),
                                                             "Asia/Baghdad"),
                                  travel_back_at=local_to_utc(date(2026, 12, 3), time(18),
                                                              "Asia/Baghdad")))
        db.session.commit()
    login("manager.khz")
    response = client.get("/exchange/figures", query_string={"start": "2026-01-01", "end": "2026-12-31"})
    assert response.status_code == 200
    rows = re.findall(r"<tr><td>(.*?)</td><td class=\"num\">(.*?)</td></tr>", response.text)
    assert rows[0][1] == "3" and "→" in rows[0][0] and "9999-01" in response.text
    response = client.get("/exchange/figures", query_string={"start": "2026-12-31", "end": "2026-01-01"})
    assert response.status_code == 400 and "cannot be before" in response.text
    assert client.get("/exchange/figures", query_string={"start": "nonsense"}).status_code == 400
