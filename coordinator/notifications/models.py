"""The outbox: an event written in the same flush as the change it tells of, and one delivery row per
(event, recipient, channel) the worker sends once. The inbox is the deliveries of the "inbox" channel."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..audit import Audited
from ..db import UTCDateTime, utcnow
from ..extensions import db

CHANNELS = ("inbox", "email", "gateway")
# pending: to send (at next_try_at); sent; failed: gave up after the last attempt (shown to admins);
# dropped: not to be sent, with the reason (record deleted since, no address, turned off).
STATUSES = {"pending": _l("Waiting"), "sent": _l("Sent"), "failed": _l("Failed"), "dropped": _l("Dropped")}
MODES = {"immediate": _l("Immediately"), "digest": _l("In a daily digest"), "off": _l("Not at all")}


class OutboxEvent(db.Model):
    """Something happened that people must hear of: what (kind), about which record, where to look."""

    __tablename__ = "notification_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    record_type: Mapped[str] = mapped_column(String(60))  # the record's table
    record_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    link_endpoint: Mapped[str] = mapped_column(String(80), default="")
    link_args: Mapped[dict] = mapped_column(JSON, default=dict)
    # The words of the message: texts in fa/ar/en ({"fa": .., "ar": ..}), dates as {"date": ISO}, plain values.
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    # Reminders carry one (kind, record, day): raised twice, the unique key keeps the first.
    once_key: Mapped[str | None] = mapped_column(String(200), unique=True, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    deliveries = relationship("Delivery", back_populates="event", cascade="all, delete-orphan",
                              passive_deletes=True)


class Delivery(db.Model):
    __tablename__ = "notification_deliveries"
    __table_args__ = (
        UniqueConstraint("event_id", "user_id", "channel", name="uq_delivery_once"),
        Index("ix_delivery_due", "status", "next_try_at"),
        Index("ix_delivery_inbox", "user_id", "channel", "read_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("notification_events.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    digest: Mapped[bool] = mapped_column(Boolean, default=False)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(80), nullable=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    event = relationship(OutboxEvent, back_populates="deliveries", lazy="joined")
    user = relationship("User", lazy="joined")

    @property
    def status_label(self):
        return STATUSES.get(self.status, self.status)


class NotificationPreference(Audited, db.Model):
    """How a person wants one kind of news outside the app (e-mail, gateway); the inbox always keeps it."""

    __tablename__ = "notification_preferences"
    __table_args__ = (UniqueConstraint("user_id", "kind", name="uq_preference_kind"),)
    audit_name = _l("Notification preference")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    mode: Mapped[str] = mapped_column(String(10), default="immediate")

    def audit_label(self) -> str:
        return self.kind
