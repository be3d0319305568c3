"""Trainee groups crossing the border: a joint course hosted on the other side makes its enrolled trainees of
the visiting side one travelling group, each trainee a traveller with their own documents."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..audit import Audited
from ..db import UTCDateTime, VersionedMixin
from ..extensions import db
from .models import VISA_STATUSES

GROUP_STATUSES = {
    "planned": lazy_pgettext("group trip status", "Planned"),
    "confirmed": lazy_pgettext("group trip status", "Confirmed"),
    "travelled": lazy_pgettext("group trip status", "Travelled"),
    "cancelled": lazy_pgettext("group trip status", "Cancelled"),
}


class GroupTrip(Audited, VersionedMixin, db.Model):
    """The trip of one side's trainees to a course hosted on the other side: when, by which crossing, with whom."""

    __tablename__ = "group_trips"
    __table_args__ = (UniqueConstraint("course_id", "side_id"),)
    audit_name = _l("Group trip")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    side_id: Mapped[int] = mapped_column(ForeignKey("sides.id", ondelete="RESTRICT"))  # the side that travels
    travel_out_at: Mapped[datetime] = mapped_column(UTCDateTime)
    travel_back_at: Mapped[datetime] = mapped_column(UTCDateTime)
    crossing_id: Mapped[int | None] = mapped_column(ForeignKey("border_crossings.id", ondelete="RESTRICT"),
                                                    nullable=True)
    escort_trainer_id: Mapped[int | None] = mapped_column(ForeignKey("trainers.id", ondelete="SET NULL"),
                                                          nullable=True)
    escort_name: Mapped[str] = mapped_column(String(200), default="")  # an escort who is not a trainer
    status: Mapped[str] = mapped_column(String(12), default="planned")
    notes: Mapped[str] = mapped_column(Text, default="")

    course = relationship("Course", lazy="joined")
    side = relationship("Side", lazy="joined")
    crossing = relationship("BorderCrossing", lazy="joined")
    escort = relationship("Trainer", lazy="joined")
    travellers = relationship("GroupTraveller", back_populates="trip", cascade="all, delete-orphan",
                              order_by="GroupTraveller.id", lazy="selectin")

    @property
    def status_label(self):
        return GROUP_STATUSES.get(self.status, self.status)

    @property
    def escort_label(self) -> str:
        return self.escort.name if self.escort is not None else self.escort_name

    def audit_label(self) -> str:
        course = self.__dict__.get("course")
        return course.audit_label() if course is not None else str(self.course_id)

    def audit_parent(self):
        return ("courses", self.course_id)


class GroupTraveller(Audited, VersionedMixin, db.Model):
    """One trainee of a group trip and the documents this trip is checked against (the same rules as a
    trainer's): passport as printed, and the visa of this trip when the country visited asks for one."""

    __tablename__ = "group_travellers"
    __table_args__ = (UniqueConstraint("trip_id", "trainee_id"),)
    audit_name = _l("Traveller")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    trip_id: Mapped[int] = mapped_column(ForeignKey("group_trips.id", ondelete="CASCADE"), index=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainees.id", ondelete="RESTRICT"), index=True)
    name_latin: Mapped[str] = mapped_column(String(200), default="")  # as printed in the passport
    nationality: Mapped[str] = mapped_column(String(2), default="")  # ISO code
    passport_number: Mapped[str] = mapped_column(String(40), default="")
    passport_expires_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    visa_status: Mapped[str] = mapped_column(String(12), default="not_needed")
    visa_needed_by: Mapped[date | None] = mapped_column(Date, nullable=True)
    visa_valid_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    visa_valid_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    visa_number: Mapped[str] = mapped_column(String(60), default="")

    trip = relationship(GroupTrip, back_populates="travellers")
    trainee = relationship("Trainee", lazy="joined")

    @property
    def visa_status_label(self):
        return VISA_STATUSES.get(self.visa_status, self.visa_status)

    @property
    def passport(self) -> str:
        """The passport number of this trip, else the one kept with the trainee (when the trainee record has it)."""
        return self.passport_number or (getattr(self.trainee, "passport_number", None) or "")

    def audit_label(self) -> str:
        trainee = self.__dict__.get("trainee")
        return trainee.audit_label() if trainee is not None else str(self.trainee_id)

    def audit_parent(self):
        return ("group_trips", self.trip_id)
