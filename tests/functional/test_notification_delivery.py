"""The worker sends real mail to a real SMTP server (aiosmtpd, tests/functional/conftest.py), read back with the
`email` package: language, calendar, link, recipients, attachments; retries, refusals, what is dropped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller
from sqlalchemy import select

from coordinator.auth.models import User
from coordinator.courses.models import Course
from coordinator.extensions import db
from coordinator.notifications import worker
from coordinator.notifications.events import raise_event
from coordinator.notifications.events import users as people
from coordinator.notifications.models import Delivery
from tests import factories
from tests.functional.conftest import Inbox, free_port


def _body(message, kind="plain") -> str:
    return message.get_body(preferencelist=(kind,)).get_content()


def test_mail_in_the_recipients_language_calendar_and_link(app, smtp_server, approved_course):
    with app.app_context():
        done = worker.run()
    assert done.sent == 1  # Khuzestan's liaison completed the approval: Maysan's is told
    [(recipients, message)] = smtp_server.messages
    assert recipients == ["msn@example.org"] and message["To"] == "msn@example.org"
    subject = message["Subject"]
    assert "اعتمد الجانبان" in subject and "دورة اللحام المشتركة" in subject
    assert "كانون الأول ٢٠٢٦" in subject  # 2026-12-05 in the Iraqi Gregorian months, Arabic digits
    assert message["Content-Language"] == "ar"
    html = _body(message, "html")
    assert 'dir="rtl"' in html and f"https://coordinator.example.org/courses/{approved_course}" in html
    assert f"https://coordinator.example.org/courses/{approved_course}" in _body(message)


def test_persian_recipient_gets_persian_and_the_jalali_calendar(app, smtp_server, users, approved_course):
    with app.app_context():
        course = db.session.get(Course, approved_course)
        raise_event("course.cancelled", course, people(users["liaison_khz"].id, users["liaison_msn"].id),
                    data={"course": {"fa": course.name_fa, "ar": course.name_ar}, "reason": "کمبود کارآموز"},
                    link=("courses.detail", {"course_id": approved_course}))
        db.session.commit()
        worker.run()
    by_address = {recipients[0]: message for recipients, message in smtp_server.messages}
    persian = by_address["khz@example.org"]
    assert persian["Subject"].startswith("دوره «دوره مشترک جوشکاری» لغو شد")
    assert persian["Content-Language"] == "fa"
    arabic = by_address["msn@example.org"]
    assert "أُلغيت دورة «دورة اللحام المشتركة»" in arabic["Subject"]
    with app.app_context():
        course = db.session.get(Course, approved_course)
        raise_event("course.approved", course, people(users["liaison_khz"].id),
                    data={"course": {"fa": course.name_fa}, "day": {"date": "2026-12-05"}})
        db.session.commit()
        worker.run()
    assert "۱۴ آذر ۱۴۰۵" in smtp_server.messages[-1][1]["Subject"]


def test_meeting_scheduled_mail_carries_the_ics(app, smtp_server, sides, users):
    from coordinator.meetings import services as meetings
    from coordinator.meetings.models import Meeting, MeetingAttendee

    with app.app_context():
        trainer = db.session.get(User, users["trainer_msn"].id)
        trainer.email = "trainer@example.org"
        meeting_id = factories.make_meeting(sides["MSN"].id)
        db.session.add(MeetingAttendee(meeting_id=meeting_id, user_id=trainer.id))
        db.session.commit()
        meeting = db.session.get(Meeting, meeting_id)
        meetings.transition(meeting, "open", db.session.get(User, users["liaison_msn"].id), meeting.version)
        db.session.commit()
        assert worker.run().sent == 1
    [(recipients, message)] = smtp_server.messages
    assert recipients == ["trainer@example.org"]
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == f"meeting-{meeting_id}.ics"
    content = attachment.get_content()
    assert "BEGIN:VEVENT" in (content.decode() if isinstance(content, bytes) else content)


def test_server_down_then_back_retries_with_backoff_and_sends_once(app, smtp_server, approved_course):
    smtp_server.controller.stop()
    now = datetime.now(UTC)
    with app.app_context():
        first = worker.run(now=now)
        assert (first.sent, first.retried) == (0, 1)
        delivery = db.session.scalar(select(Delivery).where(Delivery.channel == "email"))
        assert delivery.attempts == 1 and delivery.status == "pending" and "Connection" in delivery.last_error
        assert delivery.next_try_at == now + timedelta(seconds=60)
        assert worker.run(now=now + timedelta(seconds=30)).retried == 0  # not yet due
    smtp_server.controller = Controller(smtp_server, hostname="127.0.0.1", port=smtp_server.port)
    smtp_server.controller.start()
    with app.app_context():
        assert worker.run(now=now + timedelta(minutes=2)).sent == 1
        assert worker.run(now=now + timedelta(hours=2)).sent == 0
    assert len(smtp_server.messages) == 1


def test_gives_up_after_the_last_attempt_and_shows_admins_the_error(app, client, login, approved_course, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())  # nobody listens
    monkeypatch.setitem(app.config, "NOTIFY_MAX_ATTEMPTS", 2)
    now = datetime.now(UTC)
    with app.app_context():
        worker.run(now=now)
        assert worker.run(now=now + timedelta(hours=1)).failed == 1
        delivery = db.session.scalar(select(Delivery).where(Delivery.channel == "email"))
        assert delivery.status == "failed" and delivery.attempts == 2
        delivery_id = delivery.id
    login("admin")
    page = client.get("/admin/notifications").get_data(as_text=True)
    assert "ConnectionRefusedError" in page
    client.post("/admin/notifications/retry", data={"id": delivery_id})
    with app.app_context():
        again = db.session.get(Delivery, delivery_id)
        assert (again.status, again.attempts) == ("pending", 0)


def test_refused_address_fails_at_once_and_no_address_is_dropped(app, smtp_server, users, approved_course):
    class Refusing(Inbox):
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
            return "550 no such mailbox"

    smtp_server.controller.stop()
    refusing = Refusing()
    controller = Controller(refusing, hostname="127.0.0.1", port=smtp_server.port)
    controller.start()
    try:
        with app.app_context():
            khz = db.session.get(User, users["liaison_khz"].id)
            khz.email = None
            course = db.session.get(Course, approved_course)
            raise_event("course.cancelled", course, [khz], data={"reason": "x"})
            db.session.commit()
            done = worker.run()
    finally:
        controller.stop()
    assert (done.failed, done.dropped) == (1, 1)
    with app.app_context():
        reasons = {d.user_id: (d.status, d.last_error) for d in db.session.scalars(
            select(Delivery).where(Delivery.channel == "email"))}
    assert reasons[users["liaison_khz"].id] == ("dropped", "the recipient has no e-mail address")
    assert reasons[users["liaison_msn"].id][0] == "failed" and "550" in reasons[users["liaison_msn"].id][1]


def test_event_for_a_record_deleted_since_is_dropped_with_the_reason(app, smtp_server, approved_course):
    from coordinator.courses.models import CourseApproval

    with app.app_context():
        db.session.execute(CourseApproval.__table__.delete())
        db.session.delete(db.session.get(Course, approved_course))
        db.session.commit()
        assert worker.run().dropped == 1
        assert db.session.scalar(select(Delivery.last_error).where(Delivery.channel == "email")) == \
            "the record was deleted since"
    assert smtp_server.messages == []


def test_without_a_mail_server_mail_goes_to_the_folder(app, approved_course, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_FOLDER", str(tmp_path))
    with app.app_context():
        assert worker.run().sent == 1
    [path] = list(tmp_path.glob("*.eml"))
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert message["To"] == "msn@example.org" and "اعتمد الجانبان" in message["Subject"]
