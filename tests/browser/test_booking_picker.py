"""Journey: a liaison books a shared item for a joint course by typing the course's code (in the page's own
digits), not by scrolling a list of every course; a name that matches several courses is explained."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from coordinator.catalog.models import Side
from coordinator.courses.models import Course
from coordinator.equipment.models import Booking, EquipmentItem
from coordinator.extensions import db
from coordinator.l10n.calendars import date_input_value
from coordinator.l10n.digits import localize_digits

from . import scenes

LIAISONS = {"fa": ("liaison.khz", "KHZ"), "ar": ("liaison.msn", "MSN")}


def _scene(side_code: str) -> tuple[int, str, int]:
    """An item of the side that it may book, and the joint course that starts last."""
    side = db.session.scalar(select(Side).where(Side.code == side_code))
    item = db.session.scalar(select(EquipmentItem).where(EquipmentItem.side_id == side.id,
                                                         EquipmentItem.condition != "out_of_service")
                             .order_by(EquipmentItem.id))
    course = db.session.scalar(select(Course).order_by(Course.start_date.desc(), Course.id))
    return item.id, course.code, course.id


@pytest.mark.parametrize("lang", ["fa", "ar"])
def test_a_liaison_books_for_a_course_by_typing_its_code(as_user, in_app, lang):
    username, side_code = LIAISONS[lang]
    item_id, code, course_id = in_app(_scene, side_code)
    liaison = as_user(username, lang)
    page = liaison.go(f"/equipment/{item_id}")
    assert page.locator("select[name=course_id]").count() == 0
    field = page.locator("input[name=course_ref]")
    expect(field).to_be_visible()

    field.fill("ا")  # a letter in nearly every name: several courses match
    page.click("form[action$='/bookings'] button[type=submit]")
    expect(page.locator(".field.has-error:has(input[name=course_ref]) p.error")).to_be_visible()
    liaison.screenshot("booking-picker-several")

    form = page.locator("form[action$='/bookings']")
    form.locator("input[name=course_ref]").fill(localize_digits(code, lang))
    # Far from the demo's own bookings, so no clash decides the outcome.
    far = scenes.today() + timedelta(days=700 if lang == "fa" else 720)
    form.locator("input[name=starts_on]").fill(date_input_value(far, lang))
    form.locator("input[name=ends_on]").fill(date_input_value(far + timedelta(days=2), lang))
    page.click("form[action$='/bookings'] button[type=submit]")
    expect(page.locator(".flash-success")).to_be_visible()
    liaison.screenshot("booking-picker-booked")
    booked = in_app(lambda: db.session.scalar(select(Booking.course_id).where(Booking.item_id == item_id,
                                                                             Booking.course_id == course_id)))
    assert booked == course_id
