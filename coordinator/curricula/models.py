"""Curricula, their versions and documents, sharing steps, comments and translation tasks."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import BigInteger, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..audit import Audited
from ..db import NamedMixin, SearchableMixin, UTCDateTime, VersionedMixin, utcnow
from ..extensions import db

VERSION_LANGUAGES = {"fa": _l("Persian"), "ar": _l("Arabic"), "en": _l("English")}
SHARE_STEPS = {
    # A context of their own: "Requested" and "Withdrawn" mean other things on the course roster.
    "offered": lazy_pgettext("curriculum sharing step", "Offered"),
    "requested": lazy_pgettext("curriculum sharing step", "Requested"),
    "adopted": lazy_pgettext("curriculum sharing step", "Adopted"),
    "withdrawn": lazy_pgettext("curriculum sharing step", "Withdrawn"),
}
TASK_STATUSES = {
    "open": _l("Open"),
    "in_progress": _l("In progress"),
    "in_review": _l("In review"),
    "done": _l("Done"),
}


class Curriculum(Audited, SearchableMixin, NamedMixin, VersionedMixin, db.Model):
    __tablename__ = "curricula"
    audit_name = _l("Curriculum")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    skill_standard_id: Mapped[int] = mapped_column(ForeignKey("skill_standards.id", ondelete="RESTRICT"),
                                                   index=True)
    side_id: Mapped[int] = mapped_column(ForeignKey("sides.id", ondelete="RESTRICT"), index=True)  # owner
    description: Mapped[str] = mapped_column(Text, default="")

    skill_standard = relationship("SkillStandard", lazy="joined")
    side = relationship("Side", foreign_keys=[side_id], lazy="joined")
    versions = relationship("CurriculumVersion", back_populates="curriculum", cascade="all, delete-orphan",
                            order_by="CurriculumVersion.number.desc()")


class CurriculumVersion(Audited, db.Model):
    __tablename__ = "curriculum_versions"
    __table_args__ = (UniqueConstraint("curriculum_id", "number"),)
    audit_name = _l("Curriculum version")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    curriculum_id: Mapped[int] = mapped_column(ForeignKey("curricula.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(2))
    change_note: Mapped[str] = mapped_column(Text, default="")
    # A translated version points at the version it was translated from.
    source_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("curriculum_versions.id", ondelete="SET NULL"), nullable=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    curriculum = relationship(Curriculum, back_populates="versions")
    source = relationship("CurriculumVersion", remote_side=[id], lazy="joined")
    documents = relationship("CurriculumDocument", back_populates="version", cascade="all, delete-orphan",
                             lazy="selectin")

    def audit_parent(self):
        return ("curricula", self.curriculum_id)


class CurriculumDocument(Audited, db.Model):
    """An uploaded file: stored under a generated name outside static/, served after a permission check."""

    __tablename__ = "curriculum_documents"
    audit_name = _l("Document")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("curriculum_versions.id", ondelete="CASCADE"), index=True)
    original_name: Mapped[str] = mapped_column(String(255))  # as uploaded, Persian/Arabic names included
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                       nullable=True)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    version = relationship(CurriculumVersion, back_populates="documents")

    def audit_label(self) -> str:
        return self.original_name


class CurriculumShare(Audited, db.Model):
    """One sharing step between the sides: offered by the owner, requested or adopted by the other side."""

    __tablename__ = "curriculum_shares"
    audit_name = _l("Sharing step")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    curriculum_id: Mapped[int] = mapped_column(ForeignKey("curricula.id", ondelete="CASCADE"), index=True)
    side_id: Mapped[int] = mapped_column(ForeignKey("sides.id", ondelete="RESTRICT"))  # the side taking the step
    step: Mapped[str] = mapped_column(String(12))
    note: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    side = relationship("Side", lazy="joined")
    user = relationship("User", foreign_keys=[user_id], lazy="joined")

    def audit_parent(self):
        return ("curricula", self.curriculum_id)


class CurriculumComment(Audited, db.Model):
    __tablename__ = "curriculum_comments"
    audit_name = _l("Comment")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    curriculum_id: Mapped[int] = mapped_column(ForeignKey("curricula.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("curriculum_comments.id", ondelete="CASCADE"),
                                                  nullable=True)  # a reply
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    body: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user = relationship("User", foreign_keys=[user_id], lazy="joined")

    def audit_parent(self):
        return ("curricula", self.curriculum_id)


class TranslationTask(Audited, VersionedMixin, db.Model):
    __tablename__ = "translation_tasks"
    audit_name = _l("Translation task")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_version_id: Mapped[int] = mapped_column(ForeignKey("curriculum_versions.id", ondelete="CASCADE"),
                                                   index=True)
    target_language: Mapped[str] = mapped_column(String(2))
    translator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(12), default="open", index=True)
    # The version the translation produced, once done.
    result_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("curriculum_versions.id", ondelete="SET NULL"), nullable=True)

    source_version = relationship(CurriculumVersion, foreign_keys=[source_version_id], lazy="joined")
    result_version = relationship(CurriculumVersion, foreign_keys=[result_version_id])
    translator = relationship("User", foreign_keys=[translator_id], lazy="joined")

    @property
    def status_label(self):
        return TASK_STATUSES.get(self.status, self.status)

    def audit_parent(self):
        return ("curricula", self.source_version.curriculum_id) if self.__dict__.get("source_version") else None
