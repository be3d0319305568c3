"""Enrolment rules with two courses side by side: one course's roster, waiting list and free places never
leak into the other's, and the refusals name the trainee and the status."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from flask_babel import force_locale

from coordinator.auth.models import User
from coordinator.courses import enrolment as rules
from coordinator.courses.models import Course, Enrolment
from coordinator.errors import ConflictError, TransitionError
from coordinator.extensions import db
from coordinator.trainees.models import Trainee
from tests import factories


@pytest.fixture
def env(app_ctx, sides, users):
    """Two running Khuzestan courses of two places each, their host liaison, and people to enrol."""
    centre = factories.make_centre(sides["KHZ"].id)
    standard = factories.make_standard()

    def course(name):
        return db.session.get(Course, factories.make_course(
            centre, standard, status="running", capacity=2, start=date(2026, 12, 1), end=date(2026, 12, 31),
            name_fa=name, name_ar=name))

    people = [db.session.get(Trainee, factories.make_trainee(sides["KHZ"].id, name_fa=f"کارآموز {i}",
                                                             name_ar=f"متدرب {i}", phone=""))
              for i in range(6)]
    with force_locale("en"):
        yield type("Env", (), {"a": course("دوره الف"), "b": course("دوره ب"), "people": people,
                               "liaison": db.session.get(User, users["liaison_khz"].id)})


def enrol(env, course, *people) -> list[Enrolment]:
    return [rules.enrol(course, person, env.liaison) for person in people]


def test_one_trainee_may_hold_a_place_in_two_courses(env):
    ali = env.people[0]
    (in_a,) = enrol(env, env.a, ali)
    (in_b,) = enrol(env, env.b, ali)
    assert (in_a.status, in_b.status) == ("enrolled", "enrolled") and in_a.id != in_b.id
    assert [e.id for e in rules.place_holders(env.a)] == [in_a.id]
    assert [e.id for e in rules.place_holders(env.b)] == [in_b.id]


def test_a_full_course_does_not_fill_the_other(env):
    enrol(env, env.a, *env.people[:3])
    assert (rules.enrolled_count(env.a), rules.free_places(env.a)) == (2, 0)
    assert (rules.enrolled_count(env.b), rules.free_places(env.b)) == (0, 2)
    assert [e.status for e in enrol(env, env.b, env.people[3], env.people[4])] == ["enrolled", "enrolled"]


def test_each_course_keeps_its_own_waiting_list_and_positions(env):
    p = env.people
    enrol(env, env.b, p[0], p[1])
    b_waiting = enrol(env, env.b, p[2], p[3])  # waiting on B, asked first
    enrol(env, env.a, p[4], p[5])
    (a_waiting,) = enrol(env, env.a, p[0])  # waiting on A, asked after both of B's
    assert rules.waiting_position(a_waiting) == 1
    assert [rules.waiting_position(e) for e in b_waiting] == [1, 2]
    assert [e.id for e in rules.waiting_list(env.a)] == [a_waiting.id]
    assert [e.id for e in rules.waiting_list(env.b)] == [e.id for e in b_waiting]
    assert [e.id for e in rules.waiting_list(env.b, limit=1)] == [b_waiting[0].id]


def test_a_place_freed_on_one_course_goes_to_its_own_waiting_list(env):
    p = env.people
    a_places = enrol(env, env.a, p[0], p[1])
    enrol(env, env.b, p[2], p[3])
    (b_waits,) = enrol(env, env.b, p[4])  # earlier request, but for the other course
    (a_waits,) = enrol(env, env.a, p[5])
    promoted = rules.withdraw(a_places[0], env.liaison, a_places[0].version)
    assert [e.id for e in promoted] == [a_waits.id]
    assert (a_waits.status, b_waits.status) == ("enrolled", "waiting")


def test_promotion_fills_only_the_free_places_of_that_course(env):
    p = env.people
    enrol(env, env.a, p[0], p[1])
    waiting = enrol(env, env.a, p[2], p[3], p[4])
    env.a.capacity = 4
    assert [e.id for e in rules.promote_waiting(env.a)] == [waiting[0].id, waiting[1].id]
    assert [e.status for e in waiting] == ["enrolled", "enrolled", "waiting"]
    assert rules.promote_waiting(env.b) == []


def test_free_places_are_never_below_zero(env):
    enrol(env, env.a, *env.people[:2])
    env.a.capacity = 1
    assert rules.free_places(env.a) == 0
    assert rules.promote_waiting(env.a) == []


def test_a_trainee_already_on_the_roster_is_refused_naming_them_and_their_status(env):
    ali = env.people[0]
    enrol(env, env.a, ali)
    with pytest.raises(ConflictError) as caught:
        enrol(env, env.a, ali)
    assert caught.value.field == "trainee_id"
    assert str(caught.value.message) == f"{ali.name} is already on this course's roster (Enrolled)."
    enrol(env, env.a, *env.people[1:3])
    with pytest.raises(ConflictError) as caught:
        enrol(env, env.a, env.people[2])
    assert str(caught.value.message) == f"{env.people[2].name} is already on this course's roster " \
                                        "(On the waiting list)."


@pytest.mark.parametrize("status", ["completed", "not_completed"])
def test_a_trainee_who_finished_the_course_is_refused_naming_them(env, status):
    ali = env.people[0]
    (row,) = enrol(env, env.a, ali)
    row.status = status
    db.session.flush()
    with pytest.raises(ConflictError) as caught:
        enrol(env, env.a, ali)
    assert (caught.value.field, str(caught.value.message)) == ("trainee_id",
                                                               f"{ali.name} has already finished this course.")
    assert enrol(env, env.b, ali)[0].status == "enrolled"


def test_a_trainee_who_comes_back_reuses_their_row_at_the_end_of_the_queue(env):
    p = env.people
    first, _second = enrol(env, env.a, p[0], p[1])
    (waiting,) = enrol(env, env.a, p[2])
    waiting.requested_at = datetime(2026, 1, 1, tzinfo=UTC)
    first.requested_at = datetime(2025, 1, 1, tzinfo=UTC)
    db.session.flush()
    rules.withdraw(first, env.liaison, first.version)
    assert waiting.status == "enrolled"
    (again,) = enrol(env, env.a, p[0])
    assert (again.id, again.status) == (first.id, "waiting")
    assert again.requested_at > datetime(2026, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize("status", ["draft", "completed", "cancelled"])
def test_enrolment_in_a_closed_or_unproposed_course_is_refused_naming_its_status(env, status):
    env.a.status = status
    label = str(env.a.status_label)
    with pytest.raises(TransitionError) as caught:
        enrol(env, env.a, env.people[0])
    assert str(caught.value.message) == (
        "Trainees can be enrolled while a course is proposed, approved, scheduled or running; "
        f"this course is “{label}”.")


def test_withdrawal_refusals_say_why(env):
    (row,) = enrol(env, env.a, env.people[0])
    rules.withdraw(row, env.liaison, row.version)
    with pytest.raises(TransitionError) as caught:
        rules.withdraw(row, env.liaison, row.version)
    assert str(caught.value.message) == (
        "Only an enrolled or waiting trainee can be withdrawn; this one is “Withdrawn”.")
    (other,) = enrol(env, env.b, env.people[1])
    env.b.status = "completed"
    with pytest.raises(TransitionError) as caught:
        rules.withdraw(other, env.liaison, other.version)
    assert str(caught.value.message) == "The roster of a completed or cancelled course cannot change."
    assert other.status == "enrolled"


def test_the_picker_leaves_out_only_this_courses_roster(env):
    p = env.people
    enrol(env, env.a, p[0], p[1], p[2])  # two places and one waiting
    enrol(env, env.b, p[3])
    found, more = rules.trainee_choices(env.a)
    assert [t.id for t in found] == sorted([p[3].id, p[4].id, p[5].id], key=lambda i: (
        db.session.get(Trainee, i).search_key, i)) and not more
    found, more = rules.trainee_choices(env.a, limit=3)
    assert len(found) == 3 and not more
    found, more = rules.trainee_choices(env.a, limit=2)
    assert len(found) == 2 and more
    found, _ = rules.trainee_choices(env.a, "کارآموز 4")
    assert [t.id for t in found] == [p[4].id]


def test_the_same_instant_is_broken_by_the_earlier_row(env):
    p = env.people
    enrol(env, env.a, p[0], p[1])
    waiting = enrol(env, env.a, p[2], p[3], p[4])
    same = datetime(2026, 11, 1, tzinfo=UTC)
    for row in waiting:
        row.requested_at = same
    waiting[2].requested_at = same + timedelta(seconds=1)
    db.session.flush()
    assert [rules.waiting_position(e) for e in waiting] == [1, 2, 3]
    assert rules.waiting_position(rules.place_holders(env.a)[0]) is None


def test_trainees_who_finished_keep_their_place_and_the_waiting_and_withdrawn_hold_none(env):
    p = env.people
    env.a.capacity = 6
    rows = enrol(env, env.a, *p[:5])
    for row, status in zip(rows, ["completed", "not_completed", "withdrawn", "enrolled", "waiting"], strict=True):
        row.status = status
    db.session.flush()
    assert rules.enrolled_count(env.a) == 3
    assert [e.id for e in rules.place_holders(env.a)] == [rows[0].id, rows[1].id, rows[3].id]
    assert rules.free_places(env.a) == 3
    assert rules.enrolled_count(env.b) == 0


def test_the_picker_lists_trainees_by_name_not_by_when_they_were_recorded(env, sides):
    late_alphabet = db.session.get(Trainee, factories.make_trainee(sides["KHZ"].id, name_fa="یاسر نوری", phone=""))
    early_alphabet = db.session.get(Trainee, factories.make_trainee(sides["KHZ"].id, name_fa="احمد بهرامی",
                                                                    phone=""))
    found, _ = rules.trainee_choices(env.a, limit=50)
    ids = [t.id for t in found]
    assert ids.index(early_alphabet.id) < ids.index(late_alphabet.id)
    assert ids == [t.id for t in sorted(found, key=lambda t: (t.search_key, t.id))]
