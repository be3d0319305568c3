"""Trainers, their skills, languages, travel documents and unavailability; assignments to joint courses."""

from __future__ import annotations

import hashlib
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import Column, Date, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from ..audit import Audited
from ..db import SearchableMixin, UTCDateTime, VersionedMixin
from ..extensions import db
from ..l10n.locales import pick
from ..l10n.timezones import utcnow

LANGUAGE_LEVELS = {"basic": _l("Basic"), "working": _l("Working"), "fluent": _l("Fluent"), "native": _l("Native")}
DOCUMENT_KINDS = {"passport": _l("Passport"), "visa": _l("Visa"), "border_pass": _l("Border crossing card")}
ROLES = {"lead": _l("Lead trainer"), "assistant": _l("Assistant trainer"), "assessor": _l("Assessor")}
# Own contexts: the course statuses of the same English words are feminine in Arabic (دورة), these are not.
ASSIGNMENT_STATUSES = {
    "proposed": lazy_pgettext("assignment status", "Proposed"),
    "accepted": _l("Accepted by the trainer"),
    "confirmed": _l("Confirmed by the host side"),
    "travelled": _l("Travelled"),
    "completed": lazy_pgettext("assignment status", "Completed"),
    "declined": _l("Declined"),
    "cancelled": lazy_pgettext("assignment status", "Cancelled"),
}
VISA_STATUSES = {
    "not_needed": _l("Not needed"),
    "to_apply": _l("To apply for"),
    "applied": _l("Applied for"),
    "issued": lazy_pgettext("visa status", "Issued"),  # not the date a letter or certificate was issued
    "refused": _l("Refused"),
}

trainer_skills = Table(
    "trainer_skills",
    db.metadata,
    Column("trainer_id", ForeignKey("trainers.id", ondelete="CASCADE"), primary_key=True),
    Column("skill_standard_id", ForeignKey("skill_standards.id", ondelete="RESTRICT"), primary_key=True),
)


class Trainer(Audited, SearchableMixin, VersionedMixin, db.Model):
    """A trainer of either side; may be linked to the user account they log in with."""

    __tablename__ = "trainers"
    __search_fields__ = ("name_fa", "name_ar", "qualifications")
    audit_name = _l("Trainer")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), unique=True,
                                                nullable=True)
    name_fa: Mapped[str] = mapped_column(String(200), default="")
    name_ar: Mapped[str] = mapped_column(String(200), default="")
    side_id: Mapped[int] = mapped_column(ForeignKey("sides.id", ondelete="RESTRICT"), index=True)
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("centres.id", ondelete="RESTRICT"), nullable=True)
    # Language levels: None when the trainer does not speak it.
    level_fa: Mapped[str | None] = mapped_column(String(10), nullable=True)
    level_ar: Mapped[str | None] = mapped_column(String(10), nullable=True)
    level_en: Mapped[str | None] = mapped_column(String(10), nullable=True)
    qualifications: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    # The iCalendar feed's secret: only its hash is kept; a new one replaces (revokes) the old.
    feed_token_hash: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)

    user = relationship("User", foreign_keys=[user_id], lazy="joined")
    side = relationship("Side", foreign_keys=[side_id], lazy="joined")
    centre = relationship("Centre", lazy="joined")
    skills = relationship("SkillStandard", secondary=trainer_skills, lazy="selectin",
                          order_by="SkillStandard.code")
    documents = relationship("TravelDocument", back_populates="trainer", cascade="all, delete-orphan",
                             order_by="TravelDocument.expires_on", lazy="selectin")
    unavailability = relationship("Unavailability", back_populates="trainer", cascade="all, delete-orphan",
                                  order_by="Unavailability.starts_on", lazy="selectin")

    @property
    def name(self) -> str:
        return pick(self, "name")

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    def audit_label(self) -> str:
        return self.name_fa or self.name_ar


class TravelDocument(Audited, db.Model):
    __tablename__ = "travel_documents"
    audit_name = _l("Travel document")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    trainer_id: Mapped[int] = mapped_column(ForeignKey("trainers.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    # Which country the document is for (a visa) or issued by (a passport): ISO code.
    country_code: Mapped[str] = mapped_column(String(2), default="")
    expires_on: Mapped[date] = mapped_column(Date)
    number: Mapped[str] = mapped_column(String(40), default="", server_default="")
    holder_name: Mapped[str] = mapped_column(String(200), default="", server_default="")  # as printed, Latin

    trainer = relationship(Trainer, back_populates="documents")

    @property
    def kind_label(self):
        return DOCUMENT_KINDS.get(self.kind, self.kind)

    def audit_parent(self):
        return ("trainers", self.trainer_id)


class Unavailability(Audited, db.Model):
    __tablename__ = "trainer_unavailability"
    audit_name = _l("Unavailability")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    trainer_id: Mapped[int] = mapped_column(ForeignKey("trainers.id", ondelete="CASCADE"), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(300), default="")

    trainer = relationship(Trainer, back_populates="unavailability")

    def audit_parent(self):
        return ("trainers", self.trainer_id)


class Assignment(Audited, VersionedMixin, db.Model):
    """A trainer lent to a joint course: travel out and back as instants, and the exchange workflow."""

    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("trainer_id", "course_id"),)
    audit_name = _l("Assignment")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    trainer_id: Mapped[int] = mapped_column(ForeignKey("trainers.id", ondelete="RESTRICT"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(12), default="lead")
    travel_out_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    travel_back_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    crossing_id: Mapped[int | None] = mapped_column(ForeignKey("border_crossings.id", ondelete="RESTRICT"),
                                                    nullable=True)
    accommodation: Mapped[str] = mapped_column(Text, default="")
    transport: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default="proposed", index=True)
    reason: Mapped[str] = mapped_column(Text, default="")  # why declined or cancelled
    skill_override: Mapped[str] = mapped_column(Text, default="")  # why a trainer without the skill was kept

    trainer = relationship(Trainer, lazy="joined")
    course = relationship("Course", lazy="joined")
    crossing = relationship("BorderCrossing", lazy="joined")

    @property
    def status_label(self):
        return ASSIGNMENT_STATUSES.get(self.status, self.status)

    @property
    def role_label(self):
        return ROLES.get(self.role, self.role)

    @property
    def abroad(self) -> bool:
        """The trainer crosses the border: the course is hosted on the other side."""
        return self.trainer.side_id != self.course.host_side_id

    def audit_label(self) -> str:
        trainer = self.__dict__.get("trainer")
        return trainer.audit_label() if trainer is not None else str(self.trainer_id)

    def audit_parent(self):
        return ("courses", self.course_id)


class TripVisa(Audited, VersionedMixin, db.Model):
    """The visa of one trip (an assignment): where the application stands, when it is needed by, and the
    validity of the visa issued. An assignment may be proposed before it exists ("subject to visa")."""

    __tablename__ = "trip_visas"
    audit_name = _l("Visa")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"), unique=True)
    status: Mapped[str] = mapped_column(String(12), default="to_apply")
    needed_by: Mapped[date | None] = mapped_column(Date, nullable=True)
    # Validity as printed on the visa: whole days in the clock of the country visited.
    valid_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    valid_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    number: Mapped[str] = mapped_column(String(60), default="")

    assignment = relationship(Assignment, backref=backref("visa", uselist=False, cascade="all, delete-orphan"))

    @property
    def status_label(self):
        return VISA_STATUSES.get(self.status, self.status)

    def audit_parent(self):
        return ("assignments", self.assignment_id)


class InvitationLetter(Audited, db.Model):
    """An invitation letter for a trip's visa: numbered like a certificate, so a consulate can check it on the
    public verification page. The trip is an assignment, or a study visit's delegate (visit_delegate_id)."""

    __tablename__ = "invitation_letters"
    audit_name = _l("Invitation letter")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"),
                                                      nullable=True, index=True)
    visit_delegate_id: Mapped[int | None] = mapped_column(ForeignKey("visit_delegates.id", ondelete="CASCADE"),
                                                          nullable=True, index=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)

    assignment = relationship(Assignment, lazy="joined")
    visit_delegate = relationship("VisitDelegate", lazy="joined", back_populates="letters")

    def audit_label(self) -> str:
        return self.number

    def audit_parent(self):
        if self.assignment_id is None and self.visit_delegate_id is not None:
            delegate = self.__dict__.get("visit_delegate")
            return ("visits", delegate.visit_id) if delegate is not None else None
        return ("assignments", self.assignment_id)
