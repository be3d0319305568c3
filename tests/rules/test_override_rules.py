"""The override as the host side's liaisons state it: a step taken before its time is asked for with a reason,
for one course and one step, and granted by a second person; every refusal says what to do."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from coordinator.auth.models import User
from coordinator.courses import services
from coordinator.courses.models import Course, CourseOverride
from coordinator.errors import ConflictError, PermissionDenied, TransitionError, ValidationFailed
from coordinator.extensions import db
from tests import factories

FIRST, LAST = date(2026, 12, 5), date(2026, 12, 20)
BEFORE_START = datetime(2026, 12, 1, 6, tzinfo=UTC)  # the first session is days away
MID_COURSE = datetime(2026, 12, 10, 6, tzinfo=UTC)  # started, the last session ten days away


@pytest.fixture
def world(app_ctx, sides, users):
    khz = sides["KHZ"].id
    centre = factories.make_centre(khz)
    standard = factories.make_standard()
    second = factories.make_user("liaison", khz, username="liaison.khz.second").id

    class World:
        def course(self, status="scheduled"):
            course_id = factories.make_course(centre, standard, status=status, start=FIRST, end=LAST)
            for day in (FIRST, LAST):
                factories.make_session(course_id, day=day)  # 08:00–12:00 at the host
            return db.session.get(Course, course_id)

        def user(self, key):
            return db.session.get(User, users[key].id if key in users else second)

    with force_locale("en"):
        yield World()


def refused(error_type, call, *args, **kwargs):
    with pytest.raises(error_type) as caught:
        call(*args, **kwargs)
    return caught.value


def ask(world, course, action="complete", reason="The workshop floods next week.", now=MID_COURSE):
    return services.request_override(course, action, world.user("liaison_khz"), reason, now=now)


def waiting(course) -> list[tuple[int, str]]:
    return [(o.course_id, o.action) for o in services.open_overrides(course)]


# Asking ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["schedule", "cancel", "", None])
def test_only_starting_and_completing_can_be_asked_for_early(world, action):
    course = world.course("running")
    error = refused(ValidationFailed, ask, world, course, action)
    assert (error.field, str(error.message)) == ("action", "Choose the step to take early.")
    assert waiting(course) == []


@pytest.mark.parametrize("reason", ["", "   \n ", None])
def test_an_override_without_a_reason_is_refused_saying_what_to_give(world, reason):
    course = world.course("running")
    error = refused(ValidationFailed, ask, world, course, reason=reason)
    assert (error.field, str(error.message)) == ("reason", "Give the reason for taking this step before its time.")
    assert waiting(course) == []


def test_the_reason_is_kept_trimmed_and_at_most_two_thousand_characters(world):
    course, other = world.course("running"), world.course("running")
    short = ask(world, course, reason="  Floods.  ")
    long = ask(world, other, reason="  " + "ب" * 2500)
    assert (short.reason, long.reason) == ("Floods.", "ب" * 2000)
    assert (short.requested_by_id, short.granted_at) == (world.user("liaison_khz").id, None)


def test_a_step_the_course_cannot_take_from_its_status_names_both_statuses(world):
    draft, running = world.course("draft"), world.course("running")
    error = refused(TransitionError, ask, world, draft, "start", now=BEFORE_START)
    assert str(error.message) == "A course that is “Draft” cannot be moved to “Running”."
    error = refused(TransitionError, ask, world, running, "start", now=BEFORE_START)
    assert str(error.message) == "A course that is “Running” cannot be moved to “Running”."
    error = refused(TransitionError, ask, world, draft, "complete")
    assert str(error.message) == "A course that is “Draft” cannot be moved to “Completed”."
    assert waiting(draft) == waiting(running) == []


def test_a_start_allowed_today_needs_no_override_though_completion_would(world):
    # On the first session's day the course may start; its completion is still far off.
    course = world.course("scheduled")
    on_first_day = datetime(2026, 12, 5, 6, tzinfo=UTC)
    error = refused(TransitionError, ask, world, course, "start", now=on_first_day)
    assert str(error.message) == "This step is allowed now: no override is needed."
    assert ask(world, course, "start", now=BEFORE_START).action == "start"


def test_a_second_request_for_the_same_step_of_the_same_course_waits_on_the_first(world):
    course, other = world.course("running"), world.course("running")
    first = ask(world, course)
    error = refused(ConflictError, ask, world, course)
    assert str(error.message) == "An override of this step is already waiting for a second person."
    # Another course's step is its own matter.
    ask(world, other)
    assert waiting(course) == [(course.id, "complete")] and waiting(other) == [(other.id, "complete")]
    assert services.open_override(course, "complete").id == first.id


def test_a_waiting_start_does_not_block_asking_to_complete(world):
    course = world.course("scheduled")
    ask(world, course, "start", now=BEFORE_START)
    assert services.open_override(course, "complete") is None
    course.status = "running"  # as if started on its day
    db.session.flush()
    ask(world, course, "complete")
    assert waiting(course) == [(course.id, "start"), (course.id, "complete")]


def test_the_latest_request_is_the_one_waiting(world):
    course = world.course("running")
    user = world.user("liaison_khz").id
    rows = [CourseOverride(course_id=course.id, action="complete", reason=r, requested_by_id=user) for r in "ab"]
    db.session.add_all(rows)
    db.session.flush()
    assert services.open_override(course, "complete").reason == "b"
    assert [o.reason for o in services.open_overrides(course)] == ["a", "b"]


# Granting --------------------------------------------------------------------------------------------------


def test_granting_takes_the_step_and_records_who_and_when(world):
    course = world.course("running")
    override = ask(world, course)
    second = world.user("second")
    services.grant_override(course, override.id, second, now=MID_COURSE)
    db.session.commit()
    override = db.session.get(CourseOverride, override.id)
    assert (course.status, course.completed_on) == ("completed", date(2026, 12, 10))
    assert override.granted_by_id == second.id and override.granted_at is not None
    assert waiting(course) == [] and services.open_override(course, "complete") is None


def test_an_override_of_another_course_or_already_granted_is_no_longer_waiting(world):
    course, other = world.course("running"), world.course("running")
    theirs = ask(world, other)
    second = world.user("second")
    for override_id in (theirs.id, str(theirs.id), None, 10**6):
        error = refused(TransitionError, services.grant_override, course, override_id, second, now=MID_COURSE)
        assert str(error.message) == "This override is no longer waiting: reload the page."
    assert (course.status, other.status) == ("running", "running")
    # An id as the form sends it, unchecked, is not taken for one: the page converts it first.
    own = ask(world, course)
    error = refused(TransitionError, services.grant_override, course, str(own.id), second, now=MID_COURSE)
    assert str(error.message) == "This override is no longer waiting: reload the page."
    assert course.status == "running"
    services.grant_override(other, theirs.id, second, now=MID_COURSE)
    error = refused(TransitionError, services.grant_override, other, theirs.id, second, now=MID_COURSE)
    assert str(error.message) == "This override is no longer waiting: reload the page."


def test_the_one_who_asked_cannot_grant_and_the_other_side_cannot_either(world):
    course = world.course("running")
    override = ask(world, course)
    error = refused(PermissionDenied, services.grant_override, course, override.id, world.user("liaison_khz"))
    assert str(error.message) == ("A second person of the host side grants the override: you asked for it "
                                  "yourself.")
    error = refused(PermissionDenied, services.grant_override, course, override.id, world.user("liaison_msn"))
    assert str(error.message) == "Only a liaison officer of the host side grants an override."
    assert course.status == "running" and waiting(course) == [(course.id, "complete")]
    assert db.session.scalar(select(CourseOverride.granted_at).where(CourseOverride.id == override.id)) is None
