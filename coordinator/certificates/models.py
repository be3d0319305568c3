"""Certificates of completion: one per completed enrolment, numbered for the public verification page."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from ..audit import Audited
from ..courses.models import Enrolment
from ..db import UTCDateTime, VersionedMixin, utcnow
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


# The images a signatory block carries: the signature over the name, the seal beside it.
IMAGE_KINDS = {"signature": _l("Signature"), "seal": _l("Seal")}


class Signatory(Audited, VersionedMixin, db.Model):
    """Who signs a side's certificates: name and post in Persian, Arabic and English, a signature and a seal."""

    __tablename__ = "certificate_signatories"
    audit_name = _l("Certificate signatory")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    side_id: Mapped[int] = mapped_column(ForeignKey("sides.id", ondelete="CASCADE"), unique=True)
    name_fa: Mapped[str] = mapped_column(String(200), default="")
    name_ar: Mapped[str] = mapped_column(String(200), default="")
    name_en: Mapped[str] = mapped_column(String(200), default="")
    post_fa: Mapped[str] = mapped_column(String(200), default="")
    post_ar: Mapped[str] = mapped_column(String(200), default="")
    post_en: Mapped[str] = mapped_column(String(200), default="")

    side = relationship("Side", lazy="joined")
    images = relationship("SignatoryImage", back_populates="signatory", cascade="all, delete-orphan",
                          lazy="selectin")

    def image(self, kind: str):
        return next((i for i in self.images if i.kind == kind), None)

    def audit_label(self) -> str:
        return self.name_fa or self.name_ar or self.name_en


class SignatoryImage(Audited, db.Model):
    """A signature or seal image, checked and stored as other uploads are (stored_name: backups carry it)."""

    __tablename__ = "signatory_images"
    __table_args__ = (UniqueConstraint("signatory_id", "kind"),)
    audit_name = _l("Signature or seal image")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    signatory_id: Mapped[int] = mapped_column(ForeignKey("certificate_signatories.id", ondelete="CASCADE"),
                                              index=True)
    kind: Mapped[str] = mapped_column(String(10))
    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(100), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    signatory = relationship(Signatory, back_populates="images")

    @property
    def kind_label(self):
        return IMAGE_KINDS.get(self.kind, self.kind)

    def audit_label(self) -> str:
        return self.original_name
