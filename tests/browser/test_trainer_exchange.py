"""Journey: Maysan asks for a Khuzestan trainer; the trainer accepts; the host side confirms."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from coordinator.l10n.calendars import date_input_value

from . import scenes


@pytest.mark.parametrize("lang", ["fa", "ar"])
def test_khuzestan_trainer_is_assigned_in_maysan_and_confirms(as_user, in_app, lang):
    # Each language gets its own course, weeks apart, so the trainer's two trips never overlap.
    start = scenes.today() + timedelta(days=100 if lang == "fa" else 130)
    course_id = in_app(scenes.course, "MSN", "7212-01", start, 2, "approved", "جوشکاری پیشرفته / اللحام المتقدم")
    trainer_id = in_app(scenes.trainer_of, "trainer.khz")

    host = as_user("liaison.msn", lang)
    page = host.go(f"/exchange/courses/{course_id}/assignments")
    host.check(dates=None)
    page.select_option("#trainer_id", str(trainer_id))
    # Travel is typed in the trainer's home clock (Tehran) and the viewer's calendar.
    page.fill("#travel_out_date", date_input_value(start - timedelta(days=1), lang))
    page.fill("#travel_out_time", "07:00")
    page.fill("#travel_back_date", date_input_value(start + timedelta(weeks=2, days=1), lang))
    page.fill("#travel_back_time", "19:00")
    page.click("form[action$='/assignments'] button[type=submit].primary")
    expect(page.locator(".page-head .status.status-proposed")).to_be_visible()
    assignment_url = page.url
    link = f"a[href$='/assignments/{assignment_url.rsplit('/', 1)[-1]}']"
    host.check()
    host.screenshot("b-assignment-proposed")

    trainer = as_user("trainer.khz", lang)
    page = trainer.go("/exchange/me")
    page.locator(link).first.click()
    trainer.check()
    page.click("form[action$='/accept'] button")
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator(f"tr:has({link}) .status-accepted")).to_be_visible()
    trainer.check()
    trainer.screenshot("b-trainer-accepted")

    page = host.go(assignment_url)
    page.click("form[action$='/confirm'] button")
    expect(page.locator(".page-head .status.status-confirmed")).to_be_visible()
    text = host.check()
    assert "حمید دشتی" in text or "حميد دشتي" in text
    host.screenshot("b-assignment-confirmed")
