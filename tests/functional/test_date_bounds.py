"""Dates outside 1900–2100: refused on every way in (API, pages, services), and rows already stored with such
dates (written before the rule, or by hand) still show on every page, in every calendar, without an error."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import update

from coordinator.agro.models import Milestone
from coordinator.courses.models import Course
from coordinator.equipment.models import Booking
from coordinator.extensions import db
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
        return {"course": course, "item": item, "booking": booking, "milestone": milestone, "track": track}


@pytest.mark.parametrize("far", FAR, ids=["9999", "0001"])
@pytest.mark.parametrize("lang", ["fa", "ar", "en"])
def test_pages_show_stored_far_dates(app, client, login, far_records, far, lang):
    r = far_records
    with app.app_context():
        _stored(Course, r["course"], start_date=far, end_date=far)
        _stored(Booking, r["booking"], starts_on=far, ends_on=far, held_from=far, held_until=far)
        _stored(Milestone, r["milestone"], due_on=far, starts_on=far)
    login("admin")
    client.post("/language", data={"lang": lang, "next": "/"})
    for path in ("/courses/", f"/courses/{r['course']}", f"/courses/{r['course']}/edit", "/courses/export.xlsx",
                 "/agro/", f"/agro/{r['track']}", f"/agro/tracks/{r['track']}/timeline",
                 f"/agro/milestones/{r['milestone']}", f"/agro/milestones/{r['milestone']}/edit",
                 f"/equipment/{r['item']}", "/courses/calendar", "/", "/equipment/utilisation"):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
