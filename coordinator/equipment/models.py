"""Equipment items, bookings, cross-border transfers and maintenance records."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..audit import Audited
from ..db import NamedMixin, SearchableMixin, VersionedMixin
from ..extensions import db

CATEGORIES = {
    "workshop": _l("Workshop machinery"),
    "agro": _l("Agro-industry processing"),
    "lab": _l("Laboratory and testing"),
    "simulator": _l("Simulator"),
    "mobile_unit": _l("Mobile training unit"),
    "ict": _l("Computers and ICT"),
}
CONDITIONS = {"new": _l("New"), "good": _l("Good"), "fair": _l("Fair"), "poor": _l("Needs repair"),
              "out_of_service": _l("Out of service")}
TRANSFER_STATUSES = {
    "dispatched": _l("Dispatched"),
    "customs_cleared": _l("Customs cleared"),
    "received": _l("Received"),
    "returned": _l("Returned"),
}
MAINTENANCE_KINDS = {"preventive": _l("Preventive"), "repair": _l("Repair"), "inspection": _l("Inspection"),
                     "calibration": _l("Calibration")}


class EquipmentItem(Audited, SearchableMixin, NamedMixin, VersionedMixin, db.Model):
    __tablename__ = "equipment_items"
    __search_fields__ = ("name_fa", "name_ar", "name_en", "model", "asset_tag")
    audit_name = _l("Equipment item")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    side_id: Mapped[int] = mapped_column(ForeignKey("sides.id", ondelete="RESTRICT"), index=True)  # owner
    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id", ondelete="RESTRICT"), index=True)
    category: Mapped[str] = mapped_column(String(20), index=True)
    model: Mapped[str] = mapped_column(String(200), default="")
    asset_tag: Mapped[str] = mapped_column(String(80), unique=True)  # serial number or asset tag
    condition: Mapped[str] = mapped_column(String(20), default="good")
    shareable: Mapped[bool] = mapped_column(Boolean, default=True)
    location: Mapped[str] = mapped_column(String(300), default="")

    side = relationship("Side", foreign_keys=[side_id], lazy="joined")
    centre = relationship("Centre", lazy="joined")


class Booking(Audited, VersionedMixin, db.Model):
    """An item reserved for a joint course or a period; a cross-border booking holds transport days too."""

    __tablename__ = "equipment_bookings"
    # The progress figures count the bookings made in a period.
    __table_args__ = (Index("ix_equipment_bookings_created_at", "created_at"),)
    audit_name = _l("Equipment booking")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("equipment_items.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[int | None] = mapped_column(ForeignKey("courses.id", ondelete="SET NULL"), nullable=True)
    # The side that uses the item; when it is not the owner the booking crosses the border.
    user_side_id: Mapped[int] = mapped_column(ForeignKey("sides.id", ondelete="RESTRICT"))
    starts_on: Mapped[date] = mapped_column(Date, index=True)
    ends_on: Mapped[date] = mapped_column(Date, index=True)
    # The span really held, transport days included: what overlaps are checked on.
    held_from: Mapped[date] = mapped_column(Date, index=True)
    held_until: Mapped[date] = mapped_column(Date, index=True)
    purpose: Mapped[str] = mapped_column(Text, default="")
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)

    item = relationship(EquipmentItem, lazy="joined")
    course = relationship("Course", lazy="joined")
    user_side = relationship("Side", lazy="joined")

    def audit_parent(self):
        return ("equipment_items", self.item_id)


class Transfer(Audited, VersionedMixin, db.Model):
    """A cross-border loan: dispatched → customs cleared → received → returned, each step dated."""

    __tablename__ = "equipment_transfers"
    audit_name = _l("Equipment transfer")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("equipment_items.id", ondelete="CASCADE"), index=True)
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("equipment_bookings.id", ondelete="SET NULL"),
                                                   nullable=True)
    to_side_id: Mapped[int] = mapped_column(ForeignKey("sides.id", ondelete="RESTRICT"))
    status: Mapped[str] = mapped_column(String(20), default="dispatched", index=True)
    due_back_on: Mapped[date] = mapped_column(Date)
    dispatched_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    dispatched_by: Mapped[str] = mapped_column(String(200), default="")
    dispatch_condition: Mapped[str] = mapped_column(String(20), default="")
    cleared_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    cleared_by: Mapped[str] = mapped_column(String(200), default="")
    received_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    received_by: Mapped[str] = mapped_column(String(200), default="")
    received_condition: Mapped[str] = mapped_column(String(20), default="")
    returned_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    returned_by: Mapped[str] = mapped_column(String(200), default="")
    returned_condition: Mapped[str] = mapped_column(String(20), default="")

    item = relationship(EquipmentItem, lazy="joined")
    to_side = relationship("Side", lazy="joined")

    def audit_parent(self):
        return ("equipment_items", self.item_id)


class Maintenance(Audited, db.Model):
    __tablename__ = "equipment_maintenance"
    audit_name = _l("Maintenance record")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("equipment_items.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))
    cost: Mapped[Decimal | None] = mapped_column(Numeric(14, 2), nullable=True)
    currency: Mapped[str] = mapped_column(String(3), default="IRR")
    notes: Mapped[str] = mapped_column(Text, default="")

    def audit_parent(self):
        return ("equipment_items", self.item_id)
