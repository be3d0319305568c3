"""Fixtures of the notification tests: a real SMTP server (aiosmtpd) on a free port, and a course both sides
just approved, its liaisons with addresses and languages."""

from __future__ import annotations

import contextlib
import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from coordinator.auth.models import User
from coordinator.courses import services as courses
from coordinator.courses.models import Course
from coordinator.extensions import db
from tests import factories


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """What the SMTP server received: (envelope recipients, parsed message)."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 — aiosmtpd's hook name
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"


@pytest.fixture
def smtp_server(app, monkeypatch):
    handler = Inbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    monkeypatch.setitem(app.config, "MAIL_FROM", "coordinator@example.org")
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://coordinator.example.org")
    handler.controller, handler.port = controller, port
    yield handler
    with contextlib.suppress(AssertionError):  # a test stopped it already ("SMTP daemon not running")
        handler.controller.stop()


@pytest.fixture
def approved_course(app, sides, users):
    """Both liaisons with an address and a language; a Khuzestan course that both sides just approved."""
    with app.app_context():
        khz, msn = db.session.get(User, users["liaison_khz"].id), db.session.get(User, users["liaison_msn"].id)
        khz.email, khz.locale = "khz@example.org", "fa"
        msn.email, msn.locale = "msn@example.org", "ar"
        db.session.commit()
        course_id = factories.make_course(factories.make_centre(sides["KHZ"].id), factories.make_standard(),
                                          status="proposed")
        courses.approve(db.session.get(Course, course_id), msn)
        courses.approve(db.session.get(Course, course_id), khz)
        db.session.commit()
    return course_id
