"""Journey: Khuzestan's trainees enrolled on a Maysan course travel as a group: Khuzestan plans the trip and
enters the passports, Maysan confirms once every traveller's documents hold; the group list PDF opens."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from coordinator.catalog.models import Side
from coordinator.courses.models import Enrolment
from coordinator.extensions import db
from coordinator.l10n.calendars import date_input_value
from coordinator.trainees.models import Trainee

from . import scenes


def _enrol_two(course_id: int) -> list[str]:
    side_id = db.session.scalar(select(Side.id).where(Side.code == "KHZ"))
    people = db.session.scalars(select(Trainee).where(Trainee.side_id == side_id).order_by(Trainee.id)
                                .offset(course_id % 20).limit(2)).all()
    for trainee in people:
        db.session.add(Enrolment(course_id=course_id, trainee_id=trainee.id, status="enrolled"))
    return [t.name_fa for t in people]


@pytest.mark.parametrize("lang", ["fa", "ar"])
def test_a_trainee_group_is_planned_documented_and_confirmed(as_user, in_app, lang):
    start = scenes.today() + timedelta(days=160 if lang == "fa" else 190)
    course_id = in_app(scenes.course, "MSN", "7212-01", start, 2, "approved", "جوشکاری گروهی / اللحام الجماعي")
    names = in_app(_enrol_two, course_id)

    khz = as_user("liaison.khz", lang)
    page = khz.go(f"/exchange/courses/{course_id}/group-trip/new")
    khz.check(dates=None)
    page.fill("#travel_out_date", date_input_value(start - timedelta(days=1), lang))
    page.fill("#travel_out_time", "07:00")
    page.fill("#travel_back_date", date_input_value(start + timedelta(weeks=2, days=1), lang))
    page.fill("#travel_back_time", "19:00")
    page.select_option("#crossing_id", index=1)
    page.fill("#escort_name", "حمید دشتی")
    page.click("form button[type=submit].primary")
    expect(page.locator(".page-head .status.status-planned")).to_be_visible()
    trip_url = page.url
    for name in names:
        expect(page.locator(f"td a:has-text('{name}')")).to_be_visible()
    khz.check()
    khz.screenshot("b-group-trip-planned")

    for n, name in enumerate(names):
        page.click(f"td a:has-text('{name}')")
        khz.check(dates=None)
        if n == 0:
            khz.screenshot("b-group-traveller")
        page.fill("#name_latin", ("ZARGANI REZA", "TORFI MOHAMMAD")[n])
        page.fill("#passport_number", f"P900000{n}")
        page.fill("#passport_expires_on", date_input_value(date(2031, 6, 1), lang))
        page.click("form button[type=submit].primary")
        expect(page.locator(".flash-success")).to_be_visible()
    khz.screenshot("b-group-trip-documented")

    msn = as_user("liaison.msn", lang)
    page = msn.go("/" + trip_url.split("/", 3)[-1])
    page.click("form[action$='/confirm'] button")
    expect(page.locator(".page-head .status.status-confirmed")).to_be_visible()
    # No page check here: the names as in the passports are Latin by nature (the words check would flag them).
    msn.screenshot("b-group-trip-confirmed")
    response = page.request.get(trip_url + "/list.pdf")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
