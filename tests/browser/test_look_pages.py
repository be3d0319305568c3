"""The three pages people read most, as they read them: the course page (facts first, the timetable summed
up), the meeting page (the agenda first, the rest in tabs) and the course form (grouped, nothing chosen for
them). Screenshots in fa and ar, laptop and phone (tests/browser/artifacts/pages-*)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from coordinator.courses.models import Course
from coordinator.extensions import db
from coordinator.meetings.models import Meeting


def _course_with_sessions() -> int:
    courses = db.session.scalars(select(Course).order_by(Course.id))
    return max(courses, key=lambda c: len(c.sessions)).id


def _meeting_with_agenda() -> int:
    meetings = db.session.scalars(select(Meeting).order_by(Meeting.id))
    return max(meetings, key=lambda m: len(m.agenda)).id


@pytest.mark.parametrize("lang", ["fa", "ar"])
def test_course_page_shows_facts_then_a_summed_up_timetable(as_user, in_app, lang):
    course_id = in_app(_course_with_sessions)
    admin = as_user("admin", lang)
    page = admin.go(f"/courses/{course_id}")
    admin.check()
    # The facts first: the dates in the reader's calendar and, under them, the other side's.
    other = page.locator("[data-fact=dates] [data-other-calendar]").inner_text()
    assert re.search("۲۰[۰-۹]{2}" if lang == "fa" else "١٤[٠-٩]{2}", other), other
    expect(page.locator("[data-fact=trainers]")).to_be_visible()
    # The timetable in one line ("Saturday, Monday, Wednesday, 08:30 – 12:30, 24 sessions"); the rows folded.
    summary = page.locator("[data-summary]").inner_text()
    assert re.search("[۰-۹]+ جلسه" if lang == "fa" else "[٠-٩]+ جلس", summary), summary
    rows = page.locator("details.timetable-all table tbody tr")
    expect(rows.first).to_be_hidden()
    page.click("details.timetable-all > summary")
    expect(rows.first).to_be_visible()
    page.click("details.timetable-all > summary")
    admin.screenshot("pages-course")


@pytest.mark.parametrize("lang", ["fa", "ar"])
def test_meeting_page_opens_on_its_agenda(as_user, in_app, lang):
    meeting_id = in_app(_meeting_with_agenda)
    admin = as_user("admin", lang)
    page = admin.go(f"/meetings/{meeting_id}")
    admin.check()
    # The agenda is the first tab and the one open; the others wait behind their tabs.
    expect(page.locator("#tab-agenda")).to_have_attribute("aria-selected", "true")
    expect(page.locator("#agenda")).to_be_visible()
    expect(page.locator("#progress")).to_be_hidden()
    expect(page.locator("#attendees")).to_be_hidden()
    agenda_top = page.locator("#agenda").bounding_box()["y"]
    assert agenda_top < 1600, f"the agenda starts {agenda_top}px down"
    admin.screenshot("pages-meeting")
    page.click("#tab-attendees")
    expect(page.locator("#attendees")).to_be_visible()
    expect(page.locator("#agenda")).to_be_hidden()
    expect(page.locator("#tab-attendees")).to_have_attribute("aria-selected", "true")
    assert page.url.endswith("#attendees")
    # An address inside a tab (an agenda form returns to #item-3) opens that tab.
    page.goto(f"/meetings/{meeting_id}#progress")
    expect(page.locator("#progress")).to_be_visible()
    # The progress figures are not in the page: the tab fetches them when first opened, in place of its link.
    expect(page.locator("#progress .progress-report")).to_be_visible()
    expect(page.locator("#progress [data-fragment-link]")).to_have_count(0)
    expect(page.locator("#agenda")).to_be_hidden()
    page.click("#tab-actions")
    expect(page.locator("#actions tbody tr").first).to_be_visible()
    admin.screenshot("pages-meeting-actions")


@pytest.mark.parametrize("lang", ["fa", "ar"])
def test_course_form_is_grouped_and_chooses_nothing_for_you(as_user, lang):
    admin = as_user("admin", lang)
    page = admin.go("/courses/new")
    admin.check(dates=None)
    expect(page.locator("form fieldset.form-group > legend")).to_have_count(4)
    for name in ("skill_standard_id", "host_centre_id", "language", "delivery"):
        assert page.input_value(f"#{name}") == "", f"{name} was chosen for the person"
    admin.screenshot("pages-course-form")
    page.fill("#name_fa", "دوره آزمایشی")
    page.click("form.card button[type=submit].primary")
    expected = {"fa": "استاندارد مهارت را انتخاب کنید.", "ar": "يرجى اختيار معيار المهارة."}[lang]
    expect(page.locator("#skill_standard_id ~ .error")).to_have_text(expected)


def _open_meeting() -> int:
    return db.session.scalar(select(Meeting.id).where(Meeting.status != "closed").order_by(Meeting.id))


@pytest.mark.parametrize("lang", ["ar"])
def test_a_refused_upload_comes_back_on_its_own_tab(as_user, in_app, lang):
    meeting_id = in_app(_open_meeting)
    admin = as_user("admin", lang)
    page = admin.go(f"/meetings/{meeting_id}")
    page.click("#tab-attachments")
    page.set_input_files("#attachment-file", files=[{"name": "minutes.pdf", "mimeType": "application/pdf",
                                                      "buffer": b"not a pdf at all"}])
    page.click("#attachments form button[type=submit]")
    expect(page.locator("#attachments .error")).to_be_visible()
    expect(page.locator("#tab-attachments")).to_have_attribute("aria-selected", "true")
    expect(page.locator("#agenda")).to_be_hidden()
