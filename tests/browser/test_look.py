"""The look, as people see it: the main pages in Persian and Arabic on a laptop and a phone.

Screenshots of each (tests/browser/artifacts/look-*) for a person to judge; what a machine can judge is asserted:
nothing sticks out sideways on a 390 px phone, no separator sits beside a digit (a "·" beside ۵ reads ۵۰),
codes keep their order, and the menu marks the page's own item.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from coordinator.courses.models import Course
from coordinator.extensions import db
from coordinator.meetings.models import Meeting
from tests.browser.pages import DESKTOP, PHONE, WIDEST

# Digits of any script, and the separators that read as one beside them.
DIGIT = "0-9۰-۹٠-٩"
BAD_SEPARATOR = re.compile(f"[{DIGIT}]\\s*[·|]|[·|]\\s*[{DIGIT}]")


def _ids():
    course = db.session.scalar(select(Course).order_by(Course.id))
    meeting = db.session.scalar(select(Meeting).order_by(Meeting.id))
    return course.id, meeting.id


def main_pages(course_id: int, meeting_id: int) -> list[tuple[str, str, str | None]]:
    """(name, path, the menu item's address that must be marked current)."""
    return [
        ("home", "/", "/"),
        ("courses", "/courses/", "/courses/"),
        ("course", f"/courses/{course_id}", "/courses/"),
        ("course-form", "/courses/new", "/courses/"),
        ("trainees", "/trainees/", "/trainees/"),
        ("curricula", "/curricula/", "/curricula/"),
        ("trainers", "/exchange/trainers/", "/exchange/trainers/"),
        ("equipment", "/equipment/", "/equipment/"),
        ("meetings", "/meetings/", "/meetings/"),
        ("meeting", f"/meetings/{meeting_id}", "/meetings/"),
        ("dashboard", "/dashboard/", "/dashboard/"),
        ("audit", "/admin/audit/", "/admin/audit/"),
        ("catalog", "/catalog/centres/", "/catalog/centres/"),
    ]


@pytest.mark.parametrize("lang", ["fa", "ar"])
def test_main_pages_fit_a_phone_and_read_right_to_left(as_user, in_app, lang):
    course_id, meeting_id = in_app(_ids)
    admin = as_user("admin", lang)
    page = admin.page
    problems = []
    for name, path, current in main_pages(course_id, meeting_id):
        admin.go(path)
        page.evaluate("async () => { await document.fonts.ready; }")
        expect(page.locator(".main-nav a[aria-current=page]")).to_have_attribute("href", current)
        text = page.locator("body").inner_text()
        found = BAD_SEPARATOR.search(text)
        if found:
            problems.append(f"{path}: separator beside a digit: {text[max(0, found.start() - 30):found.end() + 30]!r}")
        for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(size)
            page.screenshot(path=str(admin.artifacts / f"look-{name}-{lang}-{label}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 1:
            problems.append(f"{path}: {overflow}px wider than a phone: {page.evaluate(WIDEST)}")
        page.set_viewport_size(DESKTOP)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("lang", "expected"), [
    ("fa", r"^۱۴[۰-۹]{2}/[۰-۹]{2}/۱۰$"),  # year/month/day, Jalali
    ("ar", r"^١٠/[٠-٩]{2}/٢٠[٠-٩]{2}$"),  # day/month/year, Gregorian
])
def test_the_date_picker_writes_what_the_server_reads_back(as_user, lang, expected):
    """Jalali months in Persian, Iraqi month names in Arabic; the picked date goes through the server unchanged."""
    admin = as_user("admin", lang)
    page = admin.go("/admin/audit/")
    page.click("input[name=from] + .date-toggle")
    title = page.locator(".date-panel:visible .date-title").inner_text()
    months = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند") \
        if lang == "fa" else ("كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
                              "تشرين الأول", "تشرين الثاني", "كانون الأول")
    assert any(month in title for month in months), title
    page.locator(".date-panel:visible .date-day").nth(9).click()
    value = page.input_value("input[name=from]")
    assert re.match(expected, value), value
    page.screenshot(path=str(admin.artifacts / f"look-picker-{lang}-desktop.png"))
    page.click("form.filters button[type=submit]")
    expect(page.locator(".error")).to_have_count(0)
    assert page.input_value("input[name=from]") == value
    # Typing still works, in any digits, and the picker opens on the typed month.
    page.fill("input[name=to]", value.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")))
    page.click("input[name=to] + .date-toggle")
    day = value.split("/")[2 if lang == "fa" else 0]
    expect(page.locator(".date-panel:visible .date-day[aria-current]")).to_have_text(day)
