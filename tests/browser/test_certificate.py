"""Journey: a trainee is enrolled, attends, is assessed, completes the course and gets a certificate that the
public verification page confirms."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from coordinator.courses.models import Enrolment
from coordinator.extensions import db
from coordinator.l10n.digits import localize_digits

from . import scenes


def _enrolment_id(course_id: int, trainee_id: int) -> int:
    return db.session.scalar(select(Enrolment.id).where(Enrolment.course_id == course_id,
                                                        Enrolment.trainee_id == trainee_id))


@pytest.mark.parametrize("lang", ["fa", "ar"])
def test_trainee_attends_and_gets_a_certificate_that_verifies(as_user, in_app, lang):
    # Four weeks of sessions that ended a week ago: finalising and completing wait for the last session's end.
    start = scenes.today() - timedelta(weeks=5)
    course_id = in_app(scenes.course, "KHZ", "7514-02", start, 4, "running", "بسته‌بندی خرما / تعبئة التمور")
    trainee_id, name_fa, name_ar = in_app(scenes.free_trainee, "KHZ")
    shown_name = (name_ar or name_fa) if lang == "ar" else (name_fa or name_ar)

    liaison = as_user("liaison.khz", lang)
    page = liaison.go(f"/courses/{course_id}/roster?q={shown_name}")
    page.select_option("#trainee_id", str(trainee_id))
    page.click("form[action$='/enrol'] button.primary")
    expect(page.locator(".flash-success")).to_contain_text(shown_name)
    liaison.check()

    enrolment_id = in_app(_enrolment_id, course_id, trainee_id)
    page = liaison.go(f"/courses/{course_id}/attendance?period=all")  # every session so far, not this week
    cells = page.locator(f"select[name^='a-{enrolment_id}-']:not([disabled])")
    assert cells.count() >= 3, "the sessions held so far can be marked"
    for i in range(cells.count()):
        cells.nth(i).select_option("present")
    page.click("form button[type=submit].primary")
    expect(page.locator(".flash-success")).to_be_visible()
    liaison.check(dates="short")  # the sheet's columns are dates in the reader's short form
    liaison.screenshot("c-attendance")

    page = liaison.go(f"/courses/{course_id}/assessment")
    page.fill(f"[name=t-{enrolment_id}]", localize_digits("85", lang))
    page.fill(f"[name=p-{enrolment_id}]", localize_digits("92.5", lang).replace(".", "٫"))
    page.click("form button[type=submit].primary")
    expect(page.locator(".flash-success")).to_be_visible()
    page.click("form[action$='/finalise'] button")  # asks "are you sure?": the session says yes
    expect(page.locator(".flash-success")).to_be_visible()
    liaison.check(dates=None)

    page = liaison.go(f"/courses/{course_id}")
    page.click("form[action$='/transition/complete'] button")
    expect(page.locator(".status.status-completed")).to_be_visible()

    page = liaison.go(f"/courses/{course_id}/certificates")
    page.click("form[action$='/certificates/issue'] button")
    number = page.locator("table.records tbody tr bdi").first.inner_text().strip()
    assert number
    liaison.check()
    liaison.screenshot("c-certificates")

    visitor = as_user(None, lang)
    page = visitor.go(f"/verify?number={number}")
    expect(page.locator("[data-status=valid]")).to_be_visible()
    text = visitor.check()
    assert number in text and (name_fa in text or name_ar in text)
    visitor.screenshot("c-certificate-verified")
