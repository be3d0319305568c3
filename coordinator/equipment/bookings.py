"""Booking rules: the span really held (transport days for a cross-border use), no two bookings of an
item overlapping, the next free period suggested. Services flush, never commit."""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..catalog.models import Side
from ..courses.models import Course
from ..courses.pickers import KIND_NAME as COURSE_KIND
from ..courses.pickers import course_label, course_shown, find_courses
from ..db import check_version
from ..errors import ConflictError, DomainError, InvalidValues
from ..extensions import db
from ..l10n.digits import Shown, strip_bidi
from ..notifications.events import day, liaisons_of, names, raise_event
from ..picking import pick_one, typed
from ..viewer import ShownDay
from .models import Booking, EquipmentItem

DEFAULT_TRANSPORT_DAYS = 2
PURPOSE_MAX = 1000
# Scanning for a free period stops after this many bookings: a suggestion, not a search engine.
MAX_SCAN = 500


class BookingInvalid(InvalidValues):
    """Every problem found in a booking form, as (field, message) pairs; the first is the message."""


class BookingConflict(ConflictError):
    """The booking collides with another; carries it and the next free period of the same length."""

    def __init__(self, message, clash: Booking, suggestion: tuple[date, date] | None):
        super().__init__(message, field="starts_on")
        self.clash, self.suggestion = clash, suggestion


def transport_days() -> int:
    value = current_app.config.get("EQUIPMENT_TRANSPORT_DAYS", DEFAULT_TRANSPORT_DAYS) if has_app_context() \
        else DEFAULT_TRANSPORT_DAYS
    return max(int(value), 0)


def held_span(item: EquipmentItem, user_side_id: int, starts_on: date, ends_on: date,
              days: int | None = None) -> tuple[date, date]:
    """The days the item is really away: a use by the other side adds transport days before and after."""
    pad = transport_days() if days is None else days
    if user_side_id == item.side_id:
        pad = 0
    return starts_on - timedelta(days=pad), ends_on + timedelta(days=pad)


def overlapping(item_id: int, held_from: date, held_until: date, exclude_id: int | None = None) -> Booking | None:
    """The item's first live booking sharing at least one held day with [held_from, held_until]."""
    stmt = (select(Booking).where(Booking.item_id == item_id, Booking.cancelled.is_(False),
                                  Booking.held_from <= held_until, Booking.held_until >= held_from)
            .order_by(Booking.held_from, Booking.id).limit(1))
    if exclude_id is not None:
        stmt = stmt.where(Booking.id != exclude_id)
    return db.session.scalar(stmt)


def next_free(item: EquipmentItem, user_side_id: int, starts_on: date, ends_on: date) -> tuple[date, date]:
    """The first period of the same length, starting no earlier than asked, whose held span is free."""
    length = ends_on - starts_on
    pad = (starts_on - held_span(item, user_side_id, starts_on, ends_on)[0])
    taken = db.session.execute(
        select(Booking.held_from, Booking.held_until)
        .where(Booking.item_id == item.id, Booking.cancelled.is_(False),
               Booking.held_until >= starts_on - pad)
        .order_by(Booking.held_from).limit(MAX_SCAN)).all()
    start = starts_on
    for held_from, held_until in taken:
        want_from, want_until = start - pad, start + length + pad
        if held_until < want_from:
            continue
        if held_from > want_until:
            break
        # Collides: start again just after this booking's held span (and our own transport days).
        start = max(start, held_until + timedelta(days=1) + pad)
    return start, start + length


def _lock(item: EquipmentItem) -> EquipmentItem:
    """Lock the item row so two bookings of one item are checked one after the other."""
    # Lock the row alone: PostgreSQL refuses FOR UPDATE on the outer joins the item's eager loads add.
    db.session.execute(select(EquipmentItem.id).where(EquipmentItem.id == item.id).with_for_update())
    return item


def check_values(item: EquipmentItem, values: dict, user) -> tuple[dict, list]:
    """The booking's values as stored, and every problem found (empty when valid)."""
    problems = []
    course = None
    course_id = values.get("course_id")
    if "course_ref" in values:  # the page: a course's code or name as typed, or nothing (a period)
        if typed(values["course_ref"]):
            course = pick_one(values["course_ref"], find_courses, course_label, field="course_ref",
                              kind_name=COURSE_KIND, problems=problems, shown=course_shown)
    elif course_id not in (None, ""):  # the API: the course's id
        course = db.session.get(Course, course_id) if isinstance(course_id, int) else None
        if course is None:
            problems.append(("course_id", _l("Choose a course from the list.")))
    unpicked = bool(problems)  # a course typed but not found: its dates were meant, so no "enter the day"
    starts_on, ends_on = values.get("starts_on"), values.get("ends_on")
    if course is not None:
        starts_on = starts_on or course.start_date
        ends_on = ends_on or course.end_date
    if not isinstance(starts_on, date) and not unpicked:
        problems.append(("starts_on", _l("Enter the first day.")))
    if not isinstance(ends_on, date) and not unpicked:
        problems.append(("ends_on", _l("Enter the last day.")))
    if isinstance(starts_on, date) and isinstance(ends_on, date) and ends_on < starts_on:
        problems.append(("ends_on", _l("The last day cannot be before the first day.")))
    side_id = values.get("user_side_id")
    side = db.session.get(Side, side_id) if isinstance(side_id, int) else None
    if side is None:
        problems.append(("user_side_id", _l("Choose the side that uses the item.")))
    elif getattr(user, "role", None) != "admin" and side.id != getattr(user, "side_id", None):
        problems.append(("user_side_id", _l("You may book for your own side only.")))
    purpose = " ".join(strip_bidi(values.get("purpose") or "").split())
    if len(purpose) > PURPOSE_MAX:
        problems.append(("purpose", _l("Enter no more than %(count)s characters.", count=Shown(PURPOSE_MAX))))
    if course is None and not purpose and not problems:
        problems.append(("purpose", _l("Choose a course or describe the purpose.")))
    data = {"course_id": course.id if course else None, "starts_on": starts_on, "ends_on": ends_on,
            "user_side_id": side.id if side else None, "purpose": purpose}
    return data, problems


def _describe(booking: Booking):
    if booking.course is not None:
        return f"{booking.course.code} {booking.course.name}"
    return booking.purpose or f"#{booking.id}"


def create_booking(item: EquipmentItem, values: dict, user) -> Booking:
    """Book an item; refused when it is not bookable or when its held span meets another booking's."""
    data, problems = check_values(item, values, user)
    if problems:
        raise BookingInvalid(problems)
    item = _lock(item)
    if item.condition == "out_of_service":
        raise DomainError(_l("This item is out of service and cannot be booked."))
    if data["user_side_id"] != item.side_id and not item.shareable:
        raise DomainError(_l("This item is not shared with the other side: only its owner side may book it."),
                          field="user_side_id")
    held_from, held_until = held_span(item, data["user_side_id"], data["starts_on"], data["ends_on"])
    clash = overlapping(item.id, held_from, held_until)
    if clash is not None:
        start, end = next_free(item, data["user_side_id"], data["starts_on"], data["ends_on"])
        raise BookingConflict(_l(
            "This item is already booked for %(what)s from %(start)s to %(end)s (transport days included). "
            "The next free period of the same length is %(free_start)s to %(free_end)s.",
            what=_describe(clash), start=ShownDay(clash.held_from), end=ShownDay(clash.held_until),
            free_start=ShownDay(start), free_end=ShownDay(end)), clash, (start, end))
    booking = Booking(item_id=item.id, held_from=held_from, held_until=held_until, **data)
    db.session.add(booking)
    db.session.flush()
    raise_event("booking.made", booking, liaisons_of(item.side_id), actor=user,
                data={"item": names(item), "day": day(booking.starts_on)},
                link=("equipment.item", {"item_id": item.id}))
    return booking


def cancel_booking(booking: Booking, version) -> Booking:
    """Cancel a booking; refused when it changed after the page (or the client) saw it."""
    check_version(booking, version)
    if booking.cancelled:
        raise ConflictError(_l("This booking is already cancelled."))
    booking.cancelled = True
    db.session.flush()
    return booking


def is_cross_border(booking: Booking) -> bool:
    return booking.user_side_id != booking.item.side_id
