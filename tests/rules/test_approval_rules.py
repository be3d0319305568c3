"""Approval as each side's liaisons state it: my side's approval settles my side's request to approve (not the
other side's), both sides hear of an approved course from the one who approved it, and approving twice at the
same moment says the side has approved already."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from coordinator.auth.models import User
from coordinator.courses import services
from coordinator.courses.models import Course, CourseApproval
from coordinator.errors import ConflictError
from coordinator.extensions import db
from coordinator.notifications.models import Delivery, OutboxEvent
from tests import factories
from tests.notices import heard


@pytest.fixture
def world(app_ctx, sides, users):
    khz, msn = sides["KHZ"].id, sides["MSN"].id
    colleagues = {"khz2": factories.make_user("liaison", khz, username="liaison.khz.colleague").id,
                  "msn2": factories.make_user("liaison", msn, username="liaison.msn.colleague").id}
    centre, standard = factories.make_centre(khz), factories.make_standard()

    class World:
        def user(self, key):
            return db.session.get(User, users[key].id if key in users else colleagues[key])

        def proposed(self):
            """A draft proposed by the Khuzestan liaison: every other liaison is asked to approve it."""
            course = db.session.get(Course, factories.make_course(centre, standard, status="draft"))
            factories.make_session(course.id, day=course.start_date)
            services.transition(course, "propose", self.user("liaison_khz"))
            db.session.commit()
            return course

    with force_locale("en"):
        yield World()


def unread(kind: str, course: Course) -> set[int]:
    """Users whose inbox notice of `kind` about `course` is still unread."""
    return {user_id for (user_id,) in db.session.execute(
        db.select(Delivery.user_id).join(OutboxEvent, Delivery.event_id == OutboxEvent.id)
        .where(OutboxEvent.kind == kind, OutboxEvent.record_id == course.id, Delivery.channel == "inbox",
               Delivery.read_at.is_(None)))}


def test_my_sides_approval_settles_my_sides_requests_and_leaves_the_other_sides(world):
    course, other = world.proposed(), world.proposed()
    ids = {key: world.user(key).id for key in ("khz2", "msn2", "liaison_msn")}
    assert unread("course.awaiting_approval", course) == set(ids.values())
    services.approve(course, world.user("liaison_msn"))
    db.session.commit()
    # Maysan has approved: both Maysan liaisons' requests are done; Khuzestan's colleague still has to.
    assert unread("course.awaiting_approval", course) == {ids["khz2"]}
    assert unread("course.awaiting_approval", other) == set(ids.values())


def test_an_approved_course_is_told_to_both_sides_by_the_one_who_approved_last(world):
    course = world.proposed()
    services.approve(course, world.user("liaison_msn"))
    assert heard("course.approved") == {}
    last = world.user("khz2")
    assert services.approve(course, last) is True
    db.session.commit()
    told = heard("course.approved")
    expected = {world.user(key).id for key in ("liaison_khz", "liaison_msn", "msn2")}
    assert set(told) == expected  # not the one who approved
    assert {event.actor_id for event in told.values()} == {last.id}
    assert unread("course.awaiting_approval", course) == set()


def test_approving_at_the_same_moment_as_a_colleague_says_the_side_has_approved(world, monkeypatch):
    course = world.proposed()
    services.approve(course, world.user("liaison_msn"))
    db.session.commit()
    # The colleague's page was loaded before the first approval was saved: the check before saving misses it.
    monkeypatch.setattr(Course, "approval_for", lambda self, side_id: None)
    with pytest.raises(ConflictError) as caught:
        services.approve(course, world.user("msn2"))
    assert str(caught.value.message) == "Your side has already approved this course."
    db.session.rollback()
    rows = db.session.scalars(db.select(CourseApproval).where(CourseApproval.course_id == course.id)).all()
    assert [(row.user_id, db.session.get(Course, course.id).status) for row in rows] == [
        (world.user("liaison_msn").id, "proposed")]


def test_the_request_to_approve_names_the_course_its_first_day_and_proposer_and_links_to_it(world):
    course = world.proposed()
    told = heard("course.awaiting_approval")
    event = told[world.user("liaison_msn").id]
    assert (event.link_endpoint, event.link_args) == ("courses.detail", {"course_id": course.id})
    assert event.data["day"] == {"date": course.start_date.isoformat()}
    assert event.data["course"]["fa"] == course.name_fa
    assert event.actor_id == world.user("liaison_khz").id
    assert world.user("liaison_khz").id not in told  # the proposer is not asked to approve their own step


def test_a_course_sent_back_is_told_to_the_host_side_only_and_settled_when_proposed_again(world):
    from coordinator.courses import review

    course, other = world.proposed(), world.proposed()
    for c in (course, other):
        review.review(c, world.user("liaison_msn"), "sent_back", "Add the safety module.")
    db.session.commit()
    host = {world.user(key).id for key in ("liaison_khz", "khz2")}
    assert unread("course.returned", course) == host  # not Maysan's liaisons
    services.transition(course, "propose", world.user("liaison_khz"))
    db.session.commit()
    # Proposed again: what the send-back asked is done, for this course only.
    assert unread("course.returned", course) == set()
    assert unread("course.returned", other) == host


def test_the_other_side_cannot_propose_and_is_told_who_does(world):
    from coordinator.errors import PermissionDenied

    course = db.session.get(Course, factories.make_course(factories.make_centre(world.user("liaison_khz").side_id),
                                                          factories.make_standard("S-propose"), status="draft"))
    with pytest.raises(PermissionDenied) as caught:
        services.transition(course, "propose", world.user("liaison_msn"))
    assert str(caught.value.message) == (
        "Only the host side proposes its course; your side approves it once proposed.")
    assert db.session.get(Course, course.id).status == "draft"


def test_a_withdrawn_proposal_is_no_longer_awaiting_anyones_approval(world):
    course, other = world.proposed(), world.proposed()
    services.transition(course, "withdraw", world.user("liaison_khz"), version=course.version)
    db.session.commit()
    assert unread("course.awaiting_approval", course) == set()
    assert unread("course.awaiting_approval", other) == {world.user(k).id for k in ("khz2", "msn2", "liaison_msn")}


def test_a_cancelled_course_is_told_to_both_sides_with_its_reason(world):
    course = world.proposed()
    services.transition(course, "cancel", world.user("liaison_khz"), reason="  The workshop is closed.  ")
    db.session.commit()
    told = heard("course.cancelled")
    assert set(told) == {world.user(k).id for k in ("khz2", "msn2", "liaison_msn")}
    assert {event.data["reason"] for event in told.values()} == {"The workshop is closed."}
    assert unread("course.awaiting_approval", course) == set()
