"""Who heard of what: the inbox deliveries of one kind of notice, for tests of the services that raise them."""

from __future__ import annotations

from sqlalchemy import select

from coordinator.extensions import db
from coordinator.notifications.models import Delivery, OutboxEvent


def heard(kind: str) -> dict:
    """User id → the event of `kind` in their inbox."""
    rows = db.session.execute(
        select(Delivery.user_id, OutboxEvent).join(OutboxEvent, Delivery.event_id == OutboxEvent.id)
        .where(OutboxEvent.kind == kind, Delivery.channel == "inbox")).all()
    return {user_id: event for user_id, event in rows}
