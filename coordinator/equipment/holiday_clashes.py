"""Equipment bookings a new or moved day off touches (asked through catalog.holidays.CLASH_FINDERS)."""

from __future__ import annotations

from sqlalchemy import or_, select

from ..catalog.holidays import Clash
from ..extensions import db
from ..notifications.events import liaisons_of, names
from .models import Booking, EquipmentItem


def booking_clashes(side_id: int, days: list, centre_id: int | None) -> list[Clash]:
    """Live bookings held on one of the days by or from the side (or the closed centre's items)."""
    stmt = (select(Booking).join(EquipmentItem, Booking.item_id == EquipmentItem.id)
            .where(Booking.cancelled.is_(False), Booking.held_from <= max(days), Booking.held_until >= min(days)))
    if centre_id is not None:
        stmt = stmt.where(EquipmentItem.centre_id == centre_id)
    else:
        stmt = stmt.where(or_(EquipmentItem.side_id == side_id, Booking.user_side_id == side_id))
    found = []
    for booking in db.session.scalars(stmt):
        # The first day off inside the held span: one line per booking is enough for the admin.
        day = next((d for d in days if booking.held_from <= d <= booking.held_until), None)
        if day is not None:
            found.append(Clash("booking", booking.item.name, day, "equipment.item", {"item_id": booking.item_id},
                               record=booking, what=names(booking.item),
                               owners=lambda booking=booking: liaisons_of(booking.item.side_id,
                                                                          booking.user_side_id)))
    return found
