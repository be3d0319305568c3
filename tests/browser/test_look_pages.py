"""The three pages people read most, as they read them: the course page (facts first, the timetable summed
up), the meeting page (the agenda first, the rest in tabs) and the course form (grouped, nothing chosen for
them). Screenshots in fa and ar, laptop and phone (tests/browser/artifacts/pages-*)."""

from __future__ import annotations

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
    admin.screenshot("pages-course")


@pytest.mark.parametrize("lang", ["fa", "ar"])
def test_meeting_page_opens_on_its_agenda(as_user, in_app, lang):
    meeting_id = in_app(_meeting_with_agenda)
    admin = as_user("admin", lang)
    page = admin.go(f"/meetings/{meeting_id}")
    admin.screenshot("pages-meeting")


@pytest.mark.parametrize("lang", ["fa", "ar"])
def test_course_form_is_grouped_and_chooses_nothing_for_you(as_user, lang):
    admin = as_user("admin", lang)
    page = admin.go("/courses/new")
    admin.screenshot("pages-course-form")
