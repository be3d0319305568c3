"""The course's clock as the host centre's staff would state it: a course starts on its earliest session's
day however the timetable was typed; a course without a timetable cannot start and says why; "today" means
the whole of that day at the host and not a minute of the next; a course completed early has its results
finalised at once; the day a page asks about, not the real day, decides."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from coordinator.courses import assessment, attendance, clock, services
from coordinator.courses.models import Course, Enrolment
from coordinator.errors import TransitionError
from coordinator.extensions import db
from tests import factories
from tests.functional.test_course_time import make_world, text

# Far from the real day, so that a rule reading the real clock instead of the day asked about is caught
# whatever day the tests run on.
LATER = (date(2030, 12, 5), date(2030, 12, 20))


@pytest.fixture
def world(app_ctx, sides, users):
    return make_world(sides, users)


def at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def without_sessions(sides) -> Course:
    centre = factories.make_centre(sides["KHZ"].id)
    course_id = factories.make_course(centre, factories.make_standard(f"S-{next(factories._counter)}"),
                                      status="scheduled", start=date(2026, 12, 5), end=date(2026, 12, 20))
    return db.session.get(Course, course_id)


def enrol_one(world, course: Course) -> Enrolment:
    enrolment = Enrolment(course_id=course.id, trainee_id=factories.make_trainee(world.sides["KHZ"].id))
    db.session.add(enrolment)
    db.session.flush()
    return enrolment


def test_a_course_without_a_timetable_cannot_start_and_is_told_to_add_sessions(app, world):
    course = without_sessions(world.sides)
    with pytest.raises(TransitionError) as refused:
        services.transition(course, "start", world.user("liaison_khz"), now=at(2026, 12, 5, 6))
    assert not isinstance(refused.value, clock.TooEarly)  # no second person can wave it through
    assert text(app, refused) == "The course has no session in its timetable: add them before starting it."
    assert course.status == "scheduled"


def test_a_timetable_typed_last_day_first_still_starts_on_its_earliest_day(world):
    course = world.course("KHZ", days=(date(2026, 12, 20), date(2026, 12, 5)))  # the later day saved first
    services.transition(course, "start", world.user("liaison_khz"), now=at(2026, 12, 5, 6))  # 09:30 in Tehran
    assert course.status == "running"


def test_today_holds_every_session_of_that_day_and_none_of_the_next(world):
    # Tehran: 5 December 08:00, and 6 December at midnight (the first minute of the next day).
    course = world.course("KHZ", days=(date(2026, 12, 5),))
    factories.make_session(course.id, day=date(2026, 12, 6), start=time(0), end=time(1))
    assert attendance.attendance_book(course, today=date(2026, 12, 5)).held == 1
    assert attendance.attendance_book(course, today=date(2026, 12, 6)).held == 2
    assert attendance.attendance_book(course, today=date(2026, 12, 4)).held == 0


def test_a_course_completed_early_has_its_results_finalised_before_its_last_session(world):
    course = world.course("KHZ", status="running")
    liaison = world.user("liaison_khz")
    enrolment = enrol_one(world, course)
    first, _last = course.sessions
    attendance.save_attendance(course, liaison, {(enrolment.id, first.id): "present"},
                               {enrolment.id: enrolment.version}, now=at(2026, 12, 5, 5))
    course.status = "completed"  # completed by a granted override before its last session (20 December)
    assessment.finalise(course, liaison, today=date(2026, 12, 19))
    # The result is recorded (whether the trainee completed is the assessment's rule, not the clock's).
    assert course.results_final_at is not None and enrolment.status != "enrolled"


def test_the_day_asked_about_decides_finalising_not_the_real_day(world):
    course = world.course("KHZ", status="running", days=LATER)
    liaison = world.user("liaison_khz")
    enrolment = enrol_one(world, course)
    first, last = course.sessions
    attendance.save_attendance(course, liaison, {(enrolment.id, first.id): "present",
                                                 (enrolment.id, last.id): "present"},
                               {enrolment.id: enrolment.version}, now=at(2030, 12, 21))
    assessment.finalise(course, liaison, today=date(2030, 12, 21))
    assert course.results_final_at is not None and enrolment.status != "enrolled"


def test_a_course_has_ended_once_its_last_session_has_and_one_without_sessions_has_nothing_left(world):
    course = world.course("KHZ", days=LATER)  # last session: 20 December 2030, 12:00 in Tehran = 08:30 UTC
    assert not clock.ended(course, now=at(2030, 12, 20, 8, 29))
    assert clock.ended(course, now=at(2030, 12, 20, 8, 30))
    assert clock.last_end(course) == datetime(2030, 12, 20, 8, 30) or \
        clock.last_end(course).replace(tzinfo=UTC) == at(2030, 12, 20, 8, 30)
    assert clock.ended(without_sessions(world.sides), now=at(2020, 1, 1))
