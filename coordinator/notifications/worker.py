"""The worker: raise due reminders, then send what the outbox holds, each (event, recipient, channel) once.

Claiming a delivery is one UPDATE ... WHERE status = 'pending' AND (unclaimed or claim gone stale), committed
at once, whose row count says who won: on PostgreSQL the second worker's UPDATE waits for the first one's
row lock and then finds the row claimed; on SQLite the database's write lock orders them the same way. A
worker that dies holding claims leaves them to others after NOTIFY_CLAIM_MINUTES.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app, has_request_context
from flask.globals import request_ctx
from sqlalchemy import or_, select, update

from ..auth.permissions import can
from ..db import utcnow
from ..extensions import db
from .channels import SendError, send_email, send_gateway
from .kinds import KINDS
from .models import Delivery
from .render import email_for, gateway_payload

log = logging.getLogger(__name__)

# fn(now) run before each pass: the reminder scanners the areas above register (see coordinator/reminders.py).
SCANNERS: list[Callable[[datetime], int]] = []


@dataclass
class Pass:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    dropped: int = 0
    reminders: int = 0
    errors: list = field(default_factory=list)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:60]


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 ... minutes after each failed attempt, at most 6 hours apart."""
    base = int(current_app.config.get("NOTIFY_RETRY_SECONDS", 60))
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 6 * 3600))


def _records_by_table() -> dict:
    return {mapper.local_table.name: mapper.class_ for mapper in db.Model.registry.mappers
            if getattr(mapper, "local_table", None) is not None}


def record_of(event):
    model = _records_by_table().get(event.record_type)
    return db.session.get(model, event.record_id) if model is not None and event.record_id else None


def claim(delivery_id: int, worker: str, now: datetime) -> bool:
    stale = now - timedelta(minutes=int(current_app.config.get("NOTIFY_CLAIM_MINUTES", 10)))
    result = db.session.execute(
        update(Delivery).where(Delivery.id == delivery_id, Delivery.status == "pending",
                               or_(Delivery.claimed_by.is_(None), Delivery.claimed_at < stale))
        .values(claimed_by=worker, claimed_at=now).execution_options(synchronize_session=False))
    db.session.commit()
    return result.rowcount == 1


def _drop_reason(delivery: Delivery) -> str | None:
    user, event = delivery.user, delivery.event
    if not user.active:
        return "recipient's account is inactive"
    record = record_of(event)
    if record is None:
        return "the record was deleted since"
    spec = KINDS.get(event.kind)
    if spec is None or not can(user, spec.view, record):
        return "the recipient may no longer see the record"
    if delivery.channel == "email" and not (user.email or "").strip():
        return "the recipient has no e-mail address"
    return None


def _finish(deliveries: list[Delivery], now: datetime, error: SendError | None = None) -> str:
    outcome = "sent"
    for delivery in deliveries:
        delivery.claimed_by = delivery.claimed_at = None
        delivery.attempts += 1
        if error is None:
            delivery.status, delivery.sent_at, delivery.last_error = "sent", now, ""
            continue
        delivery.last_error = str(error)[:500]
        if error.permanent or delivery.attempts >= int(current_app.config.get("NOTIFY_MAX_ATTEMPTS", 10)):
            delivery.status, outcome = "failed", "failed"
        else:
            delivery.next_try_at, outcome = now + backoff(delivery.attempts), "retried"
    db.session.commit()
    return outcome


def _drop(delivery: Delivery, reason: str) -> None:
    delivery.status, delivery.last_error = "dropped", reason
    delivery.claimed_by = delivery.claimed_at = None
    db.session.commit()


def _send(first: Delivery, worker: str, now: datetime, done: Pass) -> None:
    group = [first]
    if first.digest:
        # The day's digest: every other due digest delivery of this person and channel goes in the same message.
        others = db.session.scalars(select(Delivery.id).where(
            Delivery.user_id == first.user_id, Delivery.channel == first.channel, Delivery.digest.is_(True),
            Delivery.status == "pending", Delivery.next_try_at <= now, Delivery.id != first.id)).all()
        db.session.commit()
        group += [db.session.get(Delivery, i) for i in others if claim(i, worker, now)]
    kept = []
    for delivery in group:
        reason = _drop_reason(delivery)
        if reason is None:
            kept.append(delivery)
        else:
            _drop(delivery, reason)
            done.dropped += 1
    if not kept:
        return
    try:
        if first.channel == "email":
            send_email(email_for(first.user, [d.event for d in kept], digest=first.digest))
        else:
            for delivery in kept:
                send_gateway(gateway_payload(delivery.user, delivery.event))
        error = None
    except SendError as exc:
        log.warning("notification %s to user %s failed: %s", first.channel, first.user_id, exc)
        error = exc
    outcome = _finish(kept, now, error)
    setattr(done, outcome, getattr(done, outcome) + len(kept))


def due_ids(now: datetime, limit: int) -> list[int]:
    """What is due: read without a lock (two workers may both read a row; the claim decides who sends)."""
    due = db.session.scalars(select(Delivery.id).where(
        Delivery.status == "pending", Delivery.channel != "inbox", Delivery.next_try_at <= now)
        .order_by(Delivery.next_try_at, Delivery.id).limit(limit)).all()
    db.session.commit()
    return list(due)


def run(worker: str | None = None, now: datetime | None = None, limit: int = 500) -> Pass:
    """One pass: reminders, then every due delivery this worker manages to claim."""
    worker = worker or worker_name()
    now = now or utcnow()
    done = Pass()
    base = current_app.config.get("PUBLIC_URL") or "http://localhost:5000"
    # Links in messages need a host: the configured public address.
    with nullcontext() if has_request_context() else current_app.test_request_context(base_url=base):
        if request_ctx.url_adapter is None:
            # The host of PUBLIC_URL is refused (not in TRUSTED_HOSTS): no link could be written. Send nothing
            # rather than mail without links; everything waits in the outbox until the setting is fixed.
            done.errors.append(f"PUBLIC_URL {base!r}: its host is not among TRUSTED_HOSTS")
            log.error("notifications not sent: %s", done.errors[-1])
            return done
        for scan in SCANNERS:
            try:
                done.reminders += scan(now) or 0
                db.session.commit()
            except Exception as exc:  # a scanner's bug must not stop the sending
                db.session.rollback()
                log.exception("reminder scan failed")
                done.errors.append(f"{getattr(scan, '__name__', scan)}: {exc}")
        for delivery_id in due_ids(now, limit):
            try:
                if not claim(delivery_id, worker, now):
                    continue
                _send(db.session.get(Delivery, delivery_id), worker, now, done)
            except Exception as exc:  # never a crash of the worker: counted as a failed attempt, retried later
                db.session.rollback()
                log.exception("delivery %s", delivery_id)
                done.errors.append(f"{delivery_id}: {exc}")
                delivery = db.session.get(Delivery, delivery_id)
                if delivery is not None and delivery.claimed_by == worker:
                    _finish([delivery], now, SendError(f"{type(exc).__name__}: {exc}"))
    return done
