"""The visa workflow through the pages: proposed subject to visa, the visa recorded on the trip, confirmation
refused until the visa covers the trip, a substitute suggested, and who may record the visa."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from coordinator.exchanges.models import Assignment, Trainer, TravelDocument, TripVisa
from coordinator.extensions import db
from coordinator.l10n.calendars import date_input_value
from tests.functional.test_assignments import form_data, login_to
from tests.unit.test_conflicts import exchange_setup, make_trainer


@pytest.fixture
def world(app, users, sides):
    app.config["VISA_REQUIRED"] = [("IR", "IQ")]
    with app.app_context():
        course_id, standard_id = exchange_setup(sides)
        khz = make_trainer(sides["KHZ"].id, user_id=users["trainer_khz"].id, skill_ids=[standard_id])
        spare = make_trainer(sides["KHZ"].id, skill_ids=[standard_id], name_fa="رضا کعبی")
        trainer = db.session.get(Trainer, spare)
        trainer.documents.append(TravelDocument(kind="visa", country_code="IQ", expires_on=date(2027, 6, 1)))
        db.session.commit()
    yield {"course": course_id, "khz": khz}
    app.config.pop("VISA_REQUIRED")


def visa_form(status, until=None, version=""):
    return {"visa-status": status, "visa-needed_by": "", "visa-valid_from": "",
            "visa-valid_until": date_input_value(until, "fa") if until else "", "visa-number": "IQ-778",
            "visa-version": version}


def test_propose_subject_to_visa_then_confirm_once_issued(app, client, world):
    login_to(client, "liaison.msn")
    response = client.post(f"/exchange/courses/{world['course']}/assignments", data=form_data(world["khz"]),
                           follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "روادید" in html
    with app.app_context():
        assignment = db.session.scalar(select(Assignment))
        assignment_id, visa_version = assignment.id, assignment.visa.version
        assignment.status = "accepted"  # the trainer accepted
        db.session.commit()
    page = client.get(f"/exchange/assignments/{assignment_id}").get_data(as_text=True)
    assert "رضا کعبی" in page  # the substitute with the skill, free and with a valid visa
    refused = client.post(f"/exchange/assignments/{assignment_id}/confirm", data={"step-version": "2"})
    assert refused.status_code == 409
    with app.app_context():
        assert db.session.get(Assignment, assignment_id).status == "accepted"
    short = client.post(f"/exchange/assignments/{assignment_id}/visa",
                        data=visa_form("issued", until=date(2026, 12, 6), version=visa_version))
    assert short.status_code == 302  # recorded; the page warns that it does not cover the trip
    with app.app_context():
        visa = db.session.scalar(select(TripVisa))
        assert (visa.status, visa.valid_until, visa.number) == ("issued", date(2026, 12, 6), "IQ-778")
        version = visa.version
    assert client.post(f"/exchange/assignments/{assignment_id}/confirm",
                       data={"step-version": "2"}).status_code == 409
    client.post(f"/exchange/assignments/{assignment_id}/visa",
                data=visa_form("issued", until=date(2026, 12, 31), version=version))
    done = client.post(f"/exchange/assignments/{assignment_id}/confirm", data={"step-version": "2"})
    assert done.status_code == 302
    with app.app_context():
        assert db.session.get(Assignment, assignment_id).status == "confirmed"


def test_issued_without_validity_is_refused_on_the_field_and_only_the_two_sides_record_it(app, client, world,
                                                                                         users):
    login_to(client, "liaison.msn")
    client.post(f"/exchange/courses/{world['course']}/assignments", data=form_data(world["khz"]))
    with app.app_context():
        assignment_id = db.session.scalar(select(Assignment.id))
    bad = client.post(f"/exchange/assignments/{assignment_id}/visa", data=visa_form("issued", version="1"))
    assert bad.status_code == 400 and "has-error" in bad.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(TripVisa.status)) == "to_apply"
    manager = app.test_client()
    login_to(manager, "manager.msn")
    assert manager.post(f"/exchange/assignments/{assignment_id}/visa",
                        data=visa_form("refused", version="1")).status_code == 403


def test_removing_a_passport_warns_at_once_about_the_confirmed_trip(app, client, world):
    login_to(client, "liaison.msn")
    client.post(f"/exchange/courses/{world['course']}/assignments", data=form_data(world["khz"]))
    with app.app_context():
        assignment = db.session.scalar(select(Assignment))
        assignment.visa.status, assignment.visa.valid_until = "issued", date(2027, 1, 1)
        assignment.status = "confirmed"
        trainer = db.session.get(Trainer, world["khz"])
        passport_id, code = trainer.documents[0].id, assignment.course.code
        db.session.commit()
    admin = app.test_client()
    login_to(admin, "admin")
    page = admin.post(f"/exchange/trainers/{world['khz']}/documents/{passport_id}/delete", follow_redirects=True)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and f"{code}: برای حسن موسوی گذرنامه‌ای ثبت نشده است." in html
