"""Journey: a liaison of Khuzestan plans a joint course and proposes it; both sides approve it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from coordinator.catalog.models import Centre, Side, SkillStandard
from coordinator.extensions import db
from coordinator.l10n.calendars import date_input_value
from coordinator.l10n.digits import localize_digits
from coordinator.l10n.timezones import to_zone, utcnow

TITLES = {"fa": ("تعمیر موتور دیزل کشاورزی", "صيانة محركات الديزل الزراعية"),
          "ar": ("نصب پنل خورشیدی", "تركيب الألواح الشمسية")}


def _scene():
    side = db.session.scalar(select(Side).where(Side.code == "KHZ"))
    centre = db.session.scalar(select(Centre).where(Centre.side_id == side.id, Centre.active.is_(True))
                               .order_by(Centre.id))
    standard = db.session.scalar(select(SkillStandard).where(SkillStandard.active.is_(True))
                                 .order_by(SkillStandard.code))
    return centre.id, standard.id


@pytest.mark.parametrize("lang", ["fa", "ar"])
def test_both_sides_approve_a_planned_course(as_user, in_app, lang):
    centre_id, standard_id = in_app(_scene)
    today = to_zone(utcnow(), "Asia/Tehran").date()
    start = today + timedelta(days=150 if lang == "fa" else 180)

    khz = as_user("liaison.khz", lang)
    page = khz.go("/courses/new")
    khz.check(dates=None)
    name_fa, name_ar = TITLES[lang]
    page.fill("#name_fa", name_fa)
    page.fill("#name_ar", name_ar)
    page.select_option("#skill_standard_id", str(standard_id))
    page.select_option("#host_centre_id", str(centre_id))
    page.select_option("#language", "fa_ar")  # nothing is chosen for the person
    page.select_option("#delivery", "centre")
    # Typed as a person would: the viewer's calendar and digits (Jalali for Persian).
    page.fill("#start_date", date_input_value(start, lang))
    page.fill("#end_date", date_input_value(start + timedelta(weeks=6), lang))
    for name, value in (("theory_hours", 40), ("practice_hours", 120), ("capacity", 15)):
        page.fill(f"#{name}", localize_digits(str(value), lang))
    page.click("form.card button[type=submit].primary")

    expect(page.locator(".status.status-draft")).to_be_visible()
    course_url = page.url
    khz.check()
    page.click("form[action$='/transition/propose'] button")
    expect(page.locator(".status.status-proposed")).to_be_visible()
    page.click("form[action$='/approve'] button")
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator(".status.status-proposed")).to_be_visible()  # the other side has yet to approve
    khz.check()
    khz.screenshot("a-course-proposed")

    msn = as_user("liaison.msn", lang)
    page = msn.go(course_url)
    expect(page.locator(".approvals .ok")).to_have_count(1)
    page.click("form[action$='/approve'] button")
    expect(page.locator(".status.status-approved")).to_be_visible()
    expect(page.locator(".approvals .ok")).to_have_count(2)
    text = msn.check()
    assert name_fa in text or name_ar in text
    msn.screenshot("a-course-approved")
