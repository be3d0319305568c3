"""Booking equipment for a course by typing the course's code or name (the pickers' rule, shared with action
items): the page lists no courses; one match books, none or several say so on the field and book nothing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from coordinator.courses.models import Course
from coordinator.equipment.models import Booking, EquipmentItem
from coordinator.extensions import db
from tests import factories

START = date(2027, 4, 10)


@pytest.fixture
def world(app, sides, users):
    with app.app_context():
        centre = factories.make_centre(sides["KHZ"].id)
        item = EquipmentItem(side_id=sides["KHZ"].id, centre_id=centre, category="agro",
                             name_fa="دستگاه درجه‌بندی خرما", name_ar="آلة فرز التمور", asset_tag="KHZ-DATE-01")
        db.session.add(item)
        db.session.commit()
        standard = factories.make_standard()
        dates = factories.make_course(centre, standard, name_fa="فرآوری خرما", name_ar="تصنيع التمور",
                                      start=START, end=date(2027, 4, 20))
        welding = factories.make_course(centre, standard, name_fa="جوشکاری پیشرفته", name_ar="اللحام المتقدم",
                                        start=date(2027, 6, 1))
        factories.make_course(centre, standard, name_fa="جوشکاری مقدماتی", name_ar="اللحام الأساسي",
                              start=date(2027, 7, 1))
        codes = dict(db.session.execute(select(Course.id, Course.code)).all())
        return {"item": item.id, "khz": sides["KHZ"].id, "dates": dates, "welding": welding, "codes": codes}


def _bookings(app):
    with app.app_context():
        return db.session.execute(select(Booking.course_id, Booking.starts_on, Booking.ends_on)).all()


def test_the_form_offers_a_text_field_not_every_course(client, login, world):
    login("liaison.khz")
    page = client.get(f"/equipment/{world['item']}").get_data(as_text=True)
    assert 'name="course_ref"' in page and 'name="course_id"' not in page
    assert world["codes"][world["welding"]] not in page  # no course is listed on the page


@pytest.mark.parametrize("typed", ["code", "code_arabic_digits", "name_fa", "name_ar_variant"])
def test_a_course_is_booked_by_its_code_or_its_name_in_either_script(app, client, login, world, typed):
    code = world["codes"][world["dates"]]
    text = {"code": code.lower(), "code_arabic_digits": code.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")),
            "name_fa": "فرآوری خرما", "name_ar_variant": "تصنیع التمور"}[typed]  # ی for ي
    login("liaison.khz")
    response = client.post(f"/equipment/{world['item']}/bookings",
                           data={"course_ref": text, "user_side_id": world["khz"]})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert _bookings(app) == [(world["dates"], START, date(2027, 4, 20))]  # the course's dates


def test_several_or_no_matches_are_explained_and_nothing_is_booked(app, client, login, world):
    login("liaison.khz")
    several = client.post(f"/equipment/{world['item']}/bookings",
                          data={"course_ref": "جوشکاری", "user_side_id": world["khz"]},
                          headers={"Accept-Language": "en"})
    page = several.get_data(as_text=True)
    assert several.status_code == 400
    assert "Several match" in page and f"\u2066{world['codes'][world['welding']]}\u2069 " in page  # code isolated
    assert "Enter the first day" not in page  # the course's dates were meant
    none = client.post(f"/equipment/{world['item']}/bookings",
                       data={"course_ref": "JC-2099-0001", "user_side_id": world["khz"]})
    assert none.status_code == 400 and "JC-2099-0001" in none.get_data(as_text=True)
    assert _bookings(app) == []


def test_an_empty_course_books_a_period_with_its_purpose(app, client, login, world):
    login("liaison.khz")
    response = client.post(f"/equipment/{world['item']}/bookings", data={
        "course_ref": "  ", "user_side_id": world["khz"], "starts_on": "2027/05/02", "ends_on": "2027/05/03",
        "purpose": "کارگاه"}, headers={"Accept-Language": "en"})
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Booking.id)).where(Booking.course_id.is_(None))) == 1
