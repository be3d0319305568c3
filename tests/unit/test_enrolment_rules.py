"""Enrolment rules: capacity and the waiting list, promotion order, attendance, assessment and completion."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from coordinator.auth.models import User
from coordinator.auth.permissions import can
from coordinator.certificates.models import Certificate
from coordinator.courses import assessment, attendance
from coordinator.courses import enrolment as rules
from coordinator.courses.models import Attendance, Course, CourseSession, Enrolment
from coordinator.errors import ConflictError, StaleEditError, TransitionError, ValidationFailed
from coordinator.extensions import db
from coordinator.trainees.models import Trainee
from tests import factories

TODAY = date(2026, 12, 20)


@pytest.fixture
def env(app_ctx, sides, users):
    """A Khuzestan-hosted course (capacity 2, running) and its host liaison, inside an app context."""
    centre = factories.make_centre(sides["KHZ"].id)
    standard = factories.make_standard()
    course = db.session.get(Course, factories.make_course(centre, standard, status="running", capacity=2,
                                                          start=date(2026, 12, 1), end=date(2026, 12, 31)))

    class Env:
        pass

    e = Env()
    e.course = course
    e.liaison = db.session.get(User, users["liaison_khz"].id)
    e.other_liaison = db.session.get(User, users["liaison_msn"].id)
    e.manager = db.session.get(User, users["manager_khz"].id)
    e.sides = sides
    return e


def trainee(side_id, name) -> Trainee:
    return db.session.get(Trainee, factories.make_trainee(side_id, name_fa=name, phone=""))


def trainees(env, count):
    return [trainee(env.sides["KHZ" if i % 2 else "MSN"].id, f"کارآموز {i}") for i in range(count)]


def add_sessions(course, days) -> list[CourseSession]:
    sessions = []
    for day in days:
        start = datetime.combine(day, time(8, 0), tzinfo=UTC)
        s = CourseSession(course_id=course.id, day=day, start_time=time(11, 30), end_time=time(13, 30),
                          starts_at=start, ends_at=start + timedelta(hours=2))
        db.session.add(s)
        sessions.append(s)
    db.session.flush()
    return sessions


def statuses(course):
    rows = db.session.scalars(select(Enrolment).where(Enrolment.course_id == course.id)
                              .order_by(Enrolment.id)).all()
    return {e.trainee.name_fa: e.status for e in rows}


# Capacity and the waiting list ------------------------------------------------------------------------------


def test_places_then_waiting_list_in_order(env):
    people = trainees(env, 4)
    made, seen = [], []
    for person in people:
        made.append(rules.enrol(env.course, person, env.liaison))
        seen.append(made[-1].status)  # as returned, before any later call can change it
    assert seen == ["enrolled", "enrolled", "waiting", "waiting"]
    assert [rules.waiting_position(e) for e in made] == [None, None, 1, 2]
    assert [e.id for e in rules.waiting_list(env.course)] == [made[2].id, made[3].id]
    assert rules.free_places(env.course) == 0


def test_waiting_order_is_requested_at_then_id(env):
    people = trainees(env, 5)
    made = [rules.enrol(env.course, p, env.liaison) for p in people]
    same = datetime(2026, 11, 1, tzinfo=UTC)
    # Two requests of the same instant: the earlier row goes first; an earlier request beats both.
    made[2].requested_at = same
    made[3].requested_at = same
    made[4].requested_at = same - timedelta(seconds=1)
    db.session.flush()
    assert [e.id for e in rules.waiting_list(env.course)] == [made[4].id, made[2].id, made[3].id]
    assert [rules.waiting_position(e) for e in made[2:]] == [2, 3, 1]


def test_trainee_of_the_other_side_may_enrol(env):
    maysan = trainee(env.sides["MSN"].id, "زینب")
    assert rules.enrol(env.course, maysan, env.liaison).status == "enrolled"


def test_duplicate_enrolment_is_refused(env):
    person = trainee(env.sides["KHZ"].id, "علی")
    rules.enrol(env.course, person, env.liaison)
    with pytest.raises(ConflictError):
        rules.enrol(env.course, person, env.liaison)
    # Also while waiting.
    env.course.capacity = 1
    other = trainee(env.sides["KHZ"].id, "حسن")
    assert rules.enrol(env.course, other, env.liaison).status == "waiting"
    with pytest.raises(ConflictError):
        rules.enrol(env.course, other, env.liaison)


def test_a_withdrawn_trainee_may_come_back_at_the_end_of_the_queue(env):
    people = trainees(env, 3)
    first, _second, third = (rules.enrol(env.course, p, env.liaison) for p in people)
    rules.withdraw(first, env.liaison, first.version)
    assert third.status == "enrolled"
    again = rules.enrol(env.course, people[0], env.liaison)
    assert again.id == first.id and again.status == "waiting"


@pytest.mark.parametrize("status", ["draft", "completed", "cancelled"])
def test_enrolment_refused_in_these_states(env, status):
    env.course.status = status
    with pytest.raises(TransitionError):
        rules.enrol(env.course, trainee(env.sides["KHZ"].id, "علی"), env.liaison)
    assert rules.place_holders(env.course) == []


@pytest.mark.parametrize("status", ["proposed", "approved", "scheduled", "running"])
def test_enrolment_allowed_in_these_states(env, status):
    env.course.status = status
    assert rules.enrol(env.course, trainee(env.sides["KHZ"].id, "علی"), env.liaison).status == "enrolled"


def test_only_the_host_side_enrols(env):
    person = trainee(env.sides["KHZ"].id, "علی")
    for user in (env.other_liaison, env.manager):
        assert not can(user, "course.manage", env.course)  # the page's one check (route table: 403)
    assert person.side_id == env.sides["KHZ"].id


# Withdrawal and promotion -----------------------------------------------------------------------------------


def test_withdrawing_an_enrolled_trainee_promotes_the_first_waiting(env):
    people = trainees(env, 5)
    made = [rules.enrol(env.course, p, env.liaison) for p in people]
    promoted = rules.withdraw(made[1], env.liaison, made[1].version)
    assert promoted == [made[2]]
    assert [e.status for e in made] == ["enrolled", "withdrawn", "enrolled", "waiting", "waiting"]
    assert rules.waiting_position(made[3]) == 1
    # Withdrawing someone who waits frees no place.
    assert rules.withdraw(made[3], env.liaison, made[3].version) == []
    assert made[4].status == "waiting" and rules.waiting_position(made[4]) == 1


def test_withdraw_checks_the_version_and_the_state(env):
    made = [rules.enrol(env.course, p, env.liaison) for p in trainees(env, 2)]
    with pytest.raises(StaleEditError):
        rules.withdraw(made[0], env.liaison, made[0].version - 1)
    with pytest.raises(StaleEditError):
        rules.withdraw(made[0], env.liaison, None)
    assert made[0].status == "enrolled"
    rules.withdraw(made[0], env.liaison, str(made[0].version))
    with pytest.raises(TransitionError):
        rules.withdraw(made[0], env.liaison, made[0].version)
    assert not can(env.other_liaison, "course.manage", made[1].course)  # the page's one check (route table: 403)


def test_raising_the_capacity_promotes_in_order(env):
    made = [rules.enrol(env.course, p, env.liaison) for p in trainees(env, 6)]
    env.course.capacity = 4
    promoted = rules.promote_waiting(env.course)
    assert promoted == made[2:4]
    assert [e.status for e in made] == ["enrolled"] * 4 + ["waiting"] * 2
    assert rules.promote_waiting(env.course) == []


def test_a_new_trainee_does_not_jump_the_queue(env):
    made = [rules.enrol(env.course, p, env.liaison) for p in trainees(env, 3)]
    env.course.capacity = 3  # raised without promoting: the next enrolment promotes the waiting one first
    late = rules.enrol(env.course, trainee(env.sides["KHZ"].id, "دیررس"), env.liaison)
    assert made[2].status == "enrolled" and late.status == "waiting"


def test_completed_course_keeps_its_waiting_list(env):
    made = [rules.enrol(env.course, p, env.liaison) for p in trainees(env, 3)]
    env.course.status = "completed"
    env.course.capacity = 5
    assert rules.promote_waiting(env.course) == [] and made[2].status == "waiting"


# Attendance ------------------------------------------------------------------------------------------------


def test_attendance_grid_saves_held_sessions_and_refuses_others(env):
    made = [rules.enrol(env.course, p, env.liaison) for p in trainees(env, 2)]
    held, future = add_sessions(env.course, [date(2026, 12, 19), date(2026, 12, 21)])
    versions = {e.id: e.version for e in made}
    changed = attendance.save_attendance(env.course, env.liaison, {(made[0].id, held.id): "present",
                                                               (made[1].id, held.id): "excused"},
                                    versions, today=TODAY)
    assert changed == 2
    assert made[0].version == versions[made[0].id] + 1  # a changed row moves on: older sheets are stale
    for bad in ({(made[0].id, future.id): "present"}, {(made[0].id, held.id): "late"},
                {(made[0].id, 999999): "present"}, {(999999, held.id): "present"}):
        with pytest.raises(ValidationFailed):
            attendance.save_attendance(env.course, env.liaison, bad, {e.id: e.version for e in made}, today=TODAY)
    # A stale sheet saves nothing, not even its fresh rows.
    with pytest.raises(StaleEditError) as stale:
        attendance.save_attendance(env.course, env.liaison, {(made[0].id, held.id): "absent",
                                                        (made[1].id, held.id): None},
                              {made[0].id: versions[made[0].id], made[1].id: made[1].version}, today=TODAY)
    assert stale.value.rows == [made[0].id]
    marks = {a.enrolment_id: a.status for a in db.session.scalars(select(Attendance))}
    assert marks == {made[0].id: "present", made[1].id: "excused"}
    # Unchanged cells need no fresh version; a blank clears the mark.
    attendance.save_attendance(env.course, env.liaison, {(made[0].id, held.id): "present",
                                                    (made[1].id, held.id): None},
                          {made[1].id: made[1].version}, today=TODAY)
    assert {a.enrolment_id for a in db.session.scalars(select(Attendance))} == {made[0].id}


def test_the_sheet_figures_agree_with_the_attendance_book(env):
    # The sheet works its figures out from the marks it shows; the roster asks the database: the same figures.
    made = [rules.enrol(env.course, p, env.liaison) for p in trainees(env, 3)]  # the third waits
    first, second, future = add_sessions(env.course, [date(2026, 12, 15), date(2026, 12, 19), date(2026, 12, 21)])
    for enrolment, session, status in ((made[0], first, "present"), (made[0], second, "excused"),
                                       (made[1], first, "absent"), (made[2], first, "present"),
                                       (made[1], future, "present")):  # a mark on a session still to come
        db.session.add(Attendance(enrolment_id=enrolment.id, session_id=session.id, status=status))
    db.session.flush()
    grid = attendance.attendance_grid(env.course, TODAY)
    book = attendance.attendance_book(env.course, TODAY)
    assert grid.book.held == book.held == 2
    for enrolment in made:
        assert grid.book.of(enrolment.id) == book.of(enrolment.id)
    assert book.of(made[1].id) == attendance.AttendanceFigure(held=2, absent=1)


def test_attendance_states(env):
    made = rules.enrol(env.course, trainee(env.sides["KHZ"].id, "علی"), env.liaison)
    (held,) = add_sessions(env.course, [date(2026, 12, 19)])
    for status, allowed in (("scheduled", True), ("running", True), ("completed", True),
                            ("approved", False), ("cancelled", False)):
        env.course.status = status
        cells = {(made.id, held.id): "present" if allowed else "absent"}
        if allowed:
            attendance.save_attendance(env.course, env.liaison, cells, {made.id: made.version}, today=TODAY)
        else:
            with pytest.raises(TransitionError):
                attendance.save_attendance(env.course, env.liaison, cells, {made.id: made.version}, today=TODAY)


def test_attendance_percentage_counts_sessions_held_only(env):
    figure = attendance.AttendanceFigure(held=10, present=7, excused=1, absent=1)
    assert figure.unmarked == 1
    assert figure.attended == 7  # excused absences are missed sessions
    assert figure.percent == 70
    assert attendance.AttendanceFigure(held=0).percent is None
    # Rounded down: never shows 80% for 79.9%.
    assert attendance.AttendanceFigure(held=9, present=7).percent == 77


def test_the_excused_switch(monkeypatch):
    monkeypatch.setattr(attendance, "EXCUSED_COUNTS_AS_ATTENDED", True)
    assert attendance.AttendanceFigure(held=10, present=7, excused=1).attended == 8


# Assessment and completion -----------------------------------------------------------------------------------


def graded(env, theory, practice, present, held=10, excused=0, min_attendance=80):
    env.course.min_attendance = min_attendance
    e = Enrolment(course_id=env.course.id, trainee_id=0, status="enrolled",
                  theory_score=None if theory is None else Decimal(str(theory)),
                  practice_score=None if practice is None else Decimal(str(practice)))
    figure = attendance.AttendanceFigure(held=held, present=present, excused=excused,
                                    absent=held - present - excused)
    return assessment.evaluate(env.course, e, figure)


def test_pass_marks_come_from_the_standard_unless_the_course_sets_them(env):
    assert (env.course.theory_pass_mark, env.course.practice_pass_mark) == (50, 70)
    env.course.pass_mark_practice = 60
    assert graded(env, 50, 60, 10).completed


@pytest.mark.parametrize(("theory", "practice", "present", "completed", "passed"), [
    (50, 70, 8, True, True),          # exactly at both pass marks and exactly the minimum attendance
    ("49.99", 70, 10, False, False),  # a hair under the theory mark
    (50, "69.99", 10, False, False),
    (100, 100, 7, False, True),       # passes, but 70% < 80%
    (None, 90, 10, False, False),     # no theory score yet
])
def test_completion_boundaries(env, theory, practice, present, completed, passed):
    outcome = graded(env, theory, practice, present)
    assert (outcome.completed, outcome.passed) == (completed, passed)
    assert outcome.status == ("completed" if completed else "not_completed")
    assert bool(outcome.reasons) is not completed


def test_attendance_just_below_the_minimum_fails_without_rounding(env):
    # 79/99 = 79.8%: rounded to a whole percent it would look like 80.
    assert not graded(env, 90, 90, present=79, held=99).attendance_met
    assert graded(env, 90, 90, present=4, held=5).attendance_met  # 80% exactly


def test_excused_absences_count_as_missed(env, monkeypatch):
    assert not graded(env, 90, 90, present=7, excused=1).completed
    monkeypatch.setattr(attendance, "EXCUSED_COUNTS_AS_ATTENDED", True)
    assert graded(env, 90, 90, present=7, excused=1).completed


def test_reasons_are_explained(env, app):
    outcome = graded(env, 40, "62.5", present=6)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        text = [str(r) for r in outcome.reasons]
    assert text == ["Attendance 60% is below the minimum of 80%.",
                    "Theory score 40 is below the pass mark of 50.",
                    "Practice score 62.5 is below the pass mark of 70."]


def test_save_scores_and_finalise(env):
    people = trainees(env, 3)
    a, b, c = (rules.enrol(env.course, p, env.liaison) for p in people)  # c waits
    held = add_sessions(env.course, [date(2026, 12, 17), date(2026, 12, 18), date(2026, 12, 19)])
    cells = {(e.id, s.id): "present" for e in (a, b) for s in held}
    cells[(b.id, held[0].id)] = "absent"
    attendance.save_attendance(env.course, env.liaison, cells, {a.id: a.version, b.id: b.version}, today=TODAY)
    assessment.save_scores(env.course, env.liaison, {a.id: (Decimal("50"), Decimal("70.5")),
                                                b.id: (Decimal("90"), Decimal("90"))},
                      {a.id: a.version, b.id: b.version})
    with pytest.raises(ValidationFailed):  # the waiting trainee is not assessed
        assessment.save_scores(env.course, env.liaison, {c.id: (Decimal(1), Decimal(1))}, {c.id: c.version})
    for bad in (Decimal("100.01"), Decimal("-1"), Decimal("50.123"), Decimal("NaN")):
        with pytest.raises(ValidationFailed):
            assessment.save_scores(env.course, env.liaison, {a.id: (bad, None)}, {a.id: a.version})
    with pytest.raises(StaleEditError):
        assessment.finalise(env.course, env.liaison, {a.id: a.version, b.id: b.version - 1}, today=TODAY)
    results = assessment.finalise(env.course, env.liaison, {a.id: a.version, b.id: b.version}, today=TODAY)
    assert [(r.enrolment.id, r.status) for r in results] == [(a.id, "completed"), (b.id, "not_completed")]
    assert (a.status, b.status, c.status) == ("completed", "not_completed", "waiting")
    assert assessment.completed_enrolments(env.course) == [a]
    # A correction, then finalising again.
    assessment.save_scores(env.course, env.liaison, {a.id: (Decimal("49"), Decimal("70.5"))}, {a.id: a.version})
    assessment.finalise(env.course, env.liaison, today=TODAY)
    assert a.status == "not_completed" and assessment.completed_enrolments(env.course) == []


def test_finalise_refuses_blank_attendance_states_and_certified_downgrades(env):
    a = rules.enrol(env.course, trainee(env.sides["KHZ"].id, "علی"), env.liaison)
    with pytest.raises(TransitionError):  # no session held yet
        assessment.finalise(env.course, env.liaison, today=TODAY)
    (held,) = add_sessions(env.course, [date(2026, 12, 19)])
    with pytest.raises(TransitionError):  # the cell is blank
        assessment.finalise(env.course, env.liaison, today=TODAY)
    attendance.save_attendance(env.course, env.liaison, {(a.id, held.id): "present"}, {a.id: a.version}, today=TODAY)
    env.course.status = "scheduled"
    with pytest.raises(TransitionError):
        assessment.finalise(env.course, env.liaison, today=TODAY)
    env.course.status = "completed"
    assessment.save_scores(env.course, env.liaison, {a.id: (Decimal(80), Decimal(80))}, {a.id: a.version})
    assessment.finalise(env.course, env.liaison, today=TODAY)
    assert a.status == "completed"
    db.session.add(Certificate(number="T-0001", enrolment_id=a.id))
    assessment.save_scores(env.course, env.liaison, {a.id: (Decimal(10), Decimal(80))}, {a.id: a.version})
    with pytest.raises(ConflictError):
        assessment.finalise(env.course, env.liaison, today=TODAY)
    assert not can(env.other_liaison, "course.manage", env.course)  # the page's one check (route table: 403)


def test_picker_offers_both_sides_not_yet_on_the_roster(env):
    people = trainees(env, 4)
    first, second, _third, _fourth = (rules.enrol(env.course, p, env.liaison) for p in people[:4])
    rules.withdraw(first, env.liaison, first.version)
    found, more = rules.trainee_choices(env.course)
    # The withdrawn trainee may come back; the enrolled and the waiting are already there.
    assert [t.id for t in found] == [people[0].id] and not more
    extra = [trainee(env.sides["MSN"].id, f"الكعبي {i}") for i in range(3)]
    found, more = rules.trainee_choices(env.course, "کعبی", limit=2)
    assert len(found) == 2 and more and {t.id for t in found} <= {t.id for t in extra}
    assert second.status == "enrolled"
