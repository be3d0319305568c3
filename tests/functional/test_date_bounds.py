"""Dates outside 1900–2100: refused on every way in (API, pages, services), and rows already stored with such
dates (written before the rule, or by hand) still show on every page, in every calendar, without an error."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import update

from coordinator.agro.models import Milestone
from coordinator.courses.models import Course
from coordinator.equipment.models import Booking
from coordinator.extensions import db
from coordinator.meetings.models import Meeting
from tests import factories

FAR = (date(9999, 12, 31), date(1, 1, 1))


def _stored(model, record_id: int, **values) -> None:
    """Write a value as old data would be: a plain UPDATE, past the rules of the ORM."""
    db.session.execute(update(model).where(model.id == record_id).values(**values))
    db.session.commit()


@pytest.fixture
def far_records(app, sides, users):
    with app.app_context():
        khz, msn = sides["KHZ"], sides["MSN"]
        centre = factories.make_centre(msn.id)
        course = factories.make_course(centre, factories.make_standard())
        item = factories.make_dated_item(msn.id, centre)
        booking = factories.make_dated_booking(item, khz.id, None, cancelled=True)
        milestone = factories.make_dated_milestone(msn.id, date(2027, 5, 1))
        track = db.session.get(Milestone, milestone).track_id
        meeting = factories.make_meeting(msn.id)
        return {"course": course, "item": item, "booking": booking, "milestone": milestone, "track": track,
                "meeting": meeting}


@pytest.mark.parametrize("far", FAR, ids=["9999", "0001"])
@pytest.mark.parametrize("lang", ["fa", "ar", "en"])
def test_pages_show_stored_far_dates(app, client, login, far_records, far, lang):
    r = far_records
    with app.app_context():
        _stored(Course, r["course"], start_date=far, end_date=far)
        _stored(Booking, r["booking"], starts_on=far, ends_on=far, held_from=far, held_until=far)
        _stored(Milestone, r["milestone"], due_on=far, starts_on=far)
        _stored(Meeting, r["meeting"], starts_at=datetime.combine(far, time(20), UTC),
                ends_at=datetime.combine(far, time(22), UTC))
    login("admin")
    client.post("/language", data={"lang": lang, "next": "/"})
    for path in ("/courses/", f"/courses/{r['course']}", f"/courses/{r['course']}/edit", "/courses/export.xlsx",
                 "/agro/", f"/agro/{r['track']}", f"/agro/tracks/{r['track']}/timeline",
                 f"/agro/milestones/{r['milestone']}", f"/agro/milestones/{r['milestone']}/edit",
                 f"/equipment/{r['item']}", "/courses/calendar", "/", "/equipment/utilisation",
                 "/meetings/", f"/meetings/{r['meeting']}"):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)


# Writing such dates ---------------------------------------------------------------------------------------

RANGE_EN = "Enter a date from 1 January 1900 to 31 December 2100."


@pytest.fixture
def api(app, sides, users):
    from tests.functional.test_api_access import make_records, make_tokens

    with app.app_context():
        ids = make_records(sides, users)
        token = make_tokens({"admin": users["admin"]})["admin"]
    return ids, {"Authorization": f"Bearer {token}", "Accept-Language": "en"}


def _course(ids, day):
    return {"name_fa": "دوره", "name_ar": "دورة", "skill_standard_id": ids.standard, "host_centre_id": ids.centre,
            "start_date": day, "end_date": day, "theory_hours": 10, "practice_hours": 30, "capacity": 12}


WRITES = {
    "course": ("POST", "/courses", lambda ids, day: _course(ids, day), "start_date"),
    "milestone": ("POST", "/tracks/{track}/milestones", lambda ids, day: {
        "name_fa": "گام", "name_ar": "خطوة", "side_id": ids.msn, "due_on": day}, "due_on"),
    "booking": ("POST", "/equipment/{item}/bookings", lambda ids, day: {
        "starts_on": day, "ends_on": day, "user_side_id": ids.msn}, "starts_on"),
    "assignment": ("POST", "/assignments", lambda ids, day: {
        "course_id": ids.course, "trainer_id": ids.trainer, "travel_out_at": f"{day}T06:00:00+00:00",
        "travel_back_at": f"{day}T18:00:00+00:00"}, "travel_out_at"),
    "action item": ("PATCH", "/action-items/{action_item}", lambda ids, day: {"due_on": day, "version": 1},
                    "due_on"),
}


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2101-01-01", "1899-12-31"])
@pytest.mark.parametrize("kind", list(WRITES))
def test_api_refuses_dates_outside_the_range(app, client, api, kind, day):
    ids, headers = api
    method, path, body, field = WRITES[kind]
    response = client.open("/api/v1" + path.format(**vars(ids)), method=method, json=body(ids, day),
                           headers=headers)
    assert response.status_code == 422, response.get_data(as_text=True)
    assert response.get_json()["errors"][field] == [RANGE_EN]


def test_the_refusal_is_written_in_the_readers_calendar(client, api):
    ids, headers = api
    response = client.post("/api/v1/courses", json=_course(ids, "9999-12-31"), headers={**headers,
                                                                                          "Accept-Language": "fa"})
    assert response.get_json()["errors"]["start_date"] == ["تاریخی از ۱۱ دی ۱۲۷۸ تا ۱۰ دی ۱۴۷۹ وارد کنید."]


def test_the_edges_of_the_range_are_taken(client, api):
    ids, headers = api
    for day in ("1900-01-01", "2100-12-31"):
        response = client.post("/api/v1/courses", json=_course(ids, day), headers=headers)
        assert response.status_code == 201, response.get_data(as_text=True)


def test_services_refuse_them_whatever_calls_them(app, sides, users):
    """The CLI, imports and pages reach the same services: the check before every flush holds for all."""
    from coordinator.auth.models import User
    from coordinator.courses import services
    from coordinator.errors import ValidationFailed

    with app.app_context():
        centre, standard = factories.make_centre(sides["MSN"].id), factories.make_standard()
        admin = db.session.get(User, users["admin"].id)
        values = {"name_fa": "دوره", "name_ar": "دورة", "skill_standard_id": standard, "host_centre_id": centre,
                  "start_date": date(9999, 12, 30), "end_date": date(9999, 12, 31), "theory_hours": 10,
                  "practice_hours": 30, "capacity": 12, "min_attendance": 80, "language": "fa_ar",
                  "delivery": "centre"}
        with pytest.raises(ValidationFailed) as refused:
            services.create_course(values, admin)
        assert refused.value.field == "start_date" and str(refused.value) == RANGE_EN
        db.session.rollback()
        assert db.session.scalar(db.select(db.func.count(Course.id))) == 0


def test_stored_far_booking_can_still_be_cancelled(app, client, api):
    """Only values being written are checked: a row from before the rule can still be cancelled."""
    ids, headers = api
    with app.app_context():
        far = date(9999, 12, 31)
        _stored(Booking, ids.booking, starts_on=far, ends_on=far, held_from=far, held_until=far)
    response = client.post(f"/api/v1/equipment/{ids.item}/bookings/{ids.booking}/cancellation",
                           json={"version": 1}, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["cancelled"] is True


def test_course_form_refuses_a_solar_hijri_date_past_2100(app, client, login, sides, users):
    with app.app_context():
        centre, standard = factories.make_centre(sides["KHZ"].id), factories.make_standard()
    login("admin")
    client.post("/language", data={"lang": "fa", "next": "/"})
    response = client.post("/courses/new", data={
        "name_fa": "دوره", "name_ar": "دورة", "skill_standard_id": standard, "host_centre_id": centre,
        "start_date": "۱۴۹۰/۰۱/۰۱", "end_date": "۱۴۹۰/۰۲/۰۱", "theory_hours": "10", "practice_hours": "30",
        "capacity": "12", "min_attendance": "80", "language": "fa_ar", "delivery": "centre"})
    assert response.status_code in (200, 400)
    assert "تاریخی از ۱۱ دی ۱۲۷۸ تا ۱۰ دی ۱۴۷۹ وارد کنید." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Course.id))) == 0
