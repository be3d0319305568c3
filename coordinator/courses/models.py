"""Joint courses and their timetable and approvals; trainees' enrolment in them and attendance."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import Column, Date, ForeignKey, Index, Integer, Numeric, String, Table, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..audit import Audited
from ..db import NamedMixin, SearchableMixin, UTCDateTime, VersionedMixin, utcnow
from ..extensions import db
from ..search import index_table
from ..trainees.models import Trainee
from . import labels

STATUSES = {
    "draft": _l("Draft"),
    "proposed": _l("Proposed"),
    "approved": _l("Approved"),
    "scheduled": _l("Scheduled"),
    "running": _l("Running"),
    "completed": _l("Completed"),
    "cancelled": _l("Cancelled"),
    "refused": _l("Refused"),
}
DELIVERY = {
    "centre": _l("At the host centre"),
    "mobile": _l("Mobile training unit"),
    "online": _l("Online"),
}
LANGUAGES = {
    "fa": _l("Persian"),
    "ar": _l("Arabic"),
    "fa_ar": _l("Persian and Arabic"),
    "en": _l("English"),
}
ENROLMENT_STATUSES = {
    "enrolled": _l("Enrolled"),
    "waiting": _l("On the waiting list"),
    "withdrawn": _l("Withdrawn"),
    "completed": lazy_pgettext("enrolment status", "Completed"),
    "not_completed": _l("Did not complete"),
}
# What a side answered to a proposed course (approval itself is a CourseApproval).
REVIEW_DECISIONS = {
    "approved": _l("Approved"),
    "sent_back": _l("Sent back for changes"),
    "refused": _l("Refused"),
}
# Steps the calendar forbids early, which a second person of the host side may allow with a reason.
OVERRIDE_ACTIONS = {"start": _l("Start the course"), "complete": _l("Mark as completed")}
SESSION_KINDS = {"theory": _l("Theory"), "practice": _l("Practice"), "mixed": _l("Theory and practice")}
# Why a trainee left a course: chosen from a list, so the figures can be counted.
WITHDRAW_REASONS = {
    "work": _l("Found work"),
    "health": _l("Health"),
    "family": _l("Family reasons"),
    "distance": _l("Distance or transport"),
    "no_show": _l("Never came"),
    "other": _l("Other reason"),
}
ATTENDANCE = {"present": _l("Present"), "absent": _l("Absent"), "excused": _l("Excused")}
# Changing these after approval sends the course back to both sides for approval.
APPROVAL_FIELDS = ("start_date", "end_date", "host_centre_id", "capacity")

course_target_groups = Table(
    "course_target_groups",
    db.metadata,
    Column("course_id", ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True),
    Column("target_group_id", ForeignKey("target_groups.id", ondelete="RESTRICT"), primary_key=True),
)


class Course(Audited, SearchableMixin, NamedMixin, VersionedMixin, db.Model):
    __tablename__ = "courses"
    # The list filtered by status, newest first, reads its page from this index instead of sorting.
    __table_args__ = (Index("ix_courses_status_start_date", "status", "start_date", "id"),
                      # A list filtered by status and side is counted from the index alone (migration 0022).
                      Index("ix_courses_status_side_start_date", "status", "host_side_id", "start_date"))
    __search_fields__ = ("code", "name_fa", "name_ar", "name_en", "contact_name")
    audit_name = _l("Joint course")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    skill_standard_id: Mapped[int] = mapped_column(ForeignKey("skill_standards.id", ondelete="RESTRICT"),
                                                   index=True)
    host_centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id", ondelete="RESTRICT"), index=True)
    # Kept with the record (not only through the centre) so lists filter and permissions decide in one query.
    host_side_id: Mapped[int] = mapped_column(ForeignKey("sides.id", ondelete="RESTRICT"), index=True)
    start_date: Mapped[date] = mapped_column(Date, index=True)
    end_date: Mapped[date] = mapped_column(Date, index=True)
    theory_hours: Mapped[int] = mapped_column(Integer, default=0)
    practice_hours: Mapped[int] = mapped_column(Integer, default=0)
    capacity: Mapped[int] = mapped_column(Integer)
    # Optional places per side: for the host side's trainees, and for the other side's (None: no limit).
    quota_host: Mapped[int | None] = mapped_column(Integer, nullable=True)
    quota_partner: Mapped[int | None] = mapped_column(Integer, nullable=True)
    min_attendance: Mapped[int] = mapped_column(Integer, default=80)  # percent of sessions
    pass_mark_theory: Mapped[int | None] = mapped_column(Integer, nullable=True)
    pass_mark_practice: Mapped[int | None] = mapped_column(Integer, nullable=True)
    language: Mapped[str] = mapped_column(String(10), default="fa_ar")
    delivery: Mapped[str] = mapped_column(String(10), default="centre")
    funding_note: Mapped[str] = mapped_column(Text, default="")
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    status: Mapped[str] = mapped_column(String(12), default="draft", index=True)
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    # The host side's day the course was marked completed: the completion date its certificates carry.
    completed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # Set when the host side finalises the results: from then on only the host side changes scores.
    results_final_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)

    skill_standard = relationship("SkillStandard", lazy="joined")
    host_centre = relationship("Centre", lazy="joined")
    host_side = relationship("Side", lazy="joined")
    target_groups = relationship("TargetGroup", secondary=course_target_groups, lazy="selectin",
                                 order_by="TargetGroup.sort_order")
    sessions = relationship("CourseSession", back_populates="course", order_by="CourseSession.starts_at",
                            cascade="all, delete-orphan")
    approvals = relationship("CourseApproval", back_populates="course", cascade="all, delete-orphan",
                             lazy="selectin")
    reviews = relationship("CourseReview", back_populates="course", cascade="all, delete-orphan",
                           order_by="CourseReview.id", lazy="select")

    @property
    def status_label(self):
        return STATUSES.get(self.status, self.status)

    @property
    def delivery_label(self):
        return DELIVERY.get(self.delivery, self.delivery)

    @property
    def language_label(self):
        return LANGUAGES.get(self.language, self.language)

    @property
    def total_hours(self) -> int:
        return (self.theory_hours or 0) + (self.practice_hours or 0)

    @property
    def practical_share(self) -> Decimal | None:
        if not self.total_hours:
            return None
        return (Decimal(self.practice_hours) * 100 / Decimal(self.total_hours)).quantize(Decimal("1"))

    @property
    def theory_pass_mark(self) -> int:
        return self.pass_mark_theory if self.pass_mark_theory is not None else self.skill_standard.pass_mark_theory

    @property
    def practice_pass_mark(self) -> int:
        if self.pass_mark_practice is not None:
            return self.pass_mark_practice
        return self.skill_standard.pass_mark_practice

    def quota_of(self, side_id: int) -> int | None:
        """The places a side's trainees may hold (None: as many as the capacity allows)."""
        return self.quota_host if side_id == self.host_side_id else self.quota_partner

    def approval_for(self, side_id: int):
        return next((a for a in self.approvals if a.side_id == side_id), None)

    def audit_label(self) -> str:
        return f"{self.code} {self.name_fa}"


class CourseSession(Audited, VersionedMixin, db.Model):
    """One meeting of a course, held in the host side's clock; stored as UTC instants."""

    __tablename__ = "course_sessions"
    audit_name = _l("Course session")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)  # the day in the host's calendar
    start_time: Mapped[time] = mapped_column(Time)  # wall-clock time at the host centre
    end_time: Mapped[time] = mapped_column(Time)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    topic: Mapped[str] = mapped_column(String(200), default="")
    # Mixed sessions count towards practice in the course's planned share (see timetable.scheduled_hours).
    kind: Mapped[str] = mapped_column(String(10), default="mixed", server_default="mixed")
    room: Mapped[str] = mapped_column(String(100), default="", server_default="")

    course = relationship(Course, back_populates="sessions")

    @property
    def kind_label(self):
        return SESSION_KINDS.get(self.kind, self.kind)

    @property
    def hours(self) -> Decimal:
        minutes = (self.end_time.hour * 60 + self.end_time.minute) - (self.start_time.hour * 60
                                                                       + self.start_time.minute)
        return Decimal(minutes) / 60

    def audit_label(self) -> str:
        return f"{self.day.isoformat()} {self.start_time:%H:%M}"

    def audit_parent(self):
        return ("courses", self.course_id)


class CourseApproval(Audited, db.Model):
    """One side's approval of a course: who approved it and when."""

    __tablename__ = "course_approvals"
    __table_args__ = (UniqueConstraint("course_id", "side_id"),)
    audit_name = _l("Course approval")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    side_id: Mapped[int] = mapped_column(ForeignKey("sides.id", ondelete="RESTRICT"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)  # progress figures

    course = relationship(Course, back_populates="approvals")
    side = relationship("Side", lazy="joined")
    user = relationship("User", lazy="joined", foreign_keys=[user_id])

    def audit_label(self) -> str:
        side = self.__dict__.get("side")  # only if loaded: labels are taken inside a flush
        return side.name_fa if side is not None else str(self.side_id)

    def audit_parent(self):
        return ("courses", self.course_id)


class CourseReview(Audited, db.Model):
    """A side's answer to a proposed course that is not an approval: sent back with a comment, or refused."""

    __tablename__ = "course_reviews"
    audit_name = _l("Course review")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    side_id: Mapped[int] = mapped_column(ForeignKey("sides.id", ondelete="RESTRICT"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    decision: Mapped[str] = mapped_column(String(12))
    comment: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    course = relationship(Course, back_populates="reviews")
    side = relationship("Side", lazy="joined")
    user = relationship("User", lazy="joined", foreign_keys=[user_id])

    @property
    def decision_label(self):
        return REVIEW_DECISIONS.get(self.decision, self.decision)

    def audit_label(self) -> str:
        return self.decision

    def audit_parent(self):
        return ("courses", self.course_id)


class CourseOverride(Audited, db.Model):
    """Leave to take a step before the calendar allows it: asked for by one person of the host side with a
    reason, granted (and the step taken) by a second one."""

    __tablename__ = "course_overrides"
    audit_name = _l("Override of a course's dates")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str] = mapped_column(Text)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    granted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    requested_by = relationship("User", lazy="joined", foreign_keys=[requested_by_id])
    granted_by = relationship("User", lazy="joined", foreign_keys=[granted_by_id])

    @property
    def action_label(self):
        return OVERRIDE_ACTIONS.get(self.action, self.action)

    def audit_label(self) -> str:
        return self.action

    def audit_parent(self):
        return ("courses", self.course_id)


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
    withdraw_reason: Mapped[str | None] = mapped_column(String(20), nullable=True)

    course = relationship("Course", lazy="joined")
    trainee = relationship(Trainee, lazy="joined")
    attendance = relationship("Attendance", back_populates="enrolment", cascade="all, delete-orphan")
    # enrolment.certificate is declared with Certificate (certificates.models): courses need not know certificates.

    @property
    def status_label(self):
        """In words that agree with the trainee's gender (Arabic: مسجّلة for a woman, مسجّل for a man)."""
        trainee = self.__dict__.get("trainee")
        if trainee is None and self.trainee_id is not None:
            trainee = self.trainee
        return labels.enrolment_status(self.status, trainee.gender if trainee is not None else None)

    @property
    def withdraw_reason_label(self):
        return WITHDRAW_REASONS.get(self.withdraw_reason, self.withdraw_reason or "")

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


# The course list's search reads a substring index of the key (search.py; migration 0021 for real databases).
index_table(Course.__table__)
