"""The waiting list's order: the best waiting priority among a trainee's target groups first, then first come,
first served (courses.enrolment's docstring). Runs on SQLite and PostgreSQL (the order is SQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from coordinator.auth.models import User
from coordinator.catalog.models import TargetGroup
from coordinator.courses import enrolment as rules
from coordinator.courses.models import Course, Enrolment
from coordinator.extensions import db
from coordinator.trainees.models import NO_PRIORITY, Trainee
from tests import factories


def _group(code: str, priority: int | None) -> TargetGroup:
    group = db.session.scalar(select(TargetGroup).where(TargetGroup.code == code))
    group.waiting_priority = priority
    return group


def _trainee(side_id: int, name: str, groups) -> Trainee:
    trainee = db.session.get(Trainee, factories.make_trainee(side_id, name_fa=name, phone=str(abs(hash(name)))[:9]))
    trainee.target_groups = list(groups)
    db.session.commit()
    return trainee


def _wait(course_id: int, trainee: Trainee, at: datetime) -> Enrolment:
    enrolment = Enrolment(course_id=course_id, trainee_id=trainee.id, status="waiting", requested_at=at)
    db.session.add(enrolment)
    db.session.commit()
    return enrolment


def test_a_trainee_of_a_priority_group_waits_ahead_of_one_who_asked_earlier(app_ctx, sides, users):
    heads = _group("female_heads_of_household", 1)
    rural = _group("rural_job_seekers", None)
    course_id = factories.make_course(factories.make_centre(sides["KHZ"].id), factories.make_standard(),
                                      status="approved", capacity=1)
    factories.make_enrolment(course_id, factories.make_trainee(sides["KHZ"].id, name_fa="نفر اول", phone="1"))
    early = _trainee(sides["KHZ"].id, "زودتر آمده", [rural])
    late = _trainee(sides["KHZ"].id, "دیرتر آمده", [rural, heads])  # in two groups: the better priority counts
    at = datetime(2026, 12, 1, 8, tzinfo=UTC)
    first, second = _wait(course_id, early, at), _wait(course_id, late, at + timedelta(days=3))
    course = db.session.get(Course, course_id)
    assert (early.waiting_rank, late.waiting_rank) == (NO_PRIORITY, 1)
    assert [e.trainee.name for e in rules.waiting_list(course)] == ["دیرتر آمده", "زودتر آمده"]
    assert (rules.waiting_position(second), rules.waiting_position(first)) == (1, 2)
    # The place freed goes to the priority group's trainee, though she asked three days later.
    holder = db.session.scalar(select(Enrolment).where(Enrolment.course_id == course_id,
                                                        Enrolment.status == "enrolled"))
    rules.withdraw(holder, db.session.get(User, users["admin"].id), holder.version, "family")
    assert (second.status, first.status) == ("enrolled", "waiting")


def test_with_equal_priority_the_earlier_request_goes_first(app_ctx, sides):
    heads = _group("female_heads_of_household", 2)
    graduates = _group("university_graduates", 2)
    course_id = factories.make_course(factories.make_centre(sides["KHZ"].id), factories.make_standard(),
                                      status="approved", capacity=1)
    later = _trainee(sides["KHZ"].id, "دوم", [heads])
    earlier = _trainee(sides["KHZ"].id, "اول", [graduates])
    at = datetime(2026, 12, 1, 8, tzinfo=UTC)
    _wait(course_id, later, at + timedelta(minutes=1))
    _wait(course_id, earlier, at)
    course = db.session.get(Course, course_id)
    assert [e.trainee.name for e in rules.waiting_list(course)] == ["اول", "دوم"]
