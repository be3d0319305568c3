"""The worker under strain: the gateway failing, two workers racing, digests, stale claims, lost access, an
untrusted public address, a server that hangs."""

from __future__ import annotations

import json
import socket
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from coordinator.auth.models import User
from coordinator.courses.models import Course
from coordinator.extensions import db
from coordinator.notifications import worker
from coordinator.notifications.events import raise_event
from coordinator.notifications.events import users as people
from coordinator.notifications.models import Delivery
from tests import factories


def _body(message, kind="plain") -> str:
    return message.get_body(preferencelist=(kind,)).get_content()


class Gateway(BaseHTTPRequestHandler):
    answers: list = []
    received: list = []

    def do_POST(self):  # noqa: N802 — http.server's hook name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Gateway.received.append(json.loads(body))
        status = Gateway.answers.pop(0) if Gateway.answers else 200
        if status == "hang":
            time.sleep(2)
            status = 200
        self.send_response(status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway(app, monkeypatch, tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Gateway.received, Gateway.answers = [], []
    monkeypatch.setitem(app.config, "NOTIFY_GATEWAY_URL", f"http://127.0.0.1:{server.server_port}/send")
    monkeypatch.setitem(app.config, "NOTIFY_GATEWAY_TIMEOUT", 1)
    monkeypatch.setitem(app.config, "MAIL_FOLDER", str(tmp_path))
    yield Gateway
    server.shutdown()
    server.server_close()


def test_gateway_answering_500_then_hanging_then_ok(app, gateway, users, approved_course):
    with app.app_context():
        course = db.session.get(Course, approved_course)
        db.session.query(Delivery).delete()
        db.session.commit()
        raise_event("course.cancelled", course, people(users["liaison_msn"].id),
                    data={"course": {"ar": "دورة اللحام"}, "reason": "سبب"},
                    link=("courses.detail", {"course_id": approved_course}))
        db.session.commit()
        gateway.answers[:] = [500, "hang"]
        now = datetime.now(UTC)
        assert worker.run(now=now).retried == 1  # 500
        assert worker.run(now=now + timedelta(hours=1)).retried == 1  # no answer within the timeout
        assert worker.run(now=now + timedelta(hours=2)).sent == 1
        delivery = db.session.scalar(select(Delivery).where(Delivery.channel == "gateway"))
        assert (delivery.status, delivery.attempts) == ("sent", 3)
    payload = gateway.received[-1]
    assert payload["kind"] == "course.cancelled" and payload["language"] == "ar"
    assert payload["recipient"]["username"] == "liaison.msn" and "دورة اللحام" in payload["text"]
    assert payload["link"].endswith(f"/courses/{approved_course}")


def test_two_workers_racing_send_each_delivery_exactly_once(app, smtp_server, sides, users, monkeypatch):
    """Both workers read the same due rows (held until both have), then race to claim each: on SQLite and,
    with TEST_DATABASE_URL, on PostgreSQL (each thread its own app context, session and connection)."""
    from tests.security.races import Pause, at_once

    with app.app_context():
        for key in ("liaison_khz", "liaison_msn", "manager_khz", "manager_msn"):
            db.session.get(User, users[key].id).email = f"{key}@example.org"
        course_id = factories.make_course(factories.make_centre(sides["KHZ"].id), factories.make_standard())
        course = db.session.get(Course, course_id)
        for n in range(10):
            raise_event("course.cancelled", course, people(*(users[k].id for k in ("liaison_khz", "liaison_msn",
                                                                                   "manager_khz", "manager_msn"))),
                        data={"reason": f"#{n}"})
        db.session.commit()
    Pause(monkeypatch, worker, "due_ids", timeout=5)

    def work(name):
        def run():
            with app.app_context():
                return worker.run(worker=name).sent
        return run

    results = at_once(work("one"), work("two"))
    assert sum(results) == 40, results
    assert all(isinstance(r, int) for r in results)
    assert len(smtp_server.messages) == 40
    sent = sorted((recipients[0], message["Subject"]) for recipients, message in smtp_server.messages)
    assert len(set(sent)) == 40  # no (event, recipient) twice
    with app.app_context():
        rows = db.session.scalars(select(Delivery).where(Delivery.channel == "email")).all()
        assert {(d.status, d.attempts, d.claimed_by) for d in rows} == {("sent", 1, None)}


def test_daily_digest_gathers_the_days_news_into_one_mail_on_the_next_working_morning(app, smtp_server, users,
                                                                                     approved_course):
    from coordinator.notifications.models import NotificationPreference

    with app.app_context():
        db.session.query(Delivery).delete()
        msn = db.session.get(User, users["liaison_msn"].id)
        db.session.add(NotificationPreference(user_id=msn.id, kind="course.cancelled", mode="digest"))
        db.session.commit()
        course = db.session.get(Course, approved_course)
        for reason in ("نقص المتدربين", "تأجيل"):
            raise_event("course.cancelled", course, [msn], data={"course": {"ar": course.name_ar}, "reason": reason},
                        link=("courses.detail", {"course_id": approved_course}))
        db.session.commit()
        due = db.session.scalar(select(Delivery.next_try_at).where(Delivery.channel == "email"))
        assert worker.run(now=due - timedelta(minutes=1)).sent == 0  # waits for the morning
        assert worker.run(now=due).sent == 2
    [(recipients, message)] = smtp_server.messages  # one e-mail for both
    assert recipients == ["msn@example.org"] and "٢" in message["Subject"]
    text = _body(message)
    assert "نقص المتدربين" in text and "تأجيل" in text
    # Maysan's digest hour on a working day (not Friday or Saturday) on Baghdad's clock.
    local = due.astimezone(ZoneInfo("Asia/Baghdad"))
    assert local.hour == 7 and local.weekday() not in (4, 5)


def test_a_dead_workers_claim_is_taken_over_after_the_claim_timeout(app, smtp_server, approved_course):
    now = datetime.now(UTC)
    with app.app_context():
        delivery = db.session.scalar(select(Delivery).where(Delivery.channel == "email"))
        delivery.claimed_by, delivery.claimed_at = "dead-host:1", now - timedelta(minutes=5)
        db.session.commit()
        assert worker.run(now=now).sent == 0  # still its claim
        assert worker.run(now=now + timedelta(minutes=6)).sent == 1  # 11 minutes old: taken over
    assert len(smtp_server.messages) == 1


def test_someone_who_may_no_longer_see_the_record_is_not_sent_it(app, smtp_server, sides, users, approved_course):
    from coordinator.exchanges.models import Assignment

    with app.app_context():
        db.session.query(Delivery).delete()
        db.session.get(User, users["trainer_msn"].id).email = "trainer@example.org"
        trainer_id = factories.make_trainer(sides["MSN"].id, user_id=users["trainer_msn"].id)
        assignment_id = factories.make_assignment(trainer_id, approved_course, status="accepted")
        raise_event("course.approved", db.session.get(Course, approved_course), people(users["trainer_msn"].id),
                    data={"reason": ""})
        db.session.get(Assignment, assignment_id).status = "declined"  # no longer part of the course
        db.session.commit()
        assert worker.run().dropped == 1
        assert db.session.scalar(select(Delivery.last_error).where(Delivery.channel == "email")) == \
            "the recipient may no longer see the record"
    assert smtp_server.messages == []


def test_a_public_url_outside_the_trusted_hosts_sends_nothing_and_says_why(app, smtp_server, approved_course,
                                                                          monkeypatch):
    monkeypatch.setitem(app.config, "TRUSTED_HOSTS", ["coordinator.example.org"])
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://elsewhere.example")
    with app.app_context():
        done = worker.run()
        assert done.sent == 0 and "TRUSTED_HOSTS" in done.errors[0]
        assert db.session.scalar(select(Delivery.status).where(Delivery.channel == "email")) == "pending"
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://coordinator.example.org")
    with app.app_context():
        assert worker.run().sent == 1


def test_an_smtp_server_that_hangs_is_given_up_on_after_the_timeout_and_retried(app, approved_course, monkeypatch):
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(5)  # accepts the connection, never greets
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", silent.getsockname()[1])
    monkeypatch.setitem(app.config, "MAIL_TIMEOUT", 1)
    try:
        started = time.monotonic()
        with app.app_context():
            done = worker.run()
            delivery = db.session.scalar(select(Delivery).where(Delivery.channel == "email"))
            assert (done.retried, delivery.status, delivery.attempts) == (1, "pending", 1)
            assert "timed out" in delivery.last_error
        assert time.monotonic() - started < 10
    finally:
        silent.close()
