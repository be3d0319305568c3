"""Managers' meetings: attendees, agenda with minutes, decisions and the action items they give rise to."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..audit import Audited
from ..db import NamedMixin, SearchableMixin, UTCDateTime, VersionedMixin, utcnow
from ..extensions import db
from ..l10n.locales import pick

# i18n: states of a meeting (Arabic: الاجتماع is masculine)
MEETING_STATUSES = {
    "draft": lazy_pgettext("meeting", "Draft"),
    "open": lazy_pgettext("meeting", "Open"),
    "in_progress": lazy_pgettext("meeting", "In progress"),
    "closed": lazy_pgettext("meeting", "Closed"),
}
# i18n: states of an action item (Arabic: المهمة is feminine)
ACTION_STATUSES = {
    "open": lazy_pgettext("action item", "Open"),
    "in_progress": lazy_pgettext("action item", "In progress"),
    "done": lazy_pgettext("action item", "Done"),
    "cancelled": lazy_pgettext("action item", "Cancelled"),
}
OPEN_ACTION_STATUSES = ("open", "in_progress")
# What an action item may point at: attribute on ActionItem → endpoint kind.
ACTION_LINKS = ("course", "assignment", "curriculum", "booking", "milestone")

# Open action items of earlier meetings, put on a later meeting's agenda for follow-up.
carried_actions = Table(
    "agenda_carried_actions",
    db.metadata,
    Column("agenda_item_id", ForeignKey("agenda_items.id", ondelete="CASCADE"), primary_key=True),
    Column("action_item_id", ForeignKey("action_items.id", ondelete="CASCADE"), primary_key=True),
)


class MeetingSeries(Audited, NamedMixin, VersionedMixin, db.Model):
    """Meetings that follow one another (the quarterly managers' meetings): each reports the progress since
    the previous meeting of its series."""

    __tablename__ = "meeting_series"
    audit_name = _l("Meeting series")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)


class Meeting(Audited, SearchableMixin, NamedMixin, VersionedMixin, db.Model):
    """A managers' meeting; its title is the record's bilingual name."""

    __tablename__ = "meetings"
    __table_args__ = (CheckConstraint("ends_at > starts_at", name="ends_after_start"),)
    audit_name = _l("Meeting")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    host_side_id: Mapped[int] = mapped_column(ForeignKey("sides.id", ondelete="RESTRICT"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    venue: Mapped[str] = mapped_column(String(300), default="")
    online_url: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(12), default="draft", index=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    series_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_series.id", ondelete="SET NULL"),
                                                  nullable=True, index=True)

    host_side = relationship("Side", lazy="joined")
    created_by = relationship("User", foreign_keys=[created_by_id])
    series = relationship(MeetingSeries, lazy="joined")
    signatures = relationship("MeetingSignature", back_populates="meeting", cascade="all, delete-orphan",
                              order_by="MeetingSignature.side_id")
    attachments = relationship("MeetingAttachment", cascade="all, delete-orphan", order_by="MeetingAttachment.id")
    attendees = relationship("MeetingAttendee", back_populates="meeting", cascade="all, delete-orphan",
                             order_by="MeetingAttendee.id")
    agenda = relationship("AgendaItem", back_populates="meeting", cascade="all, delete-orphan",
                          order_by="AgendaItem.position")

    @property
    def status_label(self):
        return MEETING_STATUSES.get(self.status, self.status)

    @property
    def is_closed(self) -> bool:
        return self.status == "closed"


class MeetingAttendee(Audited, db.Model):
    """Someone at the meeting: a user of the system, or a guest with organisation and title."""

    __tablename__ = "meeting_attendees"
    __table_args__ = (
        UniqueConstraint("meeting_id", "user_id"),
        CheckConstraint("user_id IS NOT NULL OR guest_name <> ''", name="user_or_guest"),
    )
    audit_name = _l("Attendee")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), nullable=True)
    side_id: Mapped[int | None] = mapped_column(ForeignKey("sides.id", ondelete="RESTRICT"), nullable=True)
    guest_name: Mapped[str] = mapped_column(String(200), default="")
    organisation: Mapped[str] = mapped_column(String(300), default="")
    job_title: Mapped[str] = mapped_column(String(200), default="")
    present: Mapped[bool] = mapped_column(Boolean, default=True)
    # Signs the report for their side (at most one per side and meeting: the service keeps it so).
    heads_delegation: Mapped[bool] = mapped_column(Boolean, default=False)

    meeting = relationship(Meeting, back_populates="attendees")
    user = relationship("User", foreign_keys=[user_id], lazy="joined")
    side = relationship("Side", lazy="joined")

    @property
    def display_name(self) -> str:
        return self.user.full_name if self.user is not None else self.guest_name

    @property
    def sitting_side_id(self) -> int | None:
        """The side they sit with: the one recorded for them, else their account's side."""
        if self.side_id is not None:
            return self.side_id
        return self.user.side_id if self.user is not None else None

    def audit_label(self) -> str:
        # Read during a flush: use the user only if already loaded, never load it there.
        user = self.__dict__.get("user")
        return self.guest_name or (user.full_name if user is not None else f"#{self.user_id or self.id}")

    def audit_parent(self):
        return ("meetings", self.meeting_id)


class MeetingSignature(Audited, db.Model):
    """The minutes approved for one side by the head of its delegation, at a time. Any correction of the
    record afterwards removes every signature: both sides sign the corrected minutes again."""

    __tablename__ = "meeting_signatures"
    __table_args__ = (UniqueConstraint("meeting_id", "side_id"),)
    audit_name = _l("Signature of the minutes")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    side_id: Mapped[int] = mapped_column(ForeignKey("sides.id", ondelete="RESTRICT"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    # The signer's name as it stood when they signed: the minutes keep it if the account changes.
    signer_name: Mapped[str] = mapped_column(String(200), default="")
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime)

    meeting = relationship(Meeting, back_populates="signatures")
    side = relationship("Side", lazy="joined")

    def audit_label(self) -> str:
        return self.signer_name

    def audit_parent(self):
        return ("meetings", self.meeting_id)


def delegation_head(meeting: Meeting, side_id: int) -> MeetingAttendee | None:
    """Who signs for a side: the attendee marked head of its delegation, else its first present manager,
    else the first present person of that side."""
    present = [a for a in meeting.attendees if a.present and a.sitting_side_id == side_id]
    marked = [a for a in present if a.heads_delegation]
    managers = [a for a in present if a.user is not None and a.user.role == "manager"]
    return (marked or managers or present or [None])[0]


class AgendaItem(Audited, NamedMixin, VersionedMixin, db.Model):
    """One item of the agenda; its title is the bilingual name, the minutes are kept per language."""

    __tablename__ = "agenda_items"
    audit_name = _l("Agenda item")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=1)
    # "follow_up": made automatically to review action items still open from earlier meetings.
    kind: Mapped[str] = mapped_column(String(12), default="regular")
    minutes_fa: Mapped[str] = mapped_column(Text, default="")
    minutes_ar: Mapped[str] = mapped_column(Text, default="")

    meeting = relationship(Meeting, back_populates="agenda")
    decisions = relationship("Decision", back_populates="agenda_item", cascade="all, delete-orphan",
                             order_by="Decision.id")
    action_items = relationship("ActionItem", back_populates="agenda_item", cascade="all, delete-orphan",
                                order_by="ActionItem.id")
    carried = relationship("ActionItem", secondary=carried_actions, order_by="ActionItem.due_on")

    def minutes_in(self, lang: str) -> str:
        return pick(self, "minutes", lang)

    def audit_parent(self):
        return ("meetings", self.meeting_id)


class Decision(Audited, VersionedMixin, db.Model):
    __tablename__ = "decisions"
    __table_args__ = (CheckConstraint("text_fa <> '' OR text_ar <> ''", name="has_text"),)
    audit_name = _l("Decision")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True)
    text_fa: Mapped[str] = mapped_column(Text, default="")
    text_ar: Mapped[str] = mapped_column(Text, default="")
    # 1, 2, 3 ... through the meeting (not per agenda item), given when recorded (the highest kept + 1) and
    # never changed, so "decision 4 of the meeting" keeps naming the same decision when items move.
    number: Mapped[int | None] = mapped_column(Integer, nullable=True)

    agenda_item = relationship(AgendaItem, back_populates="decisions")

    def text_in(self, lang: str) -> str:
        return pick(self, "text", lang)

    def audit_label(self) -> str:
        return (self.text_fa or self.text_ar or "")[:120]

    def audit_parent(self):
        return ("meetings", self.agenda_item.meeting_id if self.agenda_item else None)


class ActionItem(Audited, SearchableMixin, NamedMixin, VersionedMixin, db.Model):
    """Work a meeting gave someone: an owner on a side, a due date, a status, perhaps a linked record. A study
    visit's follow-up is one too (no meeting, its visit and lesson instead), so the meetings follow it up."""

    __tablename__ = "action_items"
    audit_name = _l("Action item")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"),
                                                       nullable=True, index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), nullable=True,
                                                   index=True)
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), nullable=True,
                                                 index=True)
    visit_lesson_id: Mapped[int | None] = mapped_column(ForeignKey("visit_lessons.id", ondelete="CASCADE"),
                                                        nullable=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    side_id: Mapped[int] = mapped_column(ForeignKey("sides.id", ondelete="RESTRICT"), index=True)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(12), default="open", index=True)
    closed_on: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)  # done or cancelled
    notes: Mapped[str] = mapped_column(Text, default="")
    course_id: Mapped[int | None] = mapped_column(ForeignKey("courses.id", ondelete="SET NULL"), nullable=True)
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignments.id", ondelete="SET NULL"),
                                                      nullable=True)
    curriculum_id: Mapped[int | None] = mapped_column(ForeignKey("curricula.id", ondelete="SET NULL"),
                                                      nullable=True)
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("equipment_bookings.id", ondelete="SET NULL"),
                                                   nullable=True)
    milestone_id: Mapped[int | None] = mapped_column(ForeignKey("milestones.id", ondelete="SET NULL"),
                                                     nullable=True)

    agenda_item = relationship(AgendaItem, back_populates="action_items")
    meeting = relationship(Meeting)
    owner = relationship("User", foreign_keys=[owner_id], lazy="joined")
    side = relationship("Side", lazy="joined")
    course = relationship("Course")
    assignment = relationship("Assignment")
    curriculum = relationship("Curriculum")
    booking = relationship("Booking")
    milestone = relationship("Milestone")
    visit = relationship("Visit")
    visit_lesson = relationship("VisitLesson", foreign_keys=[visit_lesson_id])

    @property
    def status_label(self):
        return ACTION_STATUSES.get(self.status, self.status)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.due_on < today

    @property
    def link(self) -> tuple[str, object] | None:
        """(kind, record) of the linked record, if any."""
        for kind in ACTION_LINKS:
            record = getattr(self, kind)
            if record is not None:
                return kind, record
        return None

    @property
    def link_ref(self) -> tuple[str, int] | None:
        """(kind, id) of the linked record, read from the item's own columns: nothing is loaded."""
        for kind in ACTION_LINKS:
            ident = getattr(self, f"{kind}_id")
            if ident is not None:
                return kind, ident
        return None

    def audit_parent(self):
        if self.meeting_id is None and self.visit_id is not None:
            return ("visits", self.visit_id)
        return ("meetings", self.meeting_id)


class MeetingAttachment(Audited, db.Model):
    """A file of the meeting (or of one agenda item): checked and stored as curriculum documents are."""

    __tablename__ = "meeting_attachments"
    audit_name = _l("Attachment")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"),
                                                       nullable=True, index=True)
    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(100), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    agenda_item = relationship(AgendaItem)

    def audit_label(self) -> str:
        return self.original_name

    def audit_parent(self):
        return ("meetings", self.meeting_id)
