"""Trainee group trips: a course hosted in Maysan makes Khuzestan's enrolled trainees a travelling group; each
traveller is checked by the trainers' document rules; the host side confirms only when every traveller's documents
hold; the group list PDF for the crossing is printed by both sides' liaisons."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from coordinator.catalog.models import BorderCrossing
from coordinator.exchanges.group_models import GroupTraveller, GroupTrip
from coordinator.extensions import db
from coordinator.l10n.calendars import date_input_value
from tests import factories
from tests.functional.test_assignments import login_to
from tests.functional.test_certificates import _comparable, _pdf_text
from tests.notices import heard
from tests.unit.test_conflicts import COURSE_DAY, exchange_setup

EN = {"Accept-Language": "en"}


@pytest.fixture
def course(app, sides, users):
    """A course hosted in Maysan with two Khuzestan trainees and one Maysan trainee enrolled."""
    with app.app_context():
        course_id, _standard = exchange_setup(sides)
        for name, phone in (("فاطمه کعبی", "09161111111"), ("علی موسوی", "09162222222")):
            factories.make_enrolment(course_id, factories.make_trainee(sides["KHZ"].id, name_fa=name, phone=phone,
                                                                       national_id=f"00{phone[-8:]}"))
        factories.make_enrolment(course_id, factories.make_trainee(sides["MSN"].id, name_fa="", name_ar="زينب"))
        crossing = db.session.scalar(select(BorderCrossing).order_by(BorderCrossing.id))
        return {"id": course_id, "crossing": crossing.id, "crossing_fa": crossing.name_fa}


def trip_form(course, out=COURSE_DAY - timedelta(days=1), back=COURSE_DAY + timedelta(days=21), **changes):
    return {"travel_out_date": date_input_value(out, "fa"), "travel_out_time": "07:00",
            "travel_back_date": date_input_value(back, "fa"), "travel_back_time": "18:00",
            "crossing_id": str(course["crossing"]), "escort_name": "حمید دشتی", "notes": "", **changes}


def traveller_form(version, **changes):
    return {"name_latin": "FATEMEH KAABI", "nationality": "IR", "passport_number": "P1234567",
            "passport_expires_on": date_input_value(date(2030, 1, 1), "fa"), "visa_status": "not_needed",
            "visa_needed_by": "", "visa_valid_from": "", "visa_valid_until": "", "visa_number": "",
            "version": str(version), **changes}


def the_trip(app):
    with app.app_context():
        trip = db.session.scalar(select(GroupTrip))
        return trip and {"id": trip.id, "status": trip.status, "version": trip.version,
                         "travellers": {t.trainee.name: (t.id, t.version) for t in trip.travellers}}


def plan(app, client, course):
    login_to(client, "liaison.khz")
    response = client.post(f"/exchange/courses/{course['id']}/group-trip/new", data=trip_form(course))
    assert response.status_code == 302, response.get_data(as_text=True)
    return the_trip(app)


def test_the_travelling_side_plans_and_the_enrolled_trainees_of_its_side_become_travellers(app, client, course):
    trip = plan(app, client, course)
    assert response_ok(client.get(f"/exchange/group-trips/{trip['id']}"))
    assert set(trip["travellers"]) == {"فاطمه کعبی", "علی موسوی"}  # Maysan's own trainee stays at home
    assert trip["status"] == "planned"
    # The course page leads to the trip once it is planned.
    again = client.get(f"/exchange/courses/{course['id']}/group-trip/new")
    assert again.status_code == 302 and again.headers["Location"].endswith(f"/exchange/group-trips/{trip['id']}")


def response_ok(response) -> bool:
    return response.status_code == 200


def test_a_group_arriving_after_the_first_session_is_refused_and_nothing_is_written(app, client, course):
    login_to(client, "liaison.khz")
    client.post("/language", data={"lang": "en", "next": "/"})
    response = client.post(f"/exchange/courses/{course['id']}/group-trip/new",
                           data={**trip_form(course, out=COURSE_DAY + timedelta(days=1)),
                                 "travel_out_date": f"{COURSE_DAY + timedelta(days=1):%Y-%m-%d}",
                                 "travel_back_date": f"{COURSE_DAY + timedelta(days=21):%Y-%m-%d}"})
    assert response.status_code == 400
    assert "The group would arrive after the first session starts" in response.get_data(as_text=True)
    assert the_trip(app) is None


def test_confirmation_is_refused_until_every_travellers_documents_hold(app, client, course, users):
    trip = plan(app, client, course)
    fatemeh, ali = trip["travellers"]["فاطمه کعبی"], trip["travellers"]["علی موسوی"]
    host = app.test_client()
    login_to(host, "liaison.msn")
    host.post("/language", data={"lang": "en", "next": "/"})
    url = f"/exchange/group-trips/{trip['id']}/confirm"
    refused = host.post(url, data={"version": trip["version"]}, follow_redirects=True).get_data(as_text=True)
    assert "Confirming is refused until the documents of every traveller hold for the whole trip" in refused
    assert "فاطمه کعبی has no passport on record." in refused and "علی موسوی has no passport on record." in refused
    assert the_trip(app)["status"] == "planned"

    # Fatemeh's passport runs out during the margin after the return; Ali's holds.
    short = COURSE_DAY + timedelta(days=40)
    saved = client.post(f"/exchange/group-trips/{trip['id']}/travellers/{fatemeh[0]}",
                        data=traveller_form(fatemeh[1], passport_expires_on=date_input_value(short, "fa")))
    assert saved.status_code == 302
    client.post(f"/exchange/group-trips/{trip['id']}/travellers/{ali[0]}",
                data=traveller_form(ali[1], name_latin="ALI MOUSAVI", passport_number="P7654321"))
    refused = host.post(url, data={"version": trip["version"]}, follow_redirects=True).get_data(as_text=True)
    assert "The passport of فاطمه کعبی expires on" in refused and "(travellers not ready: 1)" in refused
    assert "علی موسوی has no passport" not in refused
    assert the_trip(app)["status"] == "planned"

    version = the_trip(app)["travellers"]["فاطمه کعبی"][1]
    client.post(f"/exchange/group-trips/{trip['id']}/travellers/{fatemeh[0]}", data=traveller_form(version))
    done = host.post(url, data={"version": the_trip(app)["version"]}, follow_redirects=True)
    assert "The group trip is confirmed." in done.get_data(as_text=True)
    assert the_trip(app)["status"] == "confirmed"
    with app.app_context():  # the host side confirmed: the travelling side hears
        assert set(heard("group_trip.confirmed")) == {users["liaison_khz"].id}
    # The travelling side cannot confirm for the host.
    assert client.post(url, data={"version": the_trip(app)["version"]}).status_code == 403


def test_a_visa_shorter_than_the_trip_keeps_the_group_from_being_confirmed(app, client, course, monkeypatch):
    monkeypatch.setitem(app.config, "VISA_REQUIRED", (("IR", "IQ"),))
    trip = plan(app, client, course)
    with app.app_context():
        for traveller in db.session.scalars(select(GroupTraveller)):
            assert traveller.visa_status == "to_apply"  # Iraq asks Iranians for a visa
            traveller.passport_expires_on = date(2030, 1, 1)
            traveller.visa_status, traveller.visa_valid_from = "issued", COURSE_DAY - timedelta(days=5)
            traveller.visa_valid_until = COURSE_DAY + timedelta(days=10)  # the group stays three weeks
        db.session.commit()
    host = app.test_client()
    login_to(host, "liaison.msn")
    host.post("/language", data={"lang": "en", "next": "/"})
    refused = host.post(f"/exchange/group-trips/{trip['id']}/confirm", data={"version": trip["version"]},
                        follow_redirects=True).get_data(as_text=True)
    assert "The visa of فاطمه کعبی for Maysan is valid until" in refused
    assert the_trip(app)["status"] == "planned"


def test_travelled_is_refused_before_the_departure_day(app, client, course):
    trip = plan(app, client, course)
    with app.app_context():
        record = db.session.get(GroupTrip, trip["id"])
        record.status = "confirmed"
        record.travel_out_at = datetime.now(UTC) + timedelta(days=3)
        for traveller in record.travellers:
            traveller.passport_expires_on = date(2030, 1, 1)
        db.session.commit()
        version = record.version
    client.post("/language", data={"lang": "en", "next": "/"})
    refused = client.post(f"/exchange/group-trips/{trip['id']}/travelled", data={"version": version},
                          follow_redirects=True).get_data(as_text=True)
    assert "The group of Khuzestan leaves on" in refused and "cannot be marked as travelled before that day" in refused
    assert the_trip(app)["status"] == "confirmed"


def test_both_sides_liaisons_download_the_bilingual_group_list(app, client, course, tmp_path):
    trip = plan(app, client, course)
    fatemeh = trip["travellers"]["فاطمه کعبی"]
    client.post(f"/exchange/group-trips/{trip['id']}/travellers/{fatemeh[0]}", data=traveller_form(fatemeh[1]))
    for username in ("liaison.khz", "liaison.msn"):
        reader = app.test_client()
        login_to(reader, username)
        pdf = reader.get(f"/exchange/group-trips/{trip['id']}/list.pdf")
        assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    text = _comparable(_pdf_text(pdf.data, tmp_path))
    # The dates in each calendar (pdftotext puts a date's day beside its label's colon: month and year are
    # compared), and as ISO dates at the foot.
    for expected in ("قائمة المجموعة", "فهرست گروه", "FATEMEH KAABI", "P1234567", "فاطمه کعبی", "علی موسوی",
                     "0062222222", course["crossing_fa"], "جمهوری اسلامی ایران", "جمهورية العراق",
                     "آذر ۱۴۰۵", "كانون الأول ٢٠٢٦", "2026-12-05", "2026-12-27", "حمید دشتی", "تعداد"):
        assert _comparable(expected) in text, expected
    trainer = app.test_client()
    login_to(trainer, "trainer.khz")
    assert trainer.get(f"/exchange/group-trips/{trip['id']}/list.pdf").status_code == 403


def test_the_list_follows_the_roster_while_the_trip_is_planned(app, client, course, sides):
    trip = plan(app, client, course)
    with app.app_context():
        late = factories.make_trainee(sides["KHZ"].id, name_fa="مریم نوری", phone="09163333333")
        factories.make_enrolment(course["id"], late)
    client.post("/language", data={"lang": "en", "next": "/"})
    page = client.get(f"/exchange/group-trips/{trip['id']}").get_data(as_text=True)
    assert "1 enrolled trainee is not on the list yet." in page and "مریم نوری" not in page
    done = client.post(f"/exchange/group-trips/{trip['id']}/refresh", data={"version": trip["version"]},
                       follow_redirects=True).get_data(as_text=True)
    assert "The list follows the roster: 1 joined, 0 left." in done
    assert "مریم نوری" in the_trip(app)["travellers"]
