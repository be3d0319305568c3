"""A timetable that adds up: sessions editable (day, hours, room, theory/practice), planned against scheduled
hours and the practical share, with warnings past the plan and below the programme's share."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest
from sqlalchemy import select

from coordinator.auth.models import User
from coordinator.courses import timetable
from coordinator.courses.models import Attendance, Course, CourseSession, Enrolment
from coordinator.errors import ConflictError, StaleEditError, ValidationFailed
from coordinator.extensions import db
from tests import factories

EN = {"Accept-Language": "en"}


def course_with(app, sides, theory=40, practice=100):
    with app.app_context():
        centre = factories.make_centre(sides["KHZ"].id)
        course_id = factories.make_course(centre, factories.make_standard(), status="approved",
                                          start=date(2027, 1, 2), end=date(2027, 3, 31))
        course = db.session.get(Course, course_id)
        course.theory_hours, course.practice_hours = theory, practice
        db.session.commit()
        return course_id


def test_planned_against_scheduled_hours_and_the_practical_share(app_ctx, sides, users):
    course = db.session.get(Course, course_with(app_ctx, sides, theory=30, practice=70))
    liaison = db.session.get(User, users["liaison_khz"].id)
    timetable.add_session(course, liaison, date(2027, 1, 2), time(8), time(12), kind="theory")
    timetable.add_session(course, liaison, date(2027, 1, 3), time(8), time(12), kind="practice")
    timetable.add_session(course, liaison, date(2027, 1, 4), time(8), time(10), kind="mixed")
    hours = timetable.scheduled_hours(course)
    # 4 theory + 4 practice + 2 mixed (70 % practice: 1.4) = 10 hours, 5.4 of them practice.
    assert (hours.planned, hours.scheduled, hours.practice) == (100, Decimal(10), Decimal("5.4"))
    assert (hours.share, hours.over_plan, hours.below_norm) == (54, False, True)
    timetable.add_session(course, liaison, date(2027, 1, 5), time(8), time(12), kind="practice")
    assert timetable.scheduled_hours(course).share == 67  # 9.4 of 14
    with pytest.raises(ValidationFailed):
        timetable.add_session(course, liaison, date(2027, 1, 6), time(8), time(12), kind="lecture")


def test_a_weekly_timetable_past_the_plan_is_flagged(app, client, sides, users, login):
    course_id = course_with(app, sides, theory=10, practice=20)  # 30 hours planned
    login("liaison.khz")
    client.post("/language", data={"lang": "en", "next": "/"})
    response = client.post(f"/courses/{course_id}/sessions/weekly", follow_redirects=True, data={
        "weekly-weekdays": ["5", "0"], "weekly-start_time": "08:00", "weekly-end_time": "12:00",
        "weekly-kind": "practice", "weekly-room": "کارگاه ۲", "weekly-topic": "", "weekly-skip_days_off": "skip"})
    page = response.get_data(as_text=True)
    assert "more than the 30 planned" in page
    assert 'data-warning="over-plan"' in page and 'data-warning="below-norm"' not in page
    with app.app_context():
        sessions = db.session.scalars(select(CourseSession).where(CourseSession.course_id == course_id)).all()
        assert {(s.kind, s.room) for s in sessions} == {("practice", "کارگاه ۲")}


def test_a_session_is_edited_and_a_stale_edit_refused(app, client, sides, users, login):
    course_id = course_with(app, sides)
    with app.app_context():
        session_id = factories.make_session(course_id, day=date(2027, 1, 2))
        other = factories.make_session(course_id, day=date(2027, 1, 3))
    login("liaison.khz")
    client.post("/language", data={"lang": "en", "next": "/"})
    assert client.get(f"/courses/{course_id}/sessions/{session_id}/edit").status_code == 200
    data = {"day": "2027-01-09", "start_time": "09:00", "end_time": "13:30", "kind": "theory", "room": "A-12",
            "topic": "ایمنی", "version": "1"}
    assert client.post(f"/courses/{course_id}/sessions/{session_id}/edit", data=data).status_code == 302
    with app.app_context():
        s = db.session.get(CourseSession, session_id)
        assert (s.day, s.start_time, s.end_time, s.kind, s.room, s.topic) == (
            date(2027, 1, 9), time(9), time(13, 30), "theory", "A-12", "ایمنی")
        assert s.starts_at.hour == 5 and s.starts_at.minute == 30  # 09:00 in Tehran
    response = client.post(f"/courses/{course_id}/sessions/{session_id}/edit", data={**data, "room": "B"})
    assert response.status_code == 409  # the form of version 1, saved meanwhile
    clash = {**data, "day": "2027-01-03", "start_time": "10:00", "version": "2"}
    response = client.post(f"/courses/{course_id}/sessions/{session_id}/edit", data=clash)
    assert response.status_code == 409 and "overlaps another session" in response.get_data(as_text=True)
    assert client.post(f"/courses/{course_id}/sessions/{other}/edit", data={**data, "end_time": "08:00"}) \
        .status_code == 400


def test_a_session_with_attendance_keeps_its_day(app_ctx, sides, users):
    course = db.session.get(Course, course_with(app_ctx, sides))
    course.status = "running"
    liaison = db.session.get(User, users["liaison_khz"].id)
    session = db.session.get(CourseSession, factories.make_session(course.id, day=date(2027, 1, 2)))
    enrolment = Enrolment(course_id=course.id, trainee_id=factories.make_trainee(sides["KHZ"].id))
    db.session.add(enrolment)
    db.session.flush()
    db.session.add(Attendance(enrolment_id=enrolment.id, session_id=session.id, status="present"))
    db.session.flush()
    values = {"day": date(2027, 1, 4), "start_time": time(8), "end_time": time(12), "kind": "mixed"}
    with pytest.raises(ConflictError):
        timetable.update_session(course, session, liaison, values, session.version)
    timetable.update_session(course, session, liaison, {**values, "day": session.day, "room": "R"}, session.version)
    assert session.room == "R"
    with pytest.raises(StaleEditError):
        timetable.update_session(course, session, liaison, values, session.version - 1)
