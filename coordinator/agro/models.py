"""Agro-industry tracks and their milestones, with dependencies and evidence."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, Date, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..audit import Audited
from ..db import NamedMixin, SearchableMixin, VersionedMixin
from ..extensions import db

MILESTONE_STATUSES = {"planned": _l("Planned"), "in_progress": _l("In progress"), "done": _l("Done"),
                      "blocked": _l("Blocked")}

milestone_dependencies = Table(
    "milestone_dependencies",
    db.metadata,
    Column("milestone_id", ForeignKey("milestones.id", ondelete="CASCADE"), primary_key=True),
    Column("depends_on_id", ForeignKey("milestones.id", ondelete="CASCADE"), primary_key=True),
)
milestone_courses = Table(
    "milestone_courses",
    db.metadata,
    Column("milestone_id", ForeignKey("milestones.id", ondelete="CASCADE"), primary_key=True),
    Column("course_id", ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True),
)


class Track(Audited, SearchableMixin, NamedMixin, VersionedMixin, db.Model):
    """A line of collaboration (date-palm processing, fisheries ...) with a lead on each side."""

    __tablename__ = "agro_tracks"
    audit_name = _l("Collaboration track")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    description: Mapped[str] = mapped_column(Text, default="")

    leads = relationship("TrackLead", back_populates="track", cascade="all, delete-orphan", lazy="selectin")
    milestones = relationship("Milestone", back_populates="track", cascade="all, delete-orphan",
                              order_by="Milestone.due_on")


class TrackLead(Audited, db.Model):
    """The person leading a track for one side (sides are data: any pair of provinces works)."""

    __tablename__ = "agro_track_leads"
    __table_args__ = (UniqueConstraint("track_id", "side_id"),)
    audit_name = _l("Track lead")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("agro_tracks.id", ondelete="CASCADE"), index=True)
    side_id: Mapped[int] = mapped_column(ForeignKey("sides.id", ondelete="RESTRICT"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    name: Mapped[str] = mapped_column(String(200), default="")  # when the lead has no account

    track = relationship(Track, back_populates="leads")
    side = relationship("Side", lazy="joined")
    user = relationship("User", foreign_keys=[user_id], lazy="joined")

    def audit_parent(self):
        return ("agro_tracks", self.track_id)


class Milestone(Audited, SearchableMixin, NamedMixin, VersionedMixin, db.Model):
    __tablename__ = "milestones"
    audit_name = _l("Milestone")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("agro_tracks.id", ondelete="CASCADE"), index=True)
    side_id: Mapped[int] = mapped_column(ForeignKey("sides.id", ondelete="RESTRICT"), index=True)  # owner
    starts_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    done_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(12), default="planned", index=True)
    blocked_reason: Mapped[str] = mapped_column(Text, default="")
    progress: Mapped[int] = mapped_column(Integer, default=0)  # percent
    evidence_notes: Mapped[str] = mapped_column(Text, default="")

    track = relationship(Track, back_populates="milestones")
    side = relationship("Side", lazy="joined")
    depends_on = relationship(
        "Milestone", secondary=milestone_dependencies,
        primaryjoin=id == milestone_dependencies.c.milestone_id,
        secondaryjoin=id == milestone_dependencies.c.depends_on_id, lazy="selectin",
    )
    courses = relationship("Course", secondary=milestone_courses, lazy="selectin")

    @property
    def status_label(self):
        return MILESTONE_STATUSES.get(self.status, self.status)

    def audit_parent(self):
        return ("agro_tracks", self.track_id)
