"""A study visit or delegation hosted by one side: places, day-by-day programme, delegates (travellers of the
exchange, with their documents), lessons per topic and files. Follow-ups are the meetings' action items."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..audit import Audited
from ..db import NamedMixin, SearchableMixin, UTCDateTime, VersionedMixin, utcnow
from ..extensions import db
from ..l10n.locales import pick

# i18n: states of a study visit (Arabic: الزيارة is feminine)
VISIT_STATUSES = {
    "proposed": lazy_pgettext("visit", "Proposed"),
    "accepted": lazy_pgettext("visit", "Accepted by the host"),
    "confirmed": lazy_pgettext("visit", "Confirmed"),
    "took_place": lazy_pgettext("visit", "Took place"),
    "reported": lazy_pgettext("visit", "Reported"),
    "cancelled": lazy_pgettext("visit", "Cancelled"),
}
PLACE_KINDS = {
    "centre": _l("Training centre or institute"),
    "company": _l("Company"),
    "agro_site": _l("Agro-industry site"),
    "other": _l("Other place"),
}


class Visit(Audited, SearchableMixin, NamedMixin, VersionedMixin, db.Model):
    """The visit's title is its bilingual name; its days are whole days on the host side's clock."""

    __tablename__ = "visits"
    __table_args__ = (CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
                      CheckConstraint("host_side_id <> guest_side_id", name="two_sides"))
    __search_fields__ = ("name_fa", "name_ar", "name_en", "purpose_fa", "purpose_ar")
    audit_name = _l("Study visit")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    host_side_id: Mapped[int] = mapped_column(ForeignKey("sides.id", ondelete="RESTRICT"), index=True)
    guest_side_id: Mapped[int] = mapped_column(ForeignKey("sides.id", ondelete="RESTRICT"), index=True)
    proposed_by_side_id: Mapped[int] = mapped_column(ForeignKey("sides.id", ondelete="RESTRICT"))
    purpose_fa: Mapped[str] = mapped_column(Text, default="")
    purpose_ar: Mapped[str] = mapped_column(Text, default="")
    starts_on: Mapped[date] = mapped_column(Date, index=True)
    ends_on: Mapped[date] = mapped_column(Date)
    host_contacts: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default="proposed", index=True)
    reason: Mapped[str] = mapped_column(Text, default="")  # why cancelled
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)

    host_side = relationship("Side", foreign_keys=[host_side_id], lazy="joined")
    guest_side = relationship("Side", foreign_keys=[guest_side_id], lazy="joined")
    proposed_by_side = relationship("Side", foreign_keys=[proposed_by_side_id])
    places = relationship("VisitPlace", back_populates="visit", cascade="all, delete-orphan",
                          order_by="VisitPlace.id")
    days = relationship("VisitDay", back_populates="visit", cascade="all, delete-orphan",
                        order_by="(VisitDay.day, VisitDay.id)")
    delegates = relationship("VisitDelegate", back_populates="visit", cascade="all, delete-orphan",
                             order_by="VisitDelegate.id")
    lessons = relationship("VisitLesson", back_populates="visit", cascade="all, delete-orphan",
                           order_by="VisitLesson.id")
    attachments = relationship("VisitAttachment", cascade="all, delete-orphan", order_by="VisitAttachment.id")

    @property
    def status_label(self):
        return VISIT_STATUSES.get(self.status, self.status)

    @property
    def purpose(self) -> str:
        return pick(self, "purpose")

    @property
    def side_ids(self) -> tuple[int, int]:
        return (self.host_side_id, self.guest_side_id)


class _Part:
    def audit_parent(self):
        return ("visits", self.visit_id)


class VisitPlace(_Part, Audited, db.Model):
    """A place the delegation sees: a centre or institute of the reference data, or one named in both languages."""

    __tablename__ = "visit_places"
    audit_name = _l("Place visited")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12), default="centre")
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("centres.id", ondelete="RESTRICT"), nullable=True)
    name_fa: Mapped[str] = mapped_column(String(300), default="")
    name_ar: Mapped[str] = mapped_column(String(300), default="")

    visit = relationship(Visit, back_populates="places")
    centre = relationship("Centre", lazy="joined")

    @property
    def name(self) -> str:
        return self.centre.name if self.centre is not None else pick(self, "name")

    def name_in(self, lang: str) -> str:
        return self.centre.name_in(lang) if self.centre is not None else pick(self, "name", lang)

    @property
    def kind_label(self):
        return PLACE_KINDS.get(self.kind, self.kind)

    def audit_label(self) -> str:
        return self.name_fa or self.name_ar or f"#{self.centre_id}"


class VisitDay(_Part, Audited, db.Model):
    """One entry of the day-by-day programme, in both languages."""

    __tablename__ = "visit_days"
    audit_name = _l("Programme day")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    text_fa: Mapped[str] = mapped_column(Text, default="")
    text_ar: Mapped[str] = mapped_column(Text, default="")

    visit = relationship(Visit, back_populates="days")

    def text_in(self, lang: str | None = None) -> str:
        return pick(self, "text", lang)

    def audit_label(self) -> str:
        # The trail shows the label as stored, in every language: the day's text, not an ISO date.
        return (self.text_fa or self.text_ar)[:120]


class VisitDelegate(_Part, Audited, db.Model):
    """A member of the delegation: a traveller of the exchange (whose passport and visas are kept there), with
    the post they travel in."""

    __tablename__ = "visit_delegates"
    __table_args__ = (UniqueConstraint("visit_id", "trainer_id"),)
    audit_name = _l("Delegate")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    trainer_id: Mapped[int] = mapped_column(ForeignKey("trainers.id", ondelete="RESTRICT"), index=True)
    post_fa: Mapped[str] = mapped_column(String(200), default="")
    post_ar: Mapped[str] = mapped_column(String(200), default="")
    heads: Mapped[bool] = mapped_column(Boolean, default=False)

    visit = relationship(Visit, back_populates="delegates")
    traveller = relationship("Trainer", lazy="joined")
    # Invitation letters for the delegate's visa: the exchange's numbered, verifiable letters.
    letters = relationship("InvitationLetter", back_populates="visit_delegate", cascade="all, delete-orphan",
                           order_by="InvitationLetter.id")

    @property
    def post(self) -> str:
        return pick(self, "post")

    def audit_label(self) -> str:
        traveller = self.__dict__.get("traveller")
        return traveller.audit_label() if traveller is not None else f"#{self.trainer_id}"


class VisitLesson(_Part, Audited, db.Model):
    """What was learned on one topic: observations and practices to adopt; follow-ups are action items."""

    __tablename__ = "visit_lessons"
    audit_name = _l("Lesson learned")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    topic_fa: Mapped[str] = mapped_column(String(300), default="")
    topic_ar: Mapped[str] = mapped_column(String(300), default="")
    observations: Mapped[str] = mapped_column(Text, default="")
    practices: Mapped[str] = mapped_column(Text, default="")

    visit = relationship(Visit, back_populates="lessons")
    follow_ups = relationship("ActionItem", order_by="(ActionItem.due_on, ActionItem.id)",
                              foreign_keys="ActionItem.visit_lesson_id", viewonly=True)

    @property
    def topic(self) -> str:
        return pick(self, "topic")

    def topic_in(self, lang: str) -> str:
        return pick(self, "topic", lang)

    def audit_label(self) -> str:
        return self.topic_fa or self.topic_ar


class VisitAttachment(_Part, Audited, db.Model):
    """A photo or file of the visit: checked and stored as curriculum documents are."""

    __tablename__ = "visit_attachments"
    audit_name = _l("Attachment")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(100), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def audit_label(self) -> str:
        return self.original_name
