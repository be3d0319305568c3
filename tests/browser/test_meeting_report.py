"""Journey: a manager records a meeting (agenda, decision, closing it) and downloads its report."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import select

from coordinator.catalog.models import Side
from coordinator.extensions import db
from coordinator.l10n.calendars import date_input_value
from coordinator.l10n.digits import localize_digits
from tests import factories

from . import scenes

MANAGERS = {"fa": ("manager.khz", "KHZ"), "ar": ("manager.msn", "MSN")}


def _side_id(code: str) -> int:
    return db.session.scalar(select(Side.id).where(Side.code == code))


@pytest.mark.parametrize("lang", ["fa", "ar"])
def test_manager_records_a_meeting_and_downloads_its_report(as_user, in_app, lang):
    username, side_code = MANAGERS[lang]
    manager = as_user(username, lang)
    page = manager.go("/meetings/new")
    manager.check(dates=None)
    page.fill("#name_fa", "نشست هماهنگی آموزش فنی و حرفه‌ای")
    page.fill("#name_ar", "اجتماع تنسيق التدريب المهني والتقني")
    page.select_option("#host_side_id", str(in_app(_side_id, side_code)))
    page.fill("#starts_on", date_input_value(scenes.today(), lang))
    page.fill("#start_time", localize_digits("10:00", lang))
    page.fill("#end_time", localize_digits("12:30", lang))
    page.fill("#venue", "اهواز / الأهواز")
    page.click("form button[type=submit].primary")
    expect(page.locator(".flash-success")).to_be_visible()
    meeting_url = page.url

    page.locator("details:has(form[action$='/agenda#agenda']) summary").click()
    page.fill("#agenda-name_fa", "گزارش دوره‌های مشترک")
    page.fill("#agenda-name_ar", "تقرير الدورات المشتركة")
    page.click("form[action$='/agenda#agenda'] button[type=submit]")
    expect(page.locator(".flash-success")).to_be_visible()
    decision = page.locator("form[action*='/decisions']").first
    page.locator("details:has(form[action*='/decisions']) summary").first.click()
    decision.locator("textarea[name$='text_fa']").fill("دوره جوشکاری پیشرفته در میسان برگزار شود.")
    decision.locator("textarea[name$='text_ar']").fill("تُعقد دورة اللحام المتقدم في ميسان.")
    decision.locator("button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()
    manager.check()
    manager.screenshot("d-meeting-recorded")

    for state in ("open", "start", "close"):  # "close" asks for confirmation: the session says yes
        if state == "close":
            # Both heads of delegation sign the minutes before it closes (their own journey is elsewhere).
            in_app(factories.sign_minutes, int(meeting_url.rstrip("/").rsplit("/", 1)[1]))
            page.reload()
        button = page.locator(f"form[action$='/state/{state}'] button")
        if button.count():
            button.click()
            expect(page.locator(".flash-success")).to_be_visible()
    manager.check()
    manager.screenshot("d-meeting-closed")

    link = page.locator("a[href*='/reports/meetings/']")
    expect(link).to_be_visible()
    response = manager.context.request.get(link.get_attribute("href"))
    assert response.ok and response.headers["content-type"].startswith("application/pdf")
    body = response.body()
    assert body.startswith(b"%PDF")
    assert len(PdfReader(io.BytesIO(body)).pages) >= 1
    (manager.artifacts / f"d-meeting-report-{lang}.pdf").write_bytes(body)
    assert page.url == meeting_url
