"""Certificates of completion: one per completed enrolment, numbered for the public verification page."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from ..audit import Audited
from ..courses.models import Enrolment
from ..db import UTCDateTime, utcnow
from ..extensions import db


class Certificate(Audited, db.Model):
    """A certificate of completion; its number is printed with a QR code to the public verification page."""

    __tablename__ = "certificates"
    audit_name = _l("Certificate")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="RESTRICT"), unique=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)  # progress figures
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    # The course's completion date as printed: never after the issue date (the course completes before issuing).
    completed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_reason: Mapped[str] = mapped_column(Text, default="")
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)

    enrolment = relationship(Enrolment, backref=backref("certificate", uselist=False), lazy="joined")

    @property
    def valid(self) -> bool:
        return self.revoked_at is None

    def audit_label(self) -> str:
        return self.number
