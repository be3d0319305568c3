"""Who hears of an event, as a liaison would state it: a side's liaisons are its active liaisons, not the other
side's nor its trainers; the person who made the change, an account switched off and anyone who may not see
the record are left out; each person hears once; "off" keeps the inbox only, "digest" waits for the next
morning; a reminder is raised once; settling marks read only the notices of that kind, record and people."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from coordinator.auth.models import User
from coordinator.courses.models import Course
from coordinator.extensions import db
from coordinator.notifications.events import (
    day,
    external_channels,
    in_each_language,
    liaisons_of,
    names,
    raise_event,
    settle,
)
from coordinator.notifications.events import users as people
from coordinator.notifications.models import Delivery, NotificationPreference, OutboxEvent
from coordinator.notifications.schedule import next_digest_at
from tests import factories


@pytest.fixture
def two_courses(app_ctx, sides):
    centre = factories.make_centre(sides["KHZ"].id)
    standard = factories.make_standard()
    return [db.session.get(Course, factories.make_course(centre, standard, status="scheduled", name_en=name))
            for name in ("Welding", "Plumbing")]


def person(key, users_) -> User:
    return db.session.get(User, users_[key].id)


def deliveries(user_id, event=None) -> list[tuple[str, str, bool]]:
    stmt = select(Delivery).where(Delivery.user_id == user_id)
    if event is not None:
        stmt = stmt.where(Delivery.event_id == event.id)
    return sorted((d.channel, d.status, d.digest) for d in db.session.scalars(stmt))


def unread(user_id) -> int:
    return len(db.session.scalars(select(Delivery).where(Delivery.user_id == user_id, Delivery.channel == "inbox",
                                                         Delivery.read_at.is_(None))).all())


def test_a_sides_liaisons_are_its_active_liaisons_and_not_the_other_sides_or_its_trainers(app_ctx, sides, users):
    khz, msn = sides["KHZ"].id, sides["MSN"].id
    colleague = factories.make_user("liaison", khz, username="liaison.khz2")
    gone = factories.make_user("liaison", khz, username="liaison.khz.gone")
    db.session.get(User, gone.id).active = False
    db.session.flush()
    assert [u.id for u in liaisons_of(khz)] == [users["liaison_khz"].id, colleague.id]
    assert [u.id for u in liaisons_of(None, msn)] == [users["liaison_msn"].id]
    assert [u.id for u in liaisons_of(khz, msn)] == sorted([users["liaison_khz"].id, colleague.id,
                                                           users["liaison_msn"].id])
    assert liaisons_of() == [] and liaisons_of(None) == []


def test_people_named_by_id_are_found_in_order_and_a_missing_one_is_skipped(app_ctx, users):
    a, b = users["trainer_msn"].id, users["trainer_khz"].id
    assert [u.id for u in people(b, None, a)] == sorted([a, b])
    assert people() == [] and people(None) == []


def test_the_author_an_account_switched_off_and_a_duplicate_hear_once_or_not_at_all(two_courses, users):
    course = two_courses[0]
    author, colleague = person("liaison_khz", users), person("liaison_msn", users)
    gone = person("manager_msn", users)
    gone.active = False
    event = raise_event("course.approved", course, [author, colleague, colleague, None, gone], actor=author,
                        data={"course": names(course)}, link=("courses.detail", {"course_id": course.id}))
    told = db.session.scalars(select(Delivery.user_id).where(Delivery.event_id == event.id,
                                                             Delivery.channel == "inbox")).all()
    assert told == [colleague.id]
    assert (event.kind, event.record_type, event.record_id, event.actor_id) == (
        "course.approved", "courses", course.id, author.id)
    assert (event.link_endpoint, event.link_args) == ("courses.detail", {"course_id": course.id})
    assert event.data == {"course": {"fa": course.name_fa, "ar": course.name_ar, "en": "Welding"}}


def test_nobody_left_to_tell_raises_no_event(two_courses, users):
    course = two_courses[0]
    author = person("liaison_khz", users)
    assert raise_event("course.approved", course, [author], actor=author) is None
    assert raise_event("course.approved", course, []) is None
    assert db.session.scalar(select(OutboxEvent.id)) is None


def test_immediately_by_default_off_keeps_the_inbox_only_digest_waits_for_the_morning(app, two_courses, users):
    course = two_courses[0]
    immediate, off, digest = (person(k, users) for k in ("liaison_khz", "liaison_msn", "manager_msn"))
    db.session.add_all([NotificationPreference(user_id=off.id, kind="course.approved", mode="off"),
                        NotificationPreference(user_id=digest.id, kind="course.approved", mode="digest"),
                        # another kind's choice changes nothing for this one
                        NotificationPreference(user_id=immediate.id, kind="course.cancelled", mode="off")])
    db.session.flush()
    event = raise_event("course.approved", course, [immediate, off, digest])
    assert deliveries(immediate.id, event) == [("email", "pending", False), ("inbox", "sent", False)]
    assert deliveries(off.id, event) == [("inbox", "sent", False)]
    assert deliveries(digest.id, event) == [("email", "pending", True), ("inbox", "sent", False)]
    mail = db.session.scalar(select(Delivery).where(Delivery.user_id == digest.id, Delivery.channel == "email"))
    assert mail.next_try_at.replace(tzinfo=UTC) == next_digest_at(digest, event.created_at.replace(tzinfo=UTC))
    now_mail = db.session.scalar(select(Delivery).where(Delivery.user_id == immediate.id, Delivery.channel == "email"))
    assert now_mail.next_try_at == event.created_at


def test_a_kind_that_asks_something_ignores_off(two_courses, users):
    course = two_courses[0]
    liaison = person("liaison_msn", users)
    db.session.add(NotificationPreference(user_id=liaison.id, kind="course.awaiting_approval", mode="off"))
    db.session.flush()
    event = raise_event("course.awaiting_approval", course, [liaison])
    assert deliveries(liaison.id, event) == [("email", "pending", False), ("inbox", "sent", False)]


def test_the_gateway_is_a_channel_only_when_one_is_configured(app, two_courses, users):
    assert external_channels() == ("email",)
    app.config["NOTIFY_GATEWAY_URL"] = "http://gateway.invalid/send"
    try:
        assert external_channels() == ("email", "gateway")
        event = raise_event("course.approved", two_courses[0], [person("liaison_msn", users)])
        assert deliveries(users["liaison_msn"].id, event) == [
            ("email", "pending", False), ("gateway", "pending", False), ("inbox", "sent", False)]
    finally:
        app.config.pop("NOTIFY_GATEWAY_URL")


def test_a_reminder_is_raised_once_for_its_key_and_another_key_is_news_again(two_courses, users):
    course, liaison = two_courses[0], person("liaison_msn", users)
    first = raise_event("course.approved", course, [liaison], once_key="reminder:1")
    assert first is not None
    assert raise_event("course.approved", course, [liaison], once_key="reminder:1") is None
    assert raise_event("course.approved", course, [liaison], once_key="reminder:2") is not None
    assert unread(liaison.id) == 2


def test_settling_marks_read_only_that_kind_of_notice_about_that_record_for_those_people(two_courses, users):
    welding, plumbing = two_courses
    khz, msn = person("liaison_khz", users), person("liaison_msn", users)
    raise_event("course.approved", welding, [khz, msn])
    raise_event("course.approved", plumbing, [khz, msn])
    raise_event("course.sent_back", welding, [khz, msn])
    settle("course.approved", welding, [msn.id])
    assert (unread(khz.id), unread(msn.id)) == (3, 2)
    settle("course.approved", welding)
    assert (unread(khz.id), unread(msn.id)) == (2, 2)
    left = db.session.scalars(select(OutboxEvent.kind).join(Delivery).where(
        Delivery.user_id == khz.id, Delivery.channel == "inbox", Delivery.read_at.is_(None))
        .order_by(OutboxEvent.kind)).all()
    assert left == ["course.approved", "course.sent_back"]


def test_a_date_in_the_events_data_is_the_day_whatever_it_was_given_as():
    assert day(date(2026, 12, 5)) == {"date": "2026-12-05"}
    assert day(datetime(2026, 12, 5, 23, 30)) == {"date": "2026-12-05"}
    assert day(None) is None


def test_a_notice_read_earlier_keeps_the_moment_it_was_read_when_its_request_is_settled(two_courses, users):
    course, liaison = two_courses[0], person("liaison_msn", users)
    raise_event("course.approved", course, [liaison])
    inbox = db.session.scalar(select(Delivery).where(Delivery.user_id == liaison.id, Delivery.channel == "inbox"))
    inbox.read_at = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    db.session.flush()
    settle("course.approved", course)
    db.session.expire_all()
    assert db.session.get(Delivery, inbox.id).read_at.replace(tzinfo=UTC) == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_settling_a_courses_notice_leaves_the_notice_about_another_kind_of_record_with_the_same_number(
        two_courses, users):
    course, liaison = two_courses[0], person("liaison_msn", users)
    raise_event("course.approved", course, [liaison])
    # The same kind of notice about record number course.id of another table (written as the outbox keeps it).
    other = OutboxEvent(kind="course.approved", record_type="assignments", record_id=course.id, data={},
                        created_at=datetime(2026, 12, 1, tzinfo=UTC))
    other.deliveries.append(Delivery(user_id=liaison.id, channel="inbox", status="sent",
                                     next_try_at=datetime(2026, 12, 1, tzinfo=UTC)))
    db.session.add(other)
    db.session.flush()
    settle("course.approved", course)
    assert unread(liaison.id) == 1


def test_a_status_in_an_events_data_is_kept_in_each_readers_language(app):
    from coordinator.exchanges.models import VISA_STATUSES

    with app.test_request_context():
        shown = in_each_language(VISA_STATUSES["issued"])
    assert shown["en"] == "Issued"
    assert set(shown) == {"fa", "ar", "en"}
    assert shown["fa"] != shown["ar"] and "Issued" not in (shown["fa"], shown["ar"]) and all(shown.values())


def test_a_name_missing_in_one_language_is_left_empty_not_none(two_courses):
    course = two_courses[0]
    course.name_en = None
    assert names(course) == {"fa": course.name_fa, "ar": course.name_ar, "en": ""}


def test_a_notice_raised_without_a_link_opens_no_page(app, two_courses, users):
    from coordinator.notifications.render import link_of

    event = raise_event("course.approved", two_courses[0], [person("liaison_msn", users)])
    with app.test_request_context():
        assert (event.link_endpoint, event.link_args, link_of(event)) == ("", {}, "")


def test_a_reminder_another_worker_raised_meanwhile_is_not_raised_twice_nor_an_error(two_courses, users,
                                                                                   monkeypatch):
    course, liaison = two_courses[0], person("liaison_msn", users)
    looked = db.session.scalar

    def look_then_the_other_worker_raises_it(stmt, *args, **kwargs):
        found = looked(stmt, *args, **kwargs)
        if "once_key" in str(stmt):
            monkeypatch.setattr(db.session, "scalar", looked)  # the other worker raises it once
            db.session.add(OutboxEvent(kind="course.approved", record_type="courses", record_id=course.id,
                                       data={}, once_key="reminder:1", created_at=datetime(2026, 12, 1, tzinfo=UTC)))
            db.session.flush()
        return found

    monkeypatch.setattr(db.session, "scalar", look_then_the_other_worker_raises_it)
    assert raise_event("course.approved", course, [liaison], once_key="reminder:1") is None
    assert db.session.scalars(select(OutboxEvent.once_key)).all() == ["reminder:1"]
