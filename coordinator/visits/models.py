"""A study visit or delegation hosted by one side: places, day-by-day programme, delegates (travellers of the
exchange, with their documents), lessons per topic and files. Follow-ups are the meetings' action items."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..audit import Audited
from ..catalog.models import Centre
from ..db import NamedMixin, SearchableMixin, UTCDateTime, VersionedMixin, utcnow
from ..exchanges.models import VISA_STATUSES
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
        # A centre of the reference data is named by the centre (the place's own names are then empty). Read by
        # its id: a place just added is labelled before its relationship is loaded.
        centre = db.session.get(Centre, self.centre_id) if self.centre_id is not None else None
        return self.name_fa or self.name_ar or (centre.name_fa if centre is not None else f"#{self.centre_id}")


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


@dataclass(frozen=True)
class GuestPassport:
    """A guest's passport as the document rules and the letters read a travel document."""

    kind: str
    expires_on: date
    country_code: str
    number: str
    holder_name: str


class GuestTraveller:
    """A guest delegate (a director, a centre manager, an outside guest) seen by the exchange's document rules as
    they see a trainer: a name, a home side, documents (the passport held on the delegate itself)."""

    def __init__(self, delegate: VisitDelegate):
        self.delegate = delegate
        self.name_fa, self.name_ar, self.name_en = delegate.name_fa, delegate.name_ar, delegate.name_en
        self.side = delegate.side
        self.side_id = delegate.side_id
        self.user_id = delegate.user_id
        self.search_key = " ".join((delegate.name_fa or "", delegate.name_ar or "")).lower()
        self.documents = ([GuestPassport("passport", delegate.passport_expires_on,
                                         self.side.country_code if self.side is not None else "",
                                         delegate.passport_number or "", delegate.name_en or "")]
                          if delegate.passport_expires_on is not None else [])

    @property
    def name(self) -> str:
        return pick(self, "name")

    def audit_label(self) -> str:
        return self.name_fa or self.name_ar


class VisitDelegate(_Part, Audited, db.Model):
    """A member of the delegation: a traveller of the exchange (a trainer, whose passport and visas are kept
    there), or a guest held here (name, side, passport), optionally the user account they log in with; with the
    post they travel in and the visa of this visit."""

    __tablename__ = "visit_delegates"
    __table_args__ = (UniqueConstraint("visit_id", "trainer_id"), UniqueConstraint("visit_id", "passport_number"),
                      CheckConstraint("trainer_id IS NOT NULL OR (side_id IS NOT NULL AND passport_number IS NOT NULL)",
                                      name="traveller_or_guest"))
    __audit_redact__ = ("passport_number",)
    audit_name = _l("Delegate")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    trainer_id: Mapped[int | None] = mapped_column(ForeignKey("trainers.id", ondelete="RESTRICT"), index=True,
                                                   nullable=True)
    post_fa: Mapped[str] = mapped_column(String(200), default="")
    post_ar: Mapped[str] = mapped_column(String(200), default="")
    heads: Mapped[bool] = mapped_column(Boolean, default=False)
    # A guest (no trainer record): names, home side, passport; the account they log in with, if any.
    name_fa: Mapped[str] = mapped_column(String(200), default="", server_default="")
    name_ar: Mapped[str] = mapped_column(String(200), default="", server_default="")
    name_en: Mapped[str] = mapped_column(String(200), default="", server_default="")  # Latin, as in the passport
    side_id: Mapped[int | None] = mapped_column(ForeignKey("sides.id", ondelete="RESTRICT"), nullable=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True,
                                                index=True)
    passport_number: Mapped[str | None] = mapped_column(String(20), nullable=True)
    passport_expires_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # The visa of this visit (the exchange's visa states), for a trainer or a guest alike.
    visa_status: Mapped[str] = mapped_column(String(12), default="not_needed", server_default="not_needed")
    visa_valid_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    visa_valid_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    visa_number: Mapped[str] = mapped_column(String(60), default="", server_default="")

    visit = relationship(Visit, back_populates="delegates")
    trainer = relationship("Trainer", lazy="joined")
    side = relationship("Side", lazy="joined")
    user = relationship("User", lazy="joined")
    # Invitation letters for the delegate's visa: the exchange's numbered, verifiable letters.
    letters = relationship("InvitationLetter", back_populates="visit_delegate", cascade="all, delete-orphan",
                           order_by="InvitationLetter.id")

    @property
    def traveller(self):
        """Who travels, as the document rules read a traveller: the trainer's record, or the guest held here."""
        return self.trainer if self.trainer is not None else GuestTraveller(self)

    @property
    def is_guest(self) -> bool:
        return self.trainer_id is None and self.trainer is None

    @property
    def masked_passport_number(self) -> str:
        value = self.passport_number or ""
        return "" if not value else "•" * max(len(value) - 3, 3) + value[-3:]

    @property
    def post(self) -> str:
        return pick(self, "post")

    @property
    def visa_status_label(self):
        return VISA_STATUSES.get(self.visa_status, self.visa_status)

    def audit_label(self) -> str:
        if self.trainer_id is None:
            return self.name_fa or self.name_ar
        trainer = self.__dict__.get("trainer")
        return trainer.audit_label() if trainer is not None else f"#{self.trainer_id}"


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
