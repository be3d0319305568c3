"""The admin's days-off pages: import a year (preview, then confirm), add a range or a Hijri date, see what
the new days touch, confirm or move an estimated day."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from coordinator.catalog.models import Holiday
from coordinator.extensions import db
from tests import factories


@pytest.fixture
def admin(users, login):
    login("admin")
    return users["admin"]


def holidays_of(app, side_id):
    with app.app_context():
        return {h.day: (h.name_fa, h.name_ar, h.estimated) for h in db.session.scalars(
            select(Holiday).where(Holiday.side_id == side_id))}


def test_import_previews_then_stores_the_year(app, client, admin, sides):
    khz = sides["KHZ"].id
    page = client.post("/catalog/holidays/import", data={"side_id": khz, "year": "۲۰۲۷"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "عاشورای حسینی" in html and 'name="confirm"' in html
    assert holidays_of(app, khz) == {}  # a preview changes nothing
    done = client.post("/catalog/holidays/import", data={"side_id": khz, "year": "2027", "confirm": "1"})
    assert done.status_code == 302 and "/catalog/holidays/touches" in done.headers["Location"]
    stored = holidays_of(app, khz)
    assert stored[date(2027, 6, 16)] == ("عاشورای حسینی", "عاشوراء", True)
    assert stored[date(2027, 3, 21)][2] is False
    assert holidays_of(app, sides["MSN"].id) == {}  # the other side is untouched


def test_a_hijri_day_is_added_as_estimated_and_a_missing_one_is_refused_on_its_field(app, client, admin, sides):
    msn = sides["MSN"].id
    form = {"side_id": msn, "name_fa": "عاشورا", "name_ar": "عاشوراء", "kind": "public", "centre_id": "",
            "fixed_in": ""}
    bad = client.post("/catalog/holidays/add", data={**form, "hijri_day": "1448/01/30"})
    assert bad.status_code == 400
    # The admin reads Persian: the month's real length and the missing day, in Persian digits.
    assert "ماه ۱ سال ۱۴۴۸ قمری ۲۹ روز دارد؛ روز ۳۰ وجود ندارد." in bad.get_data(as_text=True)
    assert holidays_of(app, msn) == {}
    good = client.post("/catalog/holidays/add", data={**form, "hijri_day": "1448/01/10"})
    assert good.status_code == 302
    assert holidays_of(app, msn) == {date(2026, 6, 25): ("عاشورا", "عاشوراء", True)}


def test_the_admin_sees_the_sessions_a_new_day_off_touches(app, client, admin, sides):
    msn = sides["MSN"].id
    with app.app_context():
        centre = factories.make_centre(msn)
        course = factories.make_course(centre, factories.make_standard(), status="scheduled",
                                       start=date(2027, 6, 13), end=date(2027, 6, 20),
                                       name_fa="دوره جوشکاری میسان", name_ar="دورة لحام ميسان")
        factories.make_session(course, day=date(2027, 6, 15))
        factories.make_session(course, day=date(2027, 6, 17))
    response = client.post("/catalog/holidays/add", data={
        "side_id": msn, "name_fa": "تعطیلی گرما", "name_ar": "عطلة الحر", "kind": "closure", "centre_id": "",
        "fixed_in": "", "day": "1406/03/24", "last_day": "1406/03/25"}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count("دوره جوشکاری میسان") + html.count("دورة لحام ميسان") == 1  # 15 June only, not 17
    backwards = client.post("/catalog/holidays/add", data={
        "side_id": msn, "name_fa": "الف", "name_ar": "ب", "kind": "closure", "centre_id": "", "fixed_in": "",
        "day": "1406/04/19", "last_day": "1406/04/10"})
    assert backwards.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Holiday)) == 2


def test_moving_an_estimated_day_confirms_it(app, client, admin, sides):
    with app.app_context():
        holiday = Holiday(side_id=sides["MSN"].id, day=date(2027, 6, 15), name_fa="عاشورا", name_ar="عاشوراء",
                          estimated=True)
        db.session.add(holiday)
        db.session.commit()
        holiday_id = holiday.id
    response = client.post(f"/catalog/holidays/{holiday_id}/move/later", data={"version": 1})
    assert response.status_code == 302
    assert holidays_of(app, sides["MSN"].id) == {date(2027, 6, 16): ("عاشورا", "عاشوراء", False)}
