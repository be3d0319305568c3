"""Journey: a trainer opens today's class of their course on a phone, marks one trainee absent, saves."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from coordinator.auth.models import User
from coordinator.catalog.models import Centre, Side, SkillStandard
from coordinator.courses.models import Attendance, Course, CourseSession, Enrolment
from coordinator.exchanges.models import Assignment, Trainer
from coordinator.extensions import db
from coordinator.l10n.timezones import local_to_utc
from coordinator.trainees.models import Trainee
from coordinator.viewer import side_today
from tests.browser.pages import PHONE

NAMES = ("مريم جاسم", "حسن عبد الله", "نور الهدى كاظم")


def _scene(lang: str):
    """A running Khuzestan course with a session all day today, three Maysan trainees, trainer.msn teaching."""
    side = db.session.scalar(select(Side).where(Side.code == "KHZ"))
    maysan = db.session.scalar(select(Side).where(Side.code == "MSN"))
    centre = db.session.scalar(select(Centre).where(Centre.side_id == side.id).order_by(Centre.id))
    standard = db.session.scalar(select(SkillStandard).order_by(SkillStandard.code))
    today = side_today(side)
    course = Course(code=f"JC-B-{lang}", name_fa="کلاس امروز مربی", name_ar="صف المدرّب اليوم",
                    skill_standard_id=standard.id, host_centre_id=centre.id, host_side_id=side.id,
                    start_date=today - timedelta(days=7), end_date=today + timedelta(days=7), theory_hours=20,
                    practice_hours=60, capacity=10, status="running")
    db.session.add(course)
    db.session.flush()
    db.session.add(CourseSession(course_id=course.id, day=today, start_time=time(0), end_time=time(23, 59),
                                 starts_at=local_to_utc(today, time(0), side.timezone),
                                 ends_at=local_to_utc(today, time(23, 59), side.timezone)))
    for i, name in enumerate(NAMES):
        trainee = Trainee(name_fa="", name_ar=name, gender="m" if i == 1 else "f", side_id=maysan.id,
                          phone=f"0770000{i}{lang}")
        db.session.add(trainee)
        db.session.flush()
        db.session.add(Enrolment(course_id=course.id, trainee_id=trainee.id))
    user = db.session.scalar(select(User).where(User.username == "trainer.msn"))
    trainer = db.session.scalar(select(Trainer).where(Trainer.user_id == user.id))
    db.session.add(Assignment(trainer_id=trainer.id, course_id=course.id, status="confirmed",
                              travel_out_at=local_to_utc(today - timedelta(days=8), time(6), side.timezone),
                              travel_back_at=local_to_utc(today + timedelta(days=8), time(18), side.timezone)))
    return course.id


def _marks(course_id):
    return sorted(db.session.scalars(select(Attendance.status).join(Enrolment)
                                     .where(Enrolment.course_id == course_id)))


@pytest.mark.parametrize("lang", ["fa", "ar"])
def test_trainer_takes_todays_attendance_on_a_phone(as_user, in_app, lang):
    course_id = in_app(_scene, lang)
    trainer = as_user("trainer.msn", lang)
    trainer.page.set_viewport_size(PHONE)
    page = trainer.go(f"/courses/{course_id}/today")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    trainer.check()
    radios = page.locator("input[type=radio][value=present]:checked")
    expect(radios).to_have_count(3)
    # The second trainee is absent today: one tap, then save.
    page.locator("tbody tr").nth(1).locator("input[type=radio][value=absent]").check()
    page.locator("form.today-sheet button[type=submit]:not([name])").click()
    expect(page.locator(".flash-success")).to_be_visible()
    assert in_app(_marks, course_id) == ["absent", "present", "present"]
    expect(page.locator("input[type=radio][value=absent]:checked")).to_have_count(1)
    trainer.screenshot("trainer-today")
