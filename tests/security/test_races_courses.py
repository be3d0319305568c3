"""Courses on a busy day (threads with their own sessions and connections, on SQLite and PostgreSQL): both
sides approving at once, a double-clicked approval, two courses created at the same moment."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from coordinator.auth.models import User
from coordinator.courses import services
from coordinator.courses.models import Course
from coordinator.extensions import db
from tests import factories
from tests.security.races import Pause, at_once, race

TRIALS = 20


@pytest.fixture
def world(app, sides, users):
    with app.app_context():
        return {"khz_centre": factories.make_centre(sides["KHZ"].id), "standard": factories.make_standard(),
                "khz": sides["KHZ"].id}


def proposed_course(app, world) -> int:
    with app.app_context():
        return factories.make_course(world["khz_centre"], world["standard"], status="proposed")


def course_state(app, course_id: int) -> tuple[str, list[int]]:
    with app.app_context():
        course = db.session.get(Course, course_id)
        return course.status, sorted(a.side_id for a in course.approvals)


def test_both_sides_approving_at_the_same_moment_approve_the_course(app, world, users, monkeypatch):
    """Both read the approvals before either writes (the pause); the course row makes the second one see the
    first, so every course ends approved — never proposed for ever with both approvals."""
    pause = Pause(monkeypatch, Course, "approval_for")
    approvers = [users["liaison_khz"].id, users["liaison_msn"].id]
    stuck = []
    for _trial in range(TRIALS):
        course_id = proposed_course(app, world)
        pause.next_trial()

        def approve(index, course_id=course_id):
            course = db.session.get(Course, course_id)
            return services.approve(course, db.session.get(User, approvers[index]), version=course.version)

        results = race(app, approve)
        assert sorted(results, key=str) == [False, True], results  # no refusal, no error
        state = course_state(app, course_id)
        if state[0] != "approved":
            stuck.append((course_id, state))
        assert len(state[1]) == 2
    assert stuck == []


def test_an_approval_sent_twice_at_once_is_recorded_once(app, world, users, monkeypatch):
    Pause(monkeypatch, Course, "approval_for")
    course_id = proposed_course(app, world)
    liaison = users["liaison_khz"].id

    def approve(_index):
        course = db.session.get(Course, course_id)
        return services.approve(course, db.session.get(User, liaison), version=course.version)

    results = race(app, approve)
    assert results.count(False) == 1, results
    assert any(isinstance(r, services.AlreadyApproved) for r in results), results
    assert course_state(app, course_id) == ("proposed", [world["khz"]])


def test_a_double_clicked_approval_lands_on_the_course_with_a_message(app, world, users, login, monkeypatch):
    """The page: both clicks are answered with the redirect to the course, never a 500 or an error page."""
    Pause(monkeypatch, Course, "approval_for")
    course_id = proposed_course(app, world)
    clients = [app.test_client(), app.test_client()]
    for client in clients:
        login("liaison.khz", test_client=client)

    def click(client):
        response = client.post(f"/courses/{course_id}/approve", data={"version": "1"},
                               headers={"Accept-Language": "en"})
        return response.status_code, response.headers.get("Location", "")

    results = at_once(*(lambda c=c: click(c) for c in clients))
    assert [status for status, _ in results] == [302, 302], results
    assert all(location.endswith(f"/courses/{course_id}") for _, location in results)
    shown = [c.get(f"/courses/{course_id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
             for c in clients]
    assert sum("Your side had already approved this course" in page for page in shown) == 1
    assert course_state(app, course_id) == ("proposed", [world["khz"]])


def test_two_courses_created_at_the_same_moment_get_two_codes(app, world, users, monkeypatch):
    """Both draw the same serial (the pause after new_code); the second takes the next one instead of a 500."""
    pause = Pause(monkeypatch, services, "new_code")
    liaison = users["liaison_khz"].id
    values = {"name_fa": "جوشکاری", "name_ar": "اللحام", "name_en": None, "skill_standard_id": world["standard"],
              "host_centre_id": world["khz_centre"], "start_date": date(2027, 2, 1), "end_date": date(2027, 3, 1),
              "theory_hours": 40, "practice_hours": 100, "capacity": 12, "min_attendance": 80,
              "pass_mark_theory": None, "pass_mark_practice": None, "language": "fa_ar", "delivery": "centre",
              "funding_note": "", "contact_name": "", "contact_phone": "", "target_group_ids": []}
    for trial in range(3):
        pause.next_trial()
        results = race(app, lambda _i: services.create_course(values, db.session.get(User, liaison)).code)
        assert all(isinstance(r, str) for r in results), results
        assert sorted(results) == [f"JC-2027-{2 * trial + 1:04d}", f"JC-2027-{2 * trial + 2:04d}"]
    with app.app_context():
        codes = db.session.scalars(select(Course.code).where(Course.code.like("JC-2027-%"))).all()
    assert len(codes) == len(set(codes)) == 6


def test_course_codes_continue_after_the_highest_serial(app, world, users):
    """A serial counted from the codes, not the rows: a gap (a code missing) never hands out a taken code."""
    with app.app_context():
        course = db.session.get(Course, factories.make_course(world["khz_centre"], world["standard"]))
        course.code = "JC-2027-0007"
        db.session.commit()
        assert services.new_code(2027) == "JC-2027-0008"
        assert services.new_code(2028) == "JC-2028-0001"
