"""Raising an event: the one function areas call from their services, in the transaction of the change.

    from ..notifications.events import raise_event, liaisons_of
    raise_event("course.approved", course, liaisons_of(course.host_side_id, other_side_id), actor=user,
                data={"course": names(course), "day": day(course.start_date)},
                link=("courses.detail", {"course_id": course.id}))

It adds rows to the current session and flushes (never commits): a rolled-back change notifies nobody, a
committed one is in the outbox for the worker. Recipients who may not see the record are left out, and so
is the person who made the change.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from flask import current_app
from sqlalchemy import select, update

from ..auth.models import User
from ..auth.permissions import can
from ..concurrency import savepoint
from ..db import utcnow
from ..extensions import db
from .kinds import KINDS
from .models import Delivery, NotificationPreference, OutboxEvent
from .schedule import next_digest_at


def names(record, field: str = "name") -> dict:
    """A record's name in each language, for the event's data (rendered in the recipient's language)."""
    return {lang: getattr(record, f"{field}_{lang}", None) or "" for lang in ("fa", "ar", "en")}


def in_each_language(text) -> dict:
    """A translatable label (a status) for the event's data, as the recipient's language will show it."""
    from flask_babel import force_locale

    shown = {}
    for lang in ("fa", "ar", "en"):
        with force_locale(lang):
            shown[lang] = str(text)
    return shown


def day(value: date | datetime | None) -> dict | None:
    """A date for the event's data: written later in the recipient's calendar and digits."""
    if value is None:
        return None
    return {"date": (value.date() if isinstance(value, datetime) else value).isoformat()}


def liaisons_of(*side_ids) -> list[User]:
    wanted = [s for s in side_ids if s is not None]
    if not wanted:
        return []
    return list(db.session.scalars(select(User).where(User.role == "liaison", User.side_id.in_(wanted),
                                                      User.active.is_(True)).order_by(User.id)))


def users(*ids) -> list[User]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return []
    return list(db.session.scalars(select(User).where(User.id.in_(wanted)).order_by(User.id)))


def external_channels() -> tuple[str, ...]:
    """E-mail always (to a server, or to the mail folder); the gateway when one is configured."""
    return ("email", "gateway") if current_app.config.get("NOTIFY_GATEWAY_URL") else ("email",)


def modes_of(user_ids: Iterable[int], kind: str) -> dict[int, str]:
    rows = db.session.execute(select(NotificationPreference.user_id, NotificationPreference.mode)
                              .where(NotificationPreference.kind == kind,
                                     NotificationPreference.user_id.in_(list(user_ids))))
    return dict(rows.all())


def raise_event(kind: str, record, recipients: Iterable, *, actor=None, data: dict | None = None,
                link: tuple[str, dict] | None = None, once_key: str | None = None) -> OutboxEvent | None:
    """Put the event in the outbox for those of `recipients` who may see `record` (not the actor).
    With `once_key`, a second event of the same key is not added (reminders: once each); returns None then,
    and when nobody is left to tell."""
    spec = KINDS[kind]
    people: dict[int, User] = {}
    for user in recipients:
        if user is None or not user.active or (actor is not None and user.id == actor.id):
            continue
        if can(user, spec.view, record):
            people.setdefault(user.id, user)
    if not people:
        return None
    if once_key is not None and db.session.scalar(select(OutboxEvent.id).where(OutboxEvent.once_key == once_key)):
        return None
    now = utcnow()
    event = OutboxEvent(kind=kind, record_type=record.__tablename__, record_id=record.id,
                        link_endpoint=link[0] if link else "", link_args=dict(link[1]) if link else {},
                        data=data or {}, actor_id=getattr(actor, "id", None), once_key=once_key, created_at=now)
    modes = {} if spec.mandatory else modes_of(people, kind)
    channels = external_channels()
    for user in people.values():
        # The inbox is the app's own list: it always keeps the news, read or not.
        event.deliveries.append(Delivery(user_id=user.id, channel="inbox", status="sent", sent_at=now,
                                         next_try_at=now))
        mode = modes.get(user.id, "immediate")
        if mode == "off":
            continue
        when = next_digest_at(user, now) if mode == "digest" else now
        for channel in channels:
            event.deliveries.append(Delivery(user_id=user.id, channel=channel, status="pending",
                                             digest=mode == "digest", next_try_at=when))
    if once_key is None:
        db.session.add(event)
        db.session.flush()
        return event
    from sqlalchemy.exc import IntegrityError

    try:
        with savepoint():  # two workers raising the same reminder: the second one's insert is undone alone
            db.session.add(event)
    except IntegrityError:
        return None
    return event


def settle(kind: str, record, user_ids: Iterable[int] | None = None) -> None:
    """What a notice asked is done (the side approved, the trainer answered): the notices of `kind` about
    `record` are marked read for `user_ids` (everyone when None), so the inbox's unread list and the home
    page's "needs your attention" say the same."""
    events = select(OutboxEvent.id).where(OutboxEvent.kind == kind, OutboxEvent.record_type == record.__tablename__,
                                          OutboxEvent.record_id == record.id)
    stmt = update(Delivery).where(Delivery.channel == "inbox", Delivery.read_at.is_(None),
                                  Delivery.event_id.in_(events))
    if user_ids is not None:
        stmt = stmt.where(Delivery.user_id.in_(list(user_ids)))
    db.session.execute(stmt.values(read_at=utcnow()).execution_options(synchronize_session=False))
