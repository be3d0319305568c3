"""Course rules as a liaison states them: how long and how many hours a course may have, what an edit keeps
(its target groups, the waiting list's turn), the capacity floor of this course alone, what each refusal says."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from coordinator.auth.models import User
from coordinator.catalog.models import Side, TargetGroup
from coordinator.courses import services
from coordinator.courses.models import Course, CourseApproval, Enrolment
from coordinator.errors import TransitionError, ValidationFailed
from coordinator.extensions import db
from tests import factories

START = date(2026, 12, 22)


@pytest.fixture
def world(app_ctx, sides, users):
    khz, msn = sides["KHZ"].id, sides["MSN"].id
    ids = SimpleNamespace(khz=khz, msn=msn, khz_centre=factories.make_centre(khz),
                          msn_centre=factories.make_centre(msn, name_fa="مرکز العماره", name_ar="مركز العمارة"),
                          standard=factories.make_standard())

    def user(key):
        return db.session.get(User, users[key].id)

    def course(status="draft", **extra):
        return db.session.get(Course, factories.make_course(ids.khz_centre, ids.standard, status=status, **extra))

    with force_locale("en"):
        yield SimpleNamespace(ids=ids, users=users, user=user, course=course)


def new_values(world, **changes) -> dict:
    return {
        "name_fa": "جوشکاری برق", "name_ar": "اللحام الكهربائي", "name_en": "", "skill_standard_id": world.ids.standard,
        "host_centre_id": world.ids.khz_centre, "start_date": START, "end_date": START + timedelta(days=29),
        "theory_hours": 40, "practice_hours": 100, "capacity": 12, "min_attendance": 80, "pass_mark_theory": None,
        "pass_mark_practice": None, "language": "fa_ar", "delivery": "centre", "funding_note": "",
        "contact_name": "", "contact_phone": "", "target_group_ids": [], **changes,
    }


def values_of(course: Course, **changes) -> dict:
    values = {name: getattr(course, name) for name in services.FIELDS}
    values["target_group_ids"] = [g.id for g in course.target_groups]
    return {**values, **changes}


def reload(course: Course) -> Course:
    db.session.commit()
    db.session.expire_all()
    return db.session.get(Course, course.id)


def create(world, **changes) -> Course:
    return services.create_course(new_values(world, **changes), world.user("liaison_khz"))


def refusal(world, **changes) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as caught:
        create(world, **changes)
    db.session.rollback()
    return caught.value


def enrol(course_id: int, side_id: int, count: int, status: str = "enrolled", at: datetime | None = None) -> list:
    ids = []
    for i in range(count):
        trainee = factories.make_trainee(side_id, name_fa=f"کارآموز {course_id} {status} {i}",
                                         phone=f"0916{course_id:03d}{i:04d}")
        row = Enrolment(course_id=course_id, trainee_id=trainee, status=status)
        if at is not None:
            row.requested_at = at + timedelta(minutes=i)
        db.session.add(row)
        db.session.flush()
        ids.append(row.id)
    db.session.commit()
    return ids


# Length and hours ------------------------------------------------------------------------------------------


def test_a_course_of_two_years_is_accepted_and_one_day_more_refused_saying_so(world):
    assert (create(world, end_date=START + timedelta(days=730)).end_date - START).days == 730
    refused = refusal(world, end_date=START + timedelta(days=731))
    assert (refused.field, str(refused.message)) == ("end_date", "A course may last at most two years.")


def test_a_one_day_course_is_accepted_and_ending_before_the_start_refused_saying_so(world):
    assert create(world, end_date=START).end_date == START
    refused = refusal(world, end_date=START - timedelta(days=1))
    assert (refused.field, str(refused.message)) == ("end_date", "The course cannot end before it starts.")


@pytest.mark.parametrize(("theory", "practice"), [(40, 0), (0, 60), (1, 0), (0, 1), (None, 3), (2, None)])
def test_theory_only_practice_only_and_one_hour_courses_are_accepted(world, theory, practice):
    course = create(world, theory_hours=theory, practice_hours=practice)
    assert (course.theory_hours or 0) + (course.practice_hours or 0) > 0


@pytest.mark.parametrize(("theory", "practice"), [(0, 0), (None, None), (0, None)])
def test_a_course_without_hours_is_refused_saying_what_to_give(world, theory, practice):
    refused = refusal(world, theory_hours=theory, practice_hours=practice)
    assert (refused.field, str(refused.message)) == ("practice_hours", "Give the theory or practice hours.")


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"skill_standard_id": None}, "skill_standard_id", "Choose a skill standard."),
    ({"host_centre_id": None}, "host_centre_id", "Choose an active host centre."),
    ({"language": None}, "language", "Choose the language of instruction."),
    ({"delivery": "post"}, "delivery", "Choose how the course is delivered."),
    ({"target_group_ids": [0]}, "target_group_ids", "Choose target groups from the list."),
])
def test_each_refusal_names_what_to_choose(world, changes, field, message):
    refused = refusal(world, **changes)
    assert (refused.field, str(refused.message)) == (field, message)


def test_every_language_and_delivery_on_the_lists_is_accepted(world):
    for language, delivery in (("fa", "centre"), ("ar", "mobile"), ("en", "online")):
        course = create(world, language=language, delivery=delivery)
        assert (course.language, course.delivery) == (language, delivery)


def test_a_centre_of_the_other_side_is_refused_saying_why(world):
    refused = refusal(world, host_centre_id=world.ids.msn_centre)
    assert refused.field == "host_centre_id"
    assert str(refused.message).startswith("Choose a centre of your own side")


def test_free_text_is_trimmed_and_an_empty_english_name_is_none(world):
    course = create(world, name_en="", funding_note="  UNDP  ", contact_name=" علی ", contact_phone=None)
    assert (course.name_en, course.funding_note, course.contact_name, course.contact_phone) == (
        None, "UNDP", "علی", "")
    assert create(world, name_en="Welding").name_en == "Welding"


# Codes ------------------------------------------------------------------------------------------------------


def test_codes_count_up_per_year_past_four_digits(world):
    assert services.new_code(2031) == "JC-2031-0001"
    for code in ("JC-2031-9999", "JC-2031-10000", "JC-2032-0499", "JC-2032-0500", "JC-2031-X", "JC-2034-X"):
        db.session.add(Course(code=code, name_fa="د", name_ar="د", skill_standard_id=world.ids.standard,
                              host_centre_id=world.ids.khz_centre, host_side_id=world.ids.khz, start_date=START,
                              end_date=START, theory_hours=1, practice_hours=0, capacity=1, status="draft"))
    db.session.flush()
    assert services.new_code(2031) == "JC-2031-10001"
    assert services.new_code(2032) == "JC-2032-0501"
    assert services.new_code(2033) == "JC-2033-0001"
    assert services.new_code(2034) == "JC-2034-0001"  # a code not ending in a number starts the count


def test_a_code_taken_meanwhile_is_passed_over_and_the_next_one_taken(world, monkeypatch):
    taken = create(world)
    offered = iter([taken.code, "JC-2026-0002"])
    monkeypatch.setattr(services, "new_code", lambda year: next(offered))
    course = create(world)
    assert course.code == "JC-2026-0002"
    assert db.session.scalar(select(func.count()).select_from(Course)) == 2


def test_when_every_code_tried_is_taken_the_creator_is_asked_to_save_again(world, monkeypatch):
    from coordinator.errors import ConflictError

    taken = create(world)
    tried = []
    monkeypatch.setattr(services, "new_code", lambda year: tried.append(year) or taken.code)
    with pytest.raises(ConflictError) as caught:
        create(world)
    assert str(caught.value.message) == "Many courses are being created at this moment. Save again."
    assert tried == [START.year] * services.CODE_ATTEMPTS


def test_a_new_course_takes_the_next_code_of_its_start_year(world):
    first = create(world, start_date=date(2027, 2, 1), end_date=date(2027, 3, 1))
    second = create(world, start_date=date(2027, 5, 1), end_date=date(2027, 6, 1))
    other_year = create(world)
    assert (first.code, second.code, other_year.code) == ("JC-2027-0001", "JC-2027-0002", "JC-2026-0001")
    assert (first.status, first.host_side_id) == ("draft", world.ids.khz)
    assert first.created_by_id == world.users["liaison_khz"].id


# Edits: what they keep ------------------------------------------------------------------------------------


def test_the_capacity_floor_counts_only_this_courses_trainees_holding_a_place(world):
    course, other = world.course(status="running", capacity=10), world.course(status="running", capacity=10)
    enrol(course.id, world.ids.khz, 2)
    enrol(course.id, world.ids.khz, 1, status="completed")
    enrol(course.id, world.ids.khz, 1, status="not_completed")
    enrol(course.id, world.ids.khz, 2, status="waiting")
    enrol(course.id, world.ids.khz, 2, status="withdrawn")
    enrol(other.id, world.ids.khz, 8)
    assert services.enrolled_count(course) == 4
    with pytest.raises(ValidationFailed) as caught:
        services.update_course(course, values_of(course, capacity=3), course.version, world.user("liaison_khz"))
    assert caught.value.field == "capacity"
    assert str(caught.value.message) == "4 trainees are already enrolled: the capacity cannot be lower."
    db.session.rollback()
    course = reload(course)
    services.update_course(course, values_of(course, capacity=4), course.version, world.user("liaison_khz"))
    assert reload(course).capacity == 4


def test_an_edit_keeps_the_target_groups_it_lists(world):
    groups = list(db.session.scalars(select(TargetGroup).order_by(TargetGroup.id)).all()[:2])
    assert len(groups) == 2
    course = create(world, target_group_ids=[g.id for g in groups])
    course = reload(course)
    services.update_course(course, values_of(course, name_fa="جوشکاری پیشرفته"), course.version,
                           world.user("liaison_khz"))
    course = reload(course)
    assert sorted(g.id for g in course.target_groups) == sorted(g.id for g in groups)
    services.update_course(course, values_of(course, target_group_ids=[groups[1].id]), course.version,
                           world.user("liaison_khz"))
    assert [g.id for g in reload(course).target_groups] == [groups[1].id]


def test_a_target_group_listed_twice_counts_once_and_none_listed_means_none(world):
    group = db.session.scalar(select(TargetGroup).order_by(TargetGroup.id))
    course = create(world, target_group_ids=[group.id, group.id])
    assert [g.id for g in reload(course).target_groups] == [group.id]
    assert create(world, target_group_ids=None).target_groups == []


def test_raising_the_capacity_gives_the_new_places_to_the_first_waiting_in_order(world):
    course = world.course(status="running", capacity=2)
    enrol(course.id, world.ids.khz, 2)
    first, second, third = enrol(course.id, world.ids.khz, 3, status="waiting", at=datetime(2026, 12, 1, 8))
    services.update_course(course, values_of(course, capacity=4), course.version, world.user("liaison_khz"))
    course = reload(course)
    status = {i: db.session.get(Enrolment, i).status for i in (first, second, third)}
    assert status == {first: "enrolled", second: "enrolled", third: "waiting"}


def test_an_edit_that_leaves_the_capacity_alone_promotes_nobody(world):
    course = world.course(status="running", capacity=2)
    enrol(course.id, world.ids.khz, 1)
    (waiting,) = enrol(course.id, world.ids.khz, 1, status="waiting")
    services.update_course(course, values_of(course, name_fa="نام تازه"), course.version, world.user("liaison_khz"))
    reload(course)
    assert db.session.get(Enrolment, waiting).status == "waiting"


def test_a_running_course_refuses_a_new_host_or_start_saying_so(world):
    course = world.course(status="running")
    with pytest.raises(TransitionError) as caught:
        services.update_course(course, values_of(course, start_date=course.start_date - timedelta(days=1)),
                               course.version, world.user("liaison_khz"))
    assert str(caught.value.message) == "A running course keeps its host and start date."
    db.session.rollback()
    course = reload(course)
    new_end = course.end_date + timedelta(days=3)
    assert services.update_course(course, values_of(course, capacity=20, end_date=new_end), course.version,
                                  world.user("liaison_khz")) is False
    course = reload(course)
    assert (course.status, course.capacity, course.end_date) == ("running", 20, new_end)


@pytest.mark.parametrize("status", ["completed", "cancelled"])
def test_a_closed_course_refuses_edits_saying_so(world, status):
    course = world.course(status=status)
    with pytest.raises(TransitionError) as caught:
        services.update_course(course, values_of(course), course.version, world.user("liaison_khz"))
    assert str(caught.value.message) == "A completed or cancelled course can no longer be edited."


def test_sessions_outside_new_dates_are_refused_saying_what_to_do(world):
    from tests.unit.test_course_workflow import add_raw_session

    course = world.course()
    add_raw_session(course, course.start_date + timedelta(days=3))
    with pytest.raises(ValidationFailed) as caught:
        services.update_course(course, values_of(course, start_date=course.start_date + timedelta(days=4)),
                               course.version, world.user("liaison_khz"))
    assert (caught.value.field, str(caught.value.message)) == (
        "start_date", "Some sessions fall outside these dates: move or delete them first.")


# The workflow's rules that stay ------------------------------------------------------------------------------


def approvals(course) -> int:
    return db.session.scalar(select(func.count()).select_from(CourseApproval)
                             .where(CourseApproval.course_id == course.id))


def test_withdrawing_a_proposal_clears_the_approvals_at_once(world):
    course = world.course(status="proposed")
    other = world.course(status="proposed")
    for c in (course, other):
        c.approvals.append(CourseApproval(side_id=world.ids.msn, user_id=world.users["liaison_msn"].id))
    db.session.commit()
    services.transition(course, "withdraw", world.user("liaison_khz"), version=course.version)
    course = reload(course)
    assert (course.status, approvals(course), approvals(other)) == ("draft", 0, 1)


def test_a_refused_step_names_both_statuses(world):
    course = world.course(status="draft")
    with pytest.raises(TransitionError) as caught:
        services.transition(course, "start", world.user("liaison_khz"))
    assert str(caught.value.message) == "A course that is “Draft” cannot be moved to “Running”."
    with pytest.raises(TransitionError) as caught:
        services.transition(course, "fly", world.user("liaison_khz"))
    assert str(caught.value.message) == "Unknown action."


def test_cancelling_keeps_at_most_two_thousand_characters_of_the_reason(world):
    course = world.course(status="draft")
    services.transition(course, "cancel", world.user("liaison_khz"), reason="  " + "د" * 2500 + "  ")
    course = reload(course)
    assert (course.status, course.cancel_reason) == ("cancelled", "د" * 2000)


def test_cancelling_without_a_reason_says_so(world):
    course = world.course(status="draft")
    with pytest.raises(ValidationFailed) as caught:
        services.transition(course, "cancel", world.user("liaison_khz"), reason=None)
    assert (caught.value.field, str(caught.value.message)) == ("reason", "Give the reason for cancelling.")


def test_scheduling_without_sessions_says_what_to_add(world):
    course = world.course(status="approved")
    with pytest.raises(TransitionError) as caught:
        services.transition(course, "schedule", world.user("liaison_khz"))
    assert str(caught.value.message) == "Add the course sessions to the timetable before scheduling it."
    assert reload(course).status == "approved"


def test_only_active_sides_are_asked_to_approve_in_order(world):
    assert [s.id for s in services.sides_to_approve()] == sorted([world.ids.khz, world.ids.msn])
    db.session.get(Side, world.ids.msn).active = False
    db.session.flush()
    assert [s.id for s in services.sides_to_approve()] == [world.ids.khz]


def test_approval_messages_say_what_happened(world):
    course = world.course(status="draft")
    with pytest.raises(TransitionError) as caught:
        services.approve(course, world.user("liaison_msn"))
    assert str(caught.value.message) == "Only a proposed course can be approved."
    course = world.course(status="proposed")
    assert services.approve(course, world.user("liaison_msn")) is False
    with pytest.raises(services.AlreadyApproved) as caught:
        services.approve(course, world.user("liaison_msn"))
    assert str(caught.value.message) == "Your side has already approved this course."
    assert services.approve(course, world.user("liaison_khz")) is True
    assert reload(course).status == "approved"


def test_cancelling_with_no_reason_given_at_all_says_so(world):
    course = world.course(status="draft")
    with pytest.raises(ValidationFailed) as caught:
        services.transition(course, "cancel", world.user("liaison_khz"))
    assert (caught.value.field, str(caught.value.message)) == ("reason", "Give the reason for cancelling.")
    assert reload(course).status == "draft"
