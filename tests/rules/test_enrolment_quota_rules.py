"""Places per side, as the two sides' liaisons agreed them: a side's trainees hold at most its places (the
other side's trainees and another course's roster do not count against it); a trainee whose side is full
waits even when the course has room; a freed place goes to the first in line whose side still has room,
one trainee per free place; the trainee's own side and the host side hear of the promotion."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask_babel import force_locale

from coordinator.auth.models import User
from coordinator.courses import enrolment as rules
from coordinator.courses.models import Course, Enrolment
from coordinator.errors import PermissionDenied, ValidationFailed
from coordinator.extensions import db
from coordinator.trainees.models import Trainee
from tests import factories
from tests.notices import heard


@pytest.fixture
def env(app_ctx, sides, users):
    """Two running Khuzestan courses of three places; Khuzestan and Maysan trainees to enrol."""
    centre = factories.make_centre(sides["KHZ"].id)
    standard = factories.make_standard()

    def course(name, **quotas):
        record = db.session.get(Course, factories.make_course(
            centre, standard, status="running", capacity=3, start=date(2026, 12, 1), end=date(2026, 12, 31),
            name_fa=name, name_ar=name))
        for key, value in quotas.items():
            setattr(record, key, value)
        db.session.flush()
        return record

    def people(side, prefix):
        return [db.session.get(Trainee, factories.make_trainee(sides[side].id, name_fa=f"{prefix} {i}",
                                                               name_ar=f"{prefix} {i}", phone=""))
                for i in range(4)]

    with force_locale("en"):
        yield type("Env", (), {"course": course, "khz": people("KHZ", "اهوازی"), "msn": people("MSN", "میسانی"),
                               "liaison": db.session.get(User, users["liaison_khz"].id), "users": users})


def enrol(env, course, *people) -> list[str]:
    return [rules.enrol(course, person, env.liaison).status for person in people]


def status(course, person) -> str:
    return db.session.scalar(db.select(Enrolment.status).where(Enrolment.course_id == course.id,
                                                               Enrolment.trainee_id == person.id))


def withdraw(env, course, person) -> list[str]:
    enrolment = db.session.scalar(db.select(Enrolment).where(Enrolment.course_id == course.id,
                                                             Enrolment.trainee_id == person.id))
    promoted = rules.withdraw(enrolment, env.liaison, enrolment.version, "other")
    return [e.trainee.name_fa for e in promoted]


def test_a_side_holds_at_most_its_places_and_its_trainees_wait_while_the_course_has_room(env):
    course = env.course("دوره", quota_host=2, quota_partner=2)
    k, m = env.khz, env.msn
    assert enrol(env, course, k[0], k[1], k[2]) == ["enrolled", "enrolled", "waiting"]  # a place is free
    assert rules.free_places(course) == 1
    assert enrol(env, course, m[0]) == ["enrolled"]  # Khuzestan's two do not count against Maysan
    assert enrol(env, course, m[1]) == ["waiting"]  # now the course is full


def test_another_courses_roster_does_not_count_against_a_sides_places(env):
    other, course = env.course("دیگر"), env.course("دوره", quota_host=1, quota_partner=1)
    enrol(env, other, env.khz[0], env.khz[1])
    assert enrol(env, course, env.khz[2], env.khz[3]) == ["enrolled", "waiting"]


def test_a_freed_place_goes_to_the_first_in_line_whose_side_has_room(env):
    course = env.course("دوره", quota_host=2, quota_partner=2)
    k, m = env.khz, env.msn
    enrol(env, course, k[0], k[1], k[2], m[0], m[1])  # k2 waits (Khuzestan full), m1 waits (course full)
    assert withdraw(env, course, m[0]) == [m[1].name_fa]  # k2 is ahead, but Khuzestan still has no room
    assert (status(course, k[2]), status(course, m[1])) == ("waiting", "enrolled")
    assert withdraw(env, course, k[0]) == [k[2].name_fa]  # now Khuzestan has room again


def test_a_place_per_side_of_one_side_only_still_holds_that_side_back(env):
    course = env.course("دوره", quota_host=1)  # Maysan's trainees: as many as the capacity allows
    k, m = env.khz, env.msn
    assert enrol(env, course, k[0], k[1], m[0], m[1]) == ["enrolled", "waiting", "enrolled", "enrolled"]
    assert withdraw(env, course, m[0]) == []  # the one waiting is Khuzestan's, whose place is taken
    assert status(course, k[1]) == "waiting" and rules.free_places(course) == 1


def test_places_set_for_the_partner_side_alone_hold_its_trainees_back_too(env):
    course = env.course("دوره", quota_partner=1)  # the host side's trainees: as many as the capacity allows
    k, m = env.khz, env.msn
    assert enrol(env, course, m[0], m[1], k[0], k[1]) == ["enrolled", "waiting", "enrolled", "enrolled"]
    assert withdraw(env, course, k[0]) == []  # the one waiting is Maysan's, whose place is taken
    assert status(course, m[1]) == "waiting" and rules.free_places(course) == 1


def test_one_free_place_promotes_one_trainee_and_both_sides_hear_of_it(env):
    course = env.course("دوره", quota_host=3, quota_partner=3)
    k, m = env.khz, env.msn
    enrol(env, course, k[0], k[1], k[2], m[0], m[1])  # m0 and m1 wait, in that order
    assert withdraw(env, course, k[0]) == [m[0].name_fa]
    assert (status(course, m[0]), status(course, m[1])) == ("enrolled", "waiting")
    told = heard("enrolment.promoted")
    assert set(told) == {env.users["liaison_msn"].id, env.users["liaison_khz"].id}
    event = told[env.users["liaison_msn"].id]
    assert event.data["trainee"]["fa"] == m[0].name_fa and event.data["course"]["fa"] == "دوره"
    assert (event.link_endpoint, event.link_args) == ("courses.roster", {"course_id": course.id})


def test_two_new_places_go_to_one_trainee_of_a_side_with_one_place_left(env):
    course = env.course("دوره", quota_host=3, quota_partner=1)
    k, m = env.khz, env.msn
    enrol(env, course, k[0], k[1], k[2], m[0], m[1])  # the course is full: m0 and m1 wait
    course.capacity = 5
    promoted = rules.promote_waiting(course)
    assert [e.trainee.name_fa for e in promoted] == [m[0].name_fa]  # Maysan's one place, then no more
    assert (status(course, m[0]), status(course, m[1]), rules.free_places(course)) == ("enrolled", "waiting", 1)


# Who marks and scores, and whom a side may nominate -----------------------------------------------------------


def refused(call) -> str:
    with pytest.raises(PermissionDenied) as caught:
        call()
    return str(caught.value.message)


def test_attendance_is_the_host_sides_and_its_teaching_trainers_and_the_other_side_is_told_so(env, sides):
    course = env.course("دوره")
    trainer = db.session.get(User, env.users["trainer_msn"].id)
    factories.make_assignment(factories.make_trainer(sides["MSN"].id, user_id=trainer.id), course.id,
                              status="accepted")
    rules.require_mark(env.liaison, course)
    rules.require_mark(trainer, course)
    assert refused(lambda: rules.require_mark(db.session.get(User, env.users["liaison_msn"].id), course)) == (
        "Only the trainers assigned to this course and the host side's liaison officers record its attendance.")


def test_a_teaching_trainer_scores_until_the_results_are_final_and_is_then_told_to_ask_the_host(env, sides):
    course = env.course("دوره")
    trainer = db.session.get(User, env.users["trainer_msn"].id)
    factories.make_assignment(factories.make_trainer(sides["MSN"].id, user_id=trainer.id), course.id,
                              status="accepted")
    other_side = db.session.get(User, env.users["liaison_msn"].id)
    rules.require_score(trainer, course)
    outsider = ("Only the trainers assigned to this course and the host side's liaison officers enter its scores.")
    assert refused(lambda: rules.require_score(other_side, course)) == outsider
    course.results_final_at = datetime(2026, 12, 31, tzinfo=UTC)
    rules.require_score(env.liaison, course)  # the host side may still correct
    assert refused(lambda: rules.require_score(trainer, course)) == (
        "The host side has finalised the results: the scores are locked. Ask its liaison officer for a correction.")
    assert refused(lambda: rules.require_score(other_side, course)) == outsider


def test_a_side_nominates_from_its_own_trainees_and_one_declined_may_be_offered_again(env):
    course = env.course("دوره")
    k, m = env.khz, env.msn
    enrol(env, course, k[0])
    declined = db.session.scalar(db.select(Enrolment).where(Enrolment.trainee_id == k[0].id))
    declined.status = "declined"
    enrol(env, course, k[1])
    db.session.flush()
    found, more = rules.trainee_choices(course, side_id=k[0].side_id)
    assert {t.id for t in found} == {k[0].id, k[2].id, k[3].id} and not more
    found, _ = rules.trainee_choices(course, side_id=m[0].side_id)
    assert {t.id for t in found} == {t.id for t in m}


def test_a_withdrawal_keeps_its_reason_and_a_reason_off_the_list_is_refused_saying_so(env):
    course = env.course("دوره")
    kept, other = (rules.enrol(course, person, env.liaison) for person in env.khz[:2])
    with pytest.raises(ValidationFailed) as caught:
        rules.withdraw(other, env.liaison, other.version, "bored")
    assert (caught.value.problems[0][0], str(caught.value.problems[0][1])) == (
        "reason", "Choose the reason for the withdrawal from the list.")
    assert other.status == "enrolled"
    rules.withdraw(kept, env.liaison, kept.version, "other")
    assert (kept.status, kept.withdraw_reason) == ("withdrawn", "other")
