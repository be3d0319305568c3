"""Joint courses at the service level: the workflow, approvals by both sides, re-approval after edits,
and the timetable in the host side's clock and calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from coordinator.audit import AuditEntry
from coordinator.auth.models import User
from coordinator.catalog.models import Holiday, Side, TargetGroup
from coordinator.courses import services, timetable
from coordinator.courses.models import (
    APPROVAL_FIELDS,
    STATUSES,
    Attendance,
    Course,
    CourseApproval,
    CourseSession,
    Enrolment,
)
from coordinator.errors import (
    ConflictError,
    DomainError,
    PermissionDenied,
    StaleEditError,
    TransitionError,
    ValidationFailed,
)
from coordinator.extensions import db
from tests import factories

# The workflow as the issue describes it: (status, action) → the status it leads to. Everything else is refused.
ALLOWED = {
    ("draft", "propose"): "proposed",
    ("proposed", "withdraw"): "draft",
    ("approved", "schedule"): "scheduled",
    ("scheduled", "start"): "running",
    ("running", "complete"): "completed",
    ("draft", "cancel"): "cancelled",
    ("proposed", "cancel"): "cancelled",
    ("approved", "cancel"): "cancelled",
    ("scheduled", "cancel"): "cancelled",
    ("running", "cancel"): "cancelled",
}
ACTIONS = list(services.TRANSITIONS)
MANAGE_ACTIONS = [a for a in ACTIONS if a != "propose"]
ALL_STATUSES = list(STATUSES)
# 2026-12-05 is a Saturday (the first working day of the week on both sides); 2026-12-11 a Friday.
SAT = date(2026, 12, 5)


@pytest.fixture
def world(app_ctx, sides, users):
    """Two centres per side, two skill standards; helpers that hand back live ORM objects."""
    khz, msn = sides["KHZ"].id, sides["MSN"].id
    ids = SimpleNamespace(
        khz=khz, msn=msn,
        khz_centre=factories.make_centre(khz),
        khz_centre2=factories.make_centre(khz, name_fa="مرکز آموزش آبادان", name_ar="مركز التدريب في عبادان"),
        msn_centre=factories.make_centre(msn, name_fa="مرکز آموزش العماره", name_ar="مركز التدريب في العمارة"),
        standard=factories.make_standard(),
    )

    def user(key):
        return db.session.get(User, users[key].id)

    def course(status="draft", host="KHZ", **extra):
        centre = ids.khz_centre if host == "KHZ" else ids.msn_centre
        return db.session.get(Course, factories.make_course(centre, ids.standard, status=status, **extra))

    return SimpleNamespace(ids=ids, users=users, user=user, course=course)


def reload(course: Course) -> Course:
    """The course as stored: everything committed, then read back from the database."""
    db.session.commit()
    db.session.expire_all()
    return db.session.get(Course, course.id)


def add_raw_session(course: Course, day: date | None = None, start=time(8), end=time(10)) -> CourseSession:
    """A session straight in the database (no timetable rules), for courses in any state."""
    day = day or course.start_date
    tz = course.host_side.timezone
    session = CourseSession(day=day, start_time=start, end_time=end,
                            starts_at=datetime.combine(day, start, ZoneInfo(tz)).astimezone(UTC),
                            ends_at=datetime.combine(day, end, ZoneInfo(tz)).astimezone(UTC))
    course.sessions.append(session)
    db.session.commit()
    return session


def approval_count(course_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(CourseApproval)
                             .where(CourseApproval.course_id == course_id))


# The workflow ------------------------------------------------------------------------------------------


def test_transition_table_is_the_documented_workflow():
    table = {(source, action): target
             for action, (sources, target, _permission) in services.TRANSITIONS.items() for source in sources}
    assert table == ALLOWED
    assert {permission for _s, _t, permission in services.TRANSITIONS.values()} == {"course.propose",
                                                                                      "course.manage"}


@pytest.mark.parametrize("actor", ["admin", "liaison_khz"])
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("status", ALL_STATUSES)
def test_every_action_from_every_status(world, status, action, actor):
    """Allowed steps move the course to their target; every other step is refused and changes nothing."""
    course = world.course(status=status, host="KHZ")
    if action in ("schedule", "start", "complete"):
        add_raw_session(course)  # so that only the status decides (the calendar's rules are tested below)
    version = course.version
    target = ALLOWED.get((status, action))
    later = datetime(2030, 1, 1, tzinfo=UTC)  # after every session: the calendar allows every step
    if target is not None:
        services.transition(course, action, world.user(actor), version=version, reason="کمبود متقاضی", now=later)
        course = reload(course)
        assert course.status == target
        assert course.version == version + 1
    else:
        with pytest.raises(TransitionError):
            services.transition(course, action, world.user(actor), version=version, reason="کمبود متقاضی",
                                now=later)
        db.session.rollback()
        course = reload(course)
        assert course.status == status
        assert course.version == version


@pytest.mark.parametrize("status", ALL_STATUSES)
def test_allowed_actions_lists_exactly_the_allowed_steps(world, status):
    course = world.course(status=status, host="KHZ")
    expected = [a for a in ACTIONS if (status, a) in ALLOWED]
    assert services.allowed_actions(course, world.user("admin")) == expected
    assert services.allowed_actions(course, world.user("liaison_khz")) == expected
    # The other side's liaison takes no step (they approve, which is not a step of the workflow table).
    assert services.allowed_actions(course, world.user("liaison_msn")) == []
    for key in ("manager_khz", "manager_msn", "trainer_khz", "trainer_msn"):
        assert services.allowed_actions(course, world.user(key)) == []


@pytest.mark.parametrize(("host", "proposer"), [
    ("KHZ", "liaison_khz"), ("MSN", "liaison_msn"), ("KHZ", "admin"), ("MSN", "admin"),
])
def test_the_host_sides_liaison_and_the_admin_may_propose(world, host, proposer):
    course = world.course(host=host)
    services.transition(course, "propose", world.user(proposer), version=course.version)
    assert reload(course).status == "proposed"


@pytest.mark.parametrize(("host", "proposer"), [("KHZ", "liaison_msn"), ("MSN", "liaison_khz")])
def test_the_other_sides_liaison_may_not_propose_a_draft(world, host, proposer):
    course = world.course(host=host)
    with pytest.raises(PermissionDenied) as refused:
        services.transition(course, "propose", world.user(proposer), version=course.version)
    with force_locale("en"):
        assert "Only the host side proposes its course" in str(refused.value)
    db.session.rollback()
    assert reload(course).status == "draft"


@pytest.mark.parametrize("action", MANAGE_ACTIONS)
@pytest.mark.parametrize("host", ["KHZ", "MSN"])
def test_the_other_sides_liaison_cannot_manage(world, action, host):
    source = next(s for (s, a) in ALLOWED if a == action)
    course = world.course(status=source, host=host)
    add_raw_session(course)
    other = world.user("liaison_msn" if host == "KHZ" else "liaison_khz")
    with pytest.raises(PermissionDenied):
        services.transition(course, action, other, version=course.version, reason="دلیل")
    db.session.rollback()
    assert reload(course).status == source
    # ... while the host side's liaison may.
    own = world.user("liaison_khz" if host == "KHZ" else "liaison_msn")
    services.transition(course, action, own, version=course.version, reason="دلیل")
    assert reload(course).status == ALLOWED[(source, action)]


@pytest.mark.parametrize("who", ["manager_khz", "manager_msn", "trainer_khz", "trainer_msn"])
@pytest.mark.parametrize("action", ACTIONS)
def test_managers_and_trainers_can_do_nothing(world, who, action):
    source = next(s for (s, a) in ALLOWED if a == action)
    course = world.course(status=source, host="KHZ")
    add_raw_session(course)
    with pytest.raises(PermissionDenied):
        services.transition(course, action, world.user(who), version=course.version, reason="دلیل")
    db.session.rollback()
    assert reload(course).status == source


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_cancelling_needs_a_reason(world, reason):
    course = world.course(status="approved")
    with pytest.raises(ValidationFailed) as refused:
        services.transition(course, "cancel", world.user("liaison_khz"), version=course.version, reason=reason)
    assert refused.value.field == "reason"
    db.session.rollback()
    assert reload(course).status == "approved"


def test_cancelling_keeps_the_reason_trimmed(world):
    course = world.course(status="scheduled")
    services.transition(course, "cancel", world.user("liaison_khz"), version=course.version,
                        reason="  کمبود متقاضی در موعد ثبت‌نام  ")
    course = reload(course)
    assert (course.status, course.cancel_reason) == ("cancelled", "کمبود متقاضی در موعد ثبت‌نام")


def test_scheduling_needs_sessions(world):
    course = world.course(status="approved")
    with pytest.raises(TransitionError):
        services.transition(course, "schedule", world.user("admin"), version=course.version)
    db.session.rollback()
    course = reload(course)
    assert course.status == "approved"
    add_raw_session(course)
    services.transition(course, "schedule", world.user("admin"), version=course.version)
    assert reload(course).status == "scheduled"


def test_unknown_action_is_refused(world):
    course = world.course()
    with pytest.raises(TransitionError):
        services.transition(course, "approve", world.user("admin"))
    with pytest.raises(TransitionError):
        services.transition(course, "delete", world.user("admin"))
    assert reload(course).status == "draft"


def test_a_stale_version_is_refused(world):
    course = world.course()
    with pytest.raises(StaleEditError):
        services.transition(course, "propose", world.user("liaison_khz"), version=course.version - 1)
    db.session.rollback()
    assert reload(course).status == "draft"


def test_every_status_change_is_in_the_audit_trail(world):
    course = world.course()
    services.transition(course, "propose", world.user("liaison_khz"), version=course.version)
    db.session.commit()
    services.transition(course, "withdraw", world.user("liaison_khz"), version=course.version)
    db.session.commit()
    changes = db.session.scalars(select(AuditEntry.changes).where(
        AuditEntry.entity == "courses", AuditEntry.entity_id == str(course.id), AuditEntry.action == "update",
    ).order_by(AuditEntry.id)).all()
    assert [c["status"] for c in changes] == [["draft", "proposed"], ["proposed", "draft"]]


# Approvals ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("first, second", [("liaison_khz", "liaison_msn"), ("liaison_msn", "liaison_khz")])
def test_a_course_is_approved_once_both_sides_have_approved(world, first, second):
    course = world.course(status="proposed", host="KHZ")
    before = datetime.now(UTC) - timedelta(seconds=1)
    assert services.approve(course, world.user(first), version=course.version) is False
    course = reload(course)
    assert course.status == "proposed"
    assert services.approve(course, world.user(second), version=course.version) is True
    after = datetime.now(UTC) + timedelta(seconds=1)
    course = reload(course)
    assert course.status == "approved"
    for key in (first, second):
        approval = course.approval_for(world.users[key].side_id)
        assert approval.user_id == world.users[key].id  # who approved ...
        assert before <= approval.at <= after  # ... and when, as an aware UTC instant
        assert approval.at.tzinfo is not None


def test_an_approval_is_refused_for_a_side_that_already_approved(world):
    course = world.course(status="proposed")
    services.approve(course, world.user("liaison_khz"))
    db.session.commit()
    second_khz = db.session.get(User, factories.make_user("liaison", world.ids.khz, username="khz.second").id)
    for user in (world.user("liaison_khz"), second_khz):
        # The permission rule already refuses it (PermissionDenied); the service would say TransitionError.
        with pytest.raises((PermissionDenied, TransitionError)):
            services.approve(course, user)
        db.session.rollback()
    course = reload(course)
    assert course.status == "proposed"
    assert [(a.side_id, a.user_id) for a in course.approvals] == [(world.ids.khz, world.users["liaison_khz"].id)]


@pytest.mark.parametrize("status", [s for s in ALL_STATUSES if s != "proposed"])
def test_only_a_proposed_course_can_be_approved(world, status):
    course = world.course(status=status)
    for key in ("liaison_khz", "liaison_msn"):
        with pytest.raises((PermissionDenied, TransitionError)):
            services.approve(course, world.user(key))
        db.session.rollback()
    course = reload(course)
    assert (course.status, course.approvals) == (status, [])


@pytest.mark.parametrize("who", ["admin", "manager_khz", "manager_msn", "trainer_khz", "trainer_msn"])
def test_only_liaisons_approve(world, who):
    course = world.course(status="proposed")
    with pytest.raises(PermissionDenied):
        services.approve(course, world.user(who))
    db.session.rollback()
    assert approval_count(course.id) == 0


def test_an_approval_is_always_for_the_users_own_side(world):
    """A Khuzestan liaison approving a Maysan course approves for Khuzestan, never on Maysan's behalf."""
    course = world.course(status="proposed", host="MSN")
    assert services.approve(course, world.user("liaison_khz")) is False
    course = reload(course)
    assert [a.side_id for a in course.approvals] == [world.ids.khz]
    assert course.approval_for(world.ids.msn) is None
    assert course.status == "proposed"
    assert services.approve(course, world.user("liaison_msn")) is True
    assert reload(course).status == "approved"


def test_approving_a_stale_version_is_refused(world):
    course = world.course(status="proposed")
    with pytest.raises(StaleEditError):
        services.approve(course, world.user("liaison_khz"), version=course.version + 5)
    db.session.rollback()
    assert approval_count(course.id) == 0


def test_only_active_sides_must_approve(world):
    basra = Side(code="BSR", country_code="IQ", timezone="Asia/Baghdad", calendar="gregorian", weekend_days="4,5",
                 name_fa="بصره", name_ar="البصرة", active=False)
    db.session.add(basra)
    db.session.commit()
    course = world.course(status="proposed")
    services.approve(course, world.user("liaison_khz"))
    assert services.approve(course, world.user("liaison_msn")) is True
    assert reload(course).status == "approved"

    # Once the third side is active, two approvals are no longer enough.
    basra.active = True
    db.session.commit()
    other = world.course(status="proposed")
    services.approve(other, world.user("liaison_khz"))
    assert services.approve(other, world.user("liaison_msn")) is False
    assert reload(other).status == "proposed"


# Creating and editing; re-approval -----------------------------------------------------------------------


def values_of(course: Course, **changes) -> dict:
    values = {name: getattr(course, name) for name in services.FIELDS}
    values["target_group_ids"] = [g.id for g in course.target_groups]
    return {**values, **changes}


def new_values(world, **changes) -> dict:
    return {
        "name_fa": "جوشکاری برق", "name_ar": "اللحام الكهربائي", "name_en": "", "skill_standard_id": world.ids.standard,
        "host_centre_id": world.ids.khz_centre, "start_date": date(2026, 12, 22), "end_date": date(2027, 1, 20),
        "theory_hours": 40, "practice_hours": 100, "capacity": 12, "min_attendance": 80, "pass_mark_theory": None,
        "pass_mark_practice": None, "language": "fa_ar", "delivery": "centre", "funding_note": "",
        "contact_name": "", "contact_phone": "", "target_group_ids": [], **changes,
    }


def approved_course(world, status="approved"):
    course = world.course(status=status)
    for key in ("liaison_khz", "liaison_msn"):
        course.approvals.append(CourseApproval(side_id=world.users[key].side_id, user_id=world.users[key].id))
    add_raw_session(course, course.start_date + timedelta(days=2))
    return course


APPROVAL_CHANGES = {
    "start_date": lambda w: date(2026, 12, 1),
    "end_date": lambda w: date(2027, 1, 10),
    "host_centre_id": lambda w: w.ids.khz_centre2,
    "capacity": lambda w: 20,
}


def test_the_fields_that_need_re_approval():
    assert set(APPROVAL_FIELDS) == set(APPROVAL_CHANGES)


def test_a_liaison_creates_a_draft(world):
    group = db.session.scalar(select(TargetGroup).order_by(TargetGroup.id))
    course = services.create_course(new_values(world, target_group_ids=[group.id]), world.user("liaison_khz"))
    course = reload(course)
    assert (course.status, course.code, course.created_by_id) == ("draft", "JC-2026-0001",
                                                                 world.users["liaison_khz"].id)
    assert course.host_side_id == world.ids.khz
    assert [g.id for g in course.target_groups] == [group.id]
    assert services.create_course(new_values(world), world.user("admin")).code == "JC-2026-0002"


@pytest.mark.parametrize(("changes", "field"), [
    ({"skill_standard_id": 999}, "skill_standard_id"),
    ({"skill_standard_id": None}, "skill_standard_id"),
    ({"host_centre_id": 999}, "host_centre_id"),
    ({"host_centre_id": "inactive"}, "host_centre_id"),
    ({"end_date": date(2028, 12, 23)}, "end_date"),  # more than two years
    ({"language": "de"}, "language"),
    ({"delivery": "by post"}, "delivery"),
    ({"theory_hours": 0, "practice_hours": 0}, "practice_hours"),
    ({"target_group_ids": [999]}, "target_group_ids"),
])
def test_a_course_is_validated(world, changes, field):
    if changes.get("host_centre_id") == "inactive":
        changes = {"host_centre_id": factories.make_centre(world.ids.khz, name_fa="مرکز بسته", active=False)}
    with pytest.raises(ValidationFailed) as refused:
        services.create_course(new_values(world, **changes), world.user("liaison_khz"))
    assert refused.value.field == field
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Course)) == 0


def test_a_course_may_last_two_years(world):
    course = services.create_course(new_values(world, end_date=date(2028, 12, 21)), world.user("liaison_khz"))
    assert (course.end_date - course.start_date).days == 730


@pytest.mark.parametrize("who", ["manager_khz", "trainer_msn"])
def test_managers_and_trainers_cannot_create(world, who):
    with pytest.raises(PermissionDenied):
        services.create_course(new_values(world), world.user(who))


def test_a_course_cannot_end_before_it_starts(world):
    with pytest.raises(ValidationFailed) as refused:
        services.create_course(new_values(world, start_date=date(2027, 1, 20), end_date=date(2026, 12, 22)),
                               world.user("liaison_khz"))
    assert refused.value.field == "end_date"
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Course)) == 0

    course = world.course()
    with pytest.raises(ValidationFailed) as refused:
        services.update_course(course, values_of(course, end_date=course.start_date - timedelta(days=1)),
                               course.version, world.user("liaison_khz"))
    assert refused.value.field == "end_date"


@pytest.mark.parametrize("field", list(APPROVAL_CHANGES))
@pytest.mark.parametrize("status", ["approved", "scheduled"])
def test_changing_dates_host_or_capacity_sends_the_course_back(world, status, field):
    course = approved_course(world, status)
    changed = APPROVAL_CHANGES[field](world)
    sent_back = services.update_course(course, values_of(course, **{field: changed}), course.version,
                                       world.user("liaison_khz"))
    assert sent_back is True
    course = reload(course)
    assert getattr(course, field) == changed
    assert course.status == "proposed"
    assert course.approvals == [] and approval_count(course.id) == 0
    # Both sides approve again.
    services.approve(course, world.user("liaison_msn"))
    assert services.approve(course, world.user("liaison_khz")) is True


@pytest.mark.parametrize("status", ["approved", "scheduled"])
def test_editing_only_the_title_keeps_the_approval(world, status):
    course = approved_course(world, status)
    sent_back = services.update_course(course, values_of(course, name_fa="جوشکاری برق پیشرفته"), course.version,
                                       world.user("liaison_khz"))
    assert sent_back is False
    course = reload(course)
    assert (course.name_fa, course.status, len(course.approvals)) == ("جوشکاری برق پیشرفته", status, 2)


@pytest.mark.parametrize("field", list(APPROVAL_CHANGES))
def test_a_proposed_course_loses_its_approvals_when_those_fields_change(world, field):
    course = world.course(status="proposed")
    services.approve(course, world.user("liaison_msn"))
    db.session.commit()
    sent_back = services.update_course(course, values_of(course, **{field: APPROVAL_CHANGES[field](world)}),
                                       course.version, world.user("liaison_khz"))
    assert sent_back is False  # it had not been approved yet
    course = reload(course)
    assert (course.status, course.approvals) == ("proposed", [])


def test_a_proposed_course_keeps_its_approval_when_only_the_title_changes(world):
    course = world.course(status="proposed")
    services.approve(course, world.user("liaison_msn"))
    db.session.commit()
    services.update_course(course, values_of(course, name_ar="دورة اللحام المتقدمة"), course.version,
                           world.user("liaison_khz"))
    assert [a.side_id for a in reload(course).approvals] == [world.ids.msn]


@pytest.mark.parametrize("field", ["host_centre_id", "start_date"])
def test_a_running_course_keeps_its_host_and_start(world, field):
    course = world.course(status="running")
    with pytest.raises(TransitionError):
        services.update_course(course, values_of(course, **{field: APPROVAL_CHANGES[field](world)}),
                               course.version, world.user("liaison_khz"))
    db.session.rollback()
    course = reload(course)
    assert (course.host_centre_id, course.start_date) == (world.ids.khz_centre, SAT)


def test_a_running_course_may_change_capacity_and_end(world):
    course = world.course(status="running")
    assert services.update_course(course, values_of(course, capacity=25, end_date=date(2027, 1, 15)),
                                  course.version, world.user("liaison_khz")) is False
    course = reload(course)
    assert (course.status, course.capacity, course.end_date) == ("running", 25, date(2027, 1, 15))


@pytest.mark.parametrize("status", ["completed", "cancelled"])
def test_completed_and_cancelled_courses_cannot_be_edited(world, status):
    course = world.course(status=status)
    with pytest.raises(TransitionError):
        services.update_course(course, values_of(course, name_fa="عنوان تازه"), course.version, world.user("admin"))
    db.session.rollback()
    assert reload(course).name_fa == "دوره مشترک جوشکاری"


@pytest.mark.parametrize("who", ["liaison_msn", "manager_khz", "trainer_khz"])
def test_only_the_host_side_edits(world, who):
    course = world.course(status="approved")
    with pytest.raises(PermissionDenied):
        services.update_course(course, values_of(course, capacity=30), course.version, world.user(who))


def test_a_draft_the_other_side_drafted_is_kept_by_its_host_side(world):
    """A draft made by a Maysan liaison before host centres were checked, hosted in Khuzestan: Maysan can
    neither edit it nor propose it; Khuzestan can."""
    course = world.course(status="draft", created_by_id=world.users["liaison_msn"].id)
    with pytest.raises(PermissionDenied):
        services.update_course(course, values_of(course, capacity=11), course.version, world.user("liaison_msn"))
    db.session.rollback()
    with pytest.raises(PermissionDenied):
        services.transition(course, "propose", world.user("liaison_msn"), version=course.version)
    db.session.rollback()
    course = reload(course)
    services.update_course(course, values_of(course, capacity=11), course.version, world.user("liaison_khz"))
    course = reload(course)
    assert course.capacity == 11


@pytest.mark.parametrize("who", ["liaison_khz", "liaison_msn"])
def test_a_liaison_creates_courses_at_their_own_sides_centres_only(world, who):
    other_centre = world.ids.msn_centre if who == "liaison_khz" else world.ids.khz_centre
    own_centre = world.ids.khz_centre if who == "liaison_khz" else world.ids.msn_centre
    values = new_values(world, host_centre_id=other_centre)
    with pytest.raises(ValidationFailed) as refused:
        services.create_course(values, world.user(who))
    assert refused.value.field == "host_centre_id"
    with force_locale("en"):
        assert "Choose a centre of your own side" in str(refused.value)
    db.session.rollback()
    assert services.create_course({**values, "host_centre_id": own_centre}, world.user(who)).host_side_id == (
        world.ids.khz if who == "liaison_khz" else world.ids.msn)


def test_a_liaison_cannot_move_their_course_to_the_other_side(world):
    course = world.course(status="approved")
    with pytest.raises(ValidationFailed) as refused:
        services.update_course(course, values_of(course, host_centre_id=world.ids.msn_centre), course.version,
                               world.user("liaison_khz"))
    assert refused.value.field == "host_centre_id"
    db.session.rollback()
    course = reload(course)
    assert (course.host_side_id, course.status) == (world.ids.khz, "approved")
    # Within their own side the host centre may change (it goes back for approval).
    services.update_course(course, values_of(course, host_centre_id=world.ids.khz_centre2), course.version,
                           world.user("liaison_khz"))
    assert reload(course).host_centre_id == world.ids.khz_centre2


def test_an_edit_from_a_stale_form_is_refused(world):
    course = world.course(status="approved")
    with pytest.raises(StaleEditError):
        services.update_course(course, values_of(course, capacity=30), course.version - 1, world.user("admin"))
    db.session.rollback()
    assert reload(course).capacity == 10


def enrol(course_id: int, side_id: int, count: int, status: str = "enrolled") -> None:
    for i in range(count):
        trainee = factories.make_trainee(side_id, name_fa=f"کارآموز {i} {status}", phone=f"0916000{i:04d}")
        db.session.add(Enrolment(course_id=course_id, trainee_id=trainee, status=status))
    db.session.commit()


def test_capacity_cannot_fall_below_the_enrolled_count(world):
    course = world.course(status="running", capacity=10)
    enrol(course.id, world.ids.khz, 4)
    enrol(course.id, world.ids.khz, 3, status="withdrawn")  # withdrawn trainees hold no place
    assert services.enrolled_count(course) == 4
    with pytest.raises(ValidationFailed) as refused:
        services.update_course(course, values_of(course, capacity=3), course.version, world.user("liaison_khz"))
    assert refused.value.field == "capacity"
    db.session.rollback()
    course = reload(course)
    assert course.capacity == 10
    services.update_course(course, values_of(course, capacity=4), course.version, world.user("liaison_khz"))
    assert reload(course).capacity == 4


def test_sessions_must_stay_within_new_dates(world):
    course = world.course(status="draft")
    add_raw_session(course, date(2026, 12, 20))
    for change in ({"start_date": date(2026, 12, 21)}, {"end_date": date(2026, 12, 19)}):
        with pytest.raises(ValidationFailed) as refused:
            services.update_course(course, values_of(course, **change), course.version, world.user("liaison_khz"))
        assert refused.value.field == "start_date"
        db.session.rollback()
        course = reload(course)
        assert (course.start_date, course.end_date) == (SAT, date(2027, 1, 1))
    services.update_course(course, values_of(course, start_date=date(2026, 12, 20), end_date=date(2026, 12, 20)),
                           course.version, world.user("liaison_khz"))
    assert reload(course).end_date == date(2026, 12, 20)


def test_a_withdrawn_and_changed_course_must_be_approved_again_by_both_sides(world):
    course = world.course(status="proposed")
    services.approve(course, world.user("liaison_msn"))  # Maysan approves the December dates
    services.transition(course, "withdraw", world.user("liaison_khz"), version=course.version)
    course = reload(course)
    services.update_course(course, values_of(course, start_date=date(2026, 12, 1), end_date=date(2027, 3, 1)),
                           course.version, world.user("liaison_khz"))
    course = reload(course)
    services.transition(course, "propose", world.user("liaison_khz"), version=course.version)
    course = reload(course)
    # Maysan never saw the new dates: its approval of the old plan must not carry over.
    assert course.approval_for(world.ids.msn) is None
    assert services.approve(course, world.user("liaison_khz")) is False


def test_moving_the_course_to_the_other_side_keeps_the_host_wall_clock(world):
    course = world.course(status="approved")
    session = add_raw_session(course, date(2026, 12, 7), time(8), time(10))
    assert session.starts_at == datetime(2026, 12, 7, 4, 30, tzinfo=UTC)
    # Moving a course to the other side is the admin's (a liaison plans at their own side's centres only).
    services.update_course(course, values_of(course, host_centre_id=world.ids.msn_centre), course.version,
                           world.user("admin"))
    course = reload(course)
    assert course.host_side_id == world.ids.msn
    moved = course.sessions[0]
    # 08:00 is still the time at the (new) host centre, now in Baghdad's clock.
    assert moved.start_time == time(8)
    assert moved.starts_at == datetime(2026, 12, 7, 5, 0, tzinfo=UTC)


# The timetable -------------------------------------------------------------------------------------------


def holiday(side_id: int, day: date, name_en: str = "National day") -> None:
    db.session.add(Holiday(side_id=side_id, day=day, name_fa="روز ملی", name_ar="اليوم الوطني", name_en=name_en))
    db.session.commit()


def two_weeks(world, host):
    """Saturday 5 to Friday 18 December 2026."""
    return world.course(status="approved", host=host, start=SAT, end=date(2026, 12, 18))


def test_sat_is_a_saturday_and_fridays_fall_on_the_eleventh_and_eighteenth():
    assert SAT.weekday() == 5
    assert [d.day for d in (SAT + timedelta(days=i) for i in range(14)) if d.weekday() == 4] == [11, 18]


def test_weekly_sessions_fall_on_the_chosen_weekdays_within_the_dates(world):
    course = two_weeks(world, "KHZ")
    created = timetable.add_weekly_sessions(course, world.user("liaison_khz"), ["5", "0", "2"], time(8), time(12))
    days = [s.day for s in reload(course).sessions]
    assert [d.day for d in days] == [5, 7, 9, 12, 14, 16]
    assert len(created) == 6
    assert {d.weekday() for d in days} == {5, 0, 2}


@pytest.mark.parametrize(("host", "expected"), [
    # Khuzestan's weekend is Friday; Maysan's is Friday and Saturday.
    ("KHZ", [5, 6, 7, 9, 10, 12, 13, 14, 15, 16, 17]),
    ("MSN", [6, 7, 9, 10, 13, 14, 15, 16, 17]),
])
def test_weekly_sessions_skip_the_host_sides_weekend_and_holidays(world, host, expected):
    course = two_weeks(world, host)
    host_side = world.ids.khz if host == "KHZ" else world.ids.msn
    other_side = world.ids.msn if host == "KHZ" else world.ids.khz
    holiday(host_side, date(2026, 12, 8))
    holiday(other_side, date(2026, 12, 9), "Not our holiday")  # the other side's holidays do not count
    user = world.user("liaison_khz" if host == "KHZ" else "liaison_msn")
    timetable.add_weekly_sessions(course, user, range(7), time(8), time(12), "جوشکاری")
    course = reload(course)
    assert [s.day.day for s in course.sessions] == expected
    assert timetable.warnings(course) == {}


def test_days_off_can_be_kept_and_are_then_named(world):
    course = two_weeks(world, "MSN")
    holiday(world.ids.msn, date(2026, 12, 8), "Maysan liberation day")
    created = timetable.add_weekly_sessions(course, world.user("liaison_msn"), range(7), time(8), time(12),
                                            skip_days_off=False)
    assert len(created) == 14
    course = reload(course)
    warnings = {s.day.day: str(timetable.warnings(course).get(s.id, "")) for s in course.sessions}
    assert {day: text for day, text in warnings.items() if text} == {
        5: "Weekend at the host side", 11: "Weekend at the host side", 12: "Weekend at the host side",
        18: "Weekend at the host side", 8: "Public holiday: Maysan liberation day",
    }


def test_a_holiday_on_a_weekend_is_named_as_the_holiday(world):
    course = two_weeks(world, "KHZ")
    holiday(world.ids.khz, date(2026, 12, 11), "Friday holiday")
    timetable.add_weekly_sessions(course, world.user("admin"), [4], time(8), time(12), skip_days_off=False)
    course = reload(course)
    assert [str(timetable.warnings(course)[s.id]) for s in course.sessions] == [
        "Public holiday: Friday holiday", "Weekend at the host side"]


def test_weekly_sessions_leave_days_that_already_have_a_session(world):
    course = two_weeks(world, "KHZ")
    timetable.add_session(course, world.user("liaison_khz"), date(2026, 12, 7), time(14), time(16))
    created = timetable.add_weekly_sessions(course, world.user("liaison_khz"), [0], time(8), time(12))
    assert [s.day.day for s in created] == [14]


def test_weekly_sessions_need_a_weekday(world):
    course = two_weeks(world, "KHZ")
    with pytest.raises(ValidationFailed) as refused:
        timetable.add_weekly_sessions(course, world.user("liaison_khz"), [], time(8), time(12))
    assert refused.value.field == "weekdays"


def test_a_course_has_at_most_max_sessions(world):
    course = world.course(status="draft", start=date(2026, 1, 1), end=date(2027, 12, 31))
    with pytest.raises(ValidationFailed):
        timetable.add_weekly_sessions(course, world.user("admin"), range(7), time(8), time(9), skip_days_off=False)
    db.session.rollback()
    assert reload(course).sessions == []


@pytest.mark.parametrize("day", [date(2026, 6, 15), date(2026, 12, 22)])
@pytest.mark.parametrize(("host", "utc"), [("KHZ", time(4, 30)), ("MSN", time(5, 0))])
def test_sessions_are_stored_in_utc_from_the_hosts_clock(world, host, utc, day):
    """Iran has had no daylight saving time since 2022, so Tehran is UTC+03:30 in June as in December;
    Iraq dropped it in 2008 and stays at UTC+03:00."""
    course = world.course(status="draft", host=host, start=day, end=day + timedelta(days=30))
    timetable.add_session(course, world.user("admin"), day, time(8), time(12))
    session = reload(course).sessions[0]
    assert session.starts_at == datetime.combine(day, utc, UTC)
    assert session.ends_at == session.starts_at + timedelta(hours=4)
    assert session.starts_at.tzinfo is not None
    assert (session.start_time, session.end_time) == (time(8), time(12))


def test_the_time_zone_database_knows_iran_dropped_daylight_saving():
    tehran, baghdad = ZoneInfo("Asia/Tehran"), ZoneInfo("Asia/Baghdad")
    june = time(8)
    assert datetime.combine(date(2021, 6, 15), june, tehran).utcoffset() == timedelta(hours=4, minutes=30)
    for day in (date(2026, 6, 15), date(2026, 12, 22)):
        assert datetime.combine(day, june, tehran).utcoffset() == timedelta(hours=3, minutes=30)
        assert datetime.combine(day, june, baghdad).utcoffset() == timedelta(hours=3)


def test_weekly_sessions_are_in_the_hosts_clock_too(world):
    course = two_weeks(world, "MSN")
    timetable.add_weekly_sessions(course, world.user("liaison_msn"), [0], time(8), time(12))
    assert [s.starts_at for s in reload(course).sessions] == [
        datetime(2026, 12, 7, 5, tzinfo=UTC), datetime(2026, 12, 14, 5, tzinfo=UTC)]


def test_overlapping_sessions_are_refused(world):
    course = two_weeks(world, "KHZ")
    user = world.user("liaison_khz")
    timetable.add_session(course, user, date(2026, 12, 7), time(8), time(10))
    for start, end in ((time(9), time(11)), (time(7), time(8, 1)), (time(8), time(10)), (time(7), time(12))):
        with pytest.raises(ConflictError):
            timetable.add_session(course, user, date(2026, 12, 7), start, end)
    # Back to back is fine, and so is the same hour on another day.
    timetable.add_session(course, user, date(2026, 12, 7), time(10), time(12))
    timetable.add_session(course, user, date(2026, 12, 8), time(8), time(10))
    assert len(reload(course).sessions) == 3


@pytest.mark.parametrize("day", [date(2026, 12, 4), date(2026, 12, 19)])
def test_a_session_outside_the_course_dates_is_refused(world, day):
    course = two_weeks(world, "KHZ")
    with pytest.raises(ValidationFailed) as refused:
        timetable.add_session(course, world.user("liaison_khz"), day, time(8), time(10))
    assert refused.value.field == "day"
    db.session.rollback()
    assert reload(course).sessions == []


@pytest.mark.parametrize(("start", "end"), [(time(10), time(8)), (time(10), time(10))])
def test_a_session_must_end_after_it_starts(world, start, end):
    course = two_weeks(world, "KHZ")
    with pytest.raises(ValidationFailed) as refused:
        timetable.add_session(course, world.user("liaison_khz"), date(2026, 12, 7), start, end)
    assert refused.value.field == "end_time"
    with pytest.raises(ValidationFailed):
        timetable.add_weekly_sessions(course, world.user("liaison_khz"), [0], start, end)
    db.session.rollback()
    assert reload(course).sessions == []


def test_a_session_can_be_deleted(world):
    course = two_weeks(world, "KHZ")
    keep = timetable.add_session(course, world.user("liaison_khz"), date(2026, 12, 7), time(8), time(10))
    gone = timetable.add_session(course, world.user("liaison_khz"), date(2026, 12, 8), time(8), time(10))
    course = reload(course)
    gone_id = gone.id
    timetable.delete_session(course, db.session.get(CourseSession, gone_id), world.user("liaison_khz"))
    course = reload(course)
    assert [s.id for s in course.sessions] == [keep.id]
    assert db.session.get(CourseSession, gone_id) is None
    assert db.session.scalar(select(AuditEntry.parent_id).where(
        AuditEntry.entity == "course_sessions", AuditEntry.action == "delete")) == str(course.id)


def test_a_session_with_attendance_cannot_be_deleted(world):
    course = two_weeks(world, "KHZ")
    session = add_raw_session(course, date(2026, 12, 7))
    enrol(course.id, world.ids.khz, 1)
    enrolment = db.session.scalar(select(Enrolment).where(Enrolment.course_id == course.id))
    db.session.add(Attendance(enrolment_id=enrolment.id, session_id=session.id, status="present"))
    db.session.commit()
    with pytest.raises(ConflictError):
        timetable.delete_session(course, session, world.user("liaison_khz"))
    db.session.rollback()
    assert len(reload(course).sessions) == 1


@pytest.mark.parametrize("who", ["liaison_msn", "manager_khz", "trainer_khz"])
def test_only_the_host_side_changes_the_timetable(world, who):
    course = two_weeks(world, "KHZ")
    session = add_raw_session(course, date(2026, 12, 7))
    user = world.user(who)
    for attempt in (
        lambda: timetable.add_session(course, user, date(2026, 12, 8), time(8), time(10)),
        lambda: timetable.add_weekly_sessions(course, user, [0], time(8), time(10)),
        lambda: timetable.delete_session(course, session, user),
    ):
        with pytest.raises(PermissionDenied):
            attempt()
    db.session.rollback()
    assert len(reload(course).sessions) == 1


@pytest.mark.parametrize("status", ["completed", "cancelled"])
def test_the_timetable_of_a_finished_course_is_frozen(world, status):
    course = world.course(status=status, start=SAT, end=date(2026, 12, 18))
    session = add_raw_session(course, date(2026, 12, 7))
    with pytest.raises(TransitionError):
        timetable.add_session(course, world.user("admin"), date(2026, 12, 8), time(8), time(10))
    with pytest.raises(TransitionError):
        timetable.add_weekly_sessions(course, world.user("admin"), [1], time(8), time(10))
    with pytest.raises(TransitionError):
        timetable.delete_session(course, session, world.user("admin"))
    db.session.rollback()
    assert len(reload(course).sessions) == 1


def test_domain_errors_carry_http_statuses():
    assert (ValidationFailed("x").status, ConflictError("x").status, TransitionError("x").status,
            PermissionDenied().status) == (400, 409, 409, 403)
    assert issubclass(StaleEditError, DomainError)
