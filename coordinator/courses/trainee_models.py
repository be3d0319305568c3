"""Trainees, their enrolment in courses, attendance, assessment and certificates."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import Date, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..audit import Audited
from ..db import SearchableMixin, UTCDateTime, VersionedMixin, utcnow
from ..extensions import db
from ..l10n.folding import fold
from ..l10n.locales import pick

GENDERS = {"f": _l("Female"), "m": _l("Male")}
EDUCATION = {
    "none": _l("No formal schooling"),
    "primary": _l("Primary school"),
    "lower_secondary": _l("Lower secondary school"),
    "secondary": _l("Secondary school diploma"),
    "post_secondary": _l("Post-secondary diploma"),
    "bachelor": _l("Bachelor's degree"),
    "master": _l("Master's degree or higher"),
}
ENROLMENT_STATUSES = {
    "enrolled": _l("Enrolled"),
    "waiting": _l("On the waiting list"),
    "withdrawn": _l("Withdrawn"),
    "completed": lazy_pgettext("enrolment status", "Completed"),
    "not_completed": _l("Did not complete"),
}
ATTENDANCE = {"present": _l("Present"), "absent": _l("Absent"), "excused": _l("Excused")}


class Trainee(Audited, SearchableMixin, VersionedMixin, db.Model):
    """A person trained by the programme; the name is kept as written, in Persian and/or Arabic script."""

    __tablename__ = "trainees"
    __search_fields__ = ("name_fa", "name_ar", "phone", "national_id")
    __audit_redact__ = ("national_id",)
    __audit_skip__ = ("name_phone_key", "id_key")  # derived from the name, phone and ID: never in the trail
    audit_name = _l("Trainee")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name_fa: Mapped[str] = mapped_column(String(200), default="")
    name_ar: Mapped[str] = mapped_column(String(200), default="")
    gender: Mapped[str] = mapped_column(String(1))
    side_id: Mapped[int] = mapped_column(ForeignKey("sides.id", ondelete="RESTRICT"), index=True)
    target_group_id: Mapped[int | None] = mapped_column(ForeignKey("target_groups.id", ondelete="RESTRICT"),
                                                        nullable=True, index=True)
    birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    education: Mapped[str] = mapped_column(String(20), default="secondary")
    phone: Mapped[str] = mapped_column(String(40), default="")
    national_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    # Folded name + phone, and folded ID: the keys duplicate detection compares.
    name_phone_key: Mapped[str] = mapped_column(String(300), default="", index=True)
    id_key: Mapped[str | None] = mapped_column(String(40), nullable=True, index=True)

    side = relationship("Side", lazy="joined", foreign_keys=[side_id])
    target_group = relationship("TargetGroup", lazy="joined")

    @property
    def name(self) -> str:
        return pick(self, "name")

    @property
    def masked_national_id(self) -> str:
        """Only the last three characters are shown: enough to tell people apart, not to misuse."""
        value = self.national_id or ""
        return "" if not value else "•" * max(len(value) - 3, 3) + value[-3:]

    @property
    def gender_label(self):
        return GENDERS.get(self.gender, self.gender)

    @property
    def education_label(self):
        return EDUCATION.get(self.education, self.education)

    def audit_label(self) -> str:
        return self.name_fa or self.name_ar

    def refresh_search_key(self) -> None:
        """Also keep the duplicate-detection keys: folded name + phone digits, and the folded ID."""
        super().refresh_search_key()
        phone = "".join(ch for ch in fold(self.phone or "") if ch.isdigit())
        self.name_phone_key = f"{fold(self.name_fa or self.name_ar)}|{phone}"[:300]
        self.id_key = fold(self.national_id).replace(" ", "")[:40] if self.national_id else None


class Enrolment(Audited, VersionedMixin, db.Model):
    __tablename__ = "enrolments"
    __table_args__ = (UniqueConstraint("course_id", "trainee_id"),)
    audit_name = _l("Enrolment")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainees.id", ondelete="RESTRICT"), index=True)
    status: Mapped[str] = mapped_column(String(15), default="enrolled", index=True)
    # Order on the waiting list: the moment the trainee asked for a place.
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    theory_score: Mapped[Decimal | None] = mapped_column(Numeric(5, 2), nullable=True)
    practice_score: Mapped[Decimal | None] = mapped_column(Numeric(5, 2), nullable=True)

    course = relationship("Course", lazy="joined")
    trainee = relationship(Trainee, lazy="joined")
    attendance = relationship("Attendance", back_populates="enrolment", cascade="all, delete-orphan")
    certificate = relationship("Certificate", back_populates="enrolment", uselist=False)

    @property
    def status_label(self):
        return ENROLMENT_STATUSES.get(self.status, self.status)

    def audit_label(self) -> str:
        # Only what is already loaded: the label is taken inside a flush, where loading is unwise.
        trainee = self.__dict__.get("trainee")
        return trainee.audit_label() if trainee is not None else str(self.trainee_id)

    def audit_parent(self):
        return ("courses", self.course_id)


class Attendance(Audited, db.Model):
    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("enrolment_id", "session_id"),)
    audit_name = _l("Attendance")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("course_sessions.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(10))

    enrolment = relationship(Enrolment, back_populates="attendance")

    def audit_label(self) -> str:
        return f"{self.enrolment_id}/{self.session_id}"


class Certificate(Audited, db.Model):
    """A certificate of completion; its number is printed with a QR code to the public verification page."""

    __tablename__ = "certificates"
    audit_name = _l("Certificate")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="RESTRICT"), unique=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)  # progress figures
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_reason: Mapped[str] = mapped_column(Text, default="")
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)

    enrolment = relationship(Enrolment, back_populates="certificate", lazy="joined")

    @property
    def valid(self) -> bool:
        return self.revoked_at is None

    def audit_label(self) -> str:
        return self.number
