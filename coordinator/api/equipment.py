"""Shared equipment and its bookings, through the equipment services (overlaps and transport days apply)."""

from __future__ import annotations

from flask_login import current_user
from marshmallow import fields
from sqlalchemy import select

from ..auth.scope import scope_condition
from ..equipment import bookings as booking_rules
from ..equipment import services
from ..equipment.models import CATEGORIES, CONDITIONS, Booking, EquipmentItem
from ..extensions import db
from ..web import load
from .common import (
    ApiSchema,
    Blueprint,
    Choice,
    Day,
    Id,
    ListArgs,
    QueryId,
    Text,
    VersionArgs,
    etag,
    page_schema,
    paginate,
    require,
    submitted_version,
)
from .errors import ApiError
from .schemas import NamesMixin, Ref, Versioned

blp = Blueprint("equipment", __name__, description="Shared equipment and bookings")


class ItemSchema(NamesMixin, Versioned):
    id = fields.Integer(required=True)
    side = fields.Nested(Ref, required=True)
    centre = fields.Nested(Ref, required=True)
    category = fields.String(metadata={"enum": list(CATEGORIES)})
    model = fields.String()
    asset_tag = fields.String()
    condition = fields.String(metadata={"enum": list(CONDITIONS)})
    shareable = fields.Boolean()
    location = fields.String()


class ItemArgs(ListArgs):
    side = QueryId()
    centre = QueryId()
    category = Choice(CATEGORIES)
    abroad = fields.Boolean(metadata={"description": "Only items lent to the other side now"})


class BookingSchema(Versioned):
    id = fields.Integer(required=True)
    item_id = fields.Integer(required=True)
    course_id = fields.Integer(allow_none=True)
    user_side = fields.Nested(Ref, required=True)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    held_from = fields.Date(metadata={"description": "First day the item is away, transport included"})
    held_until = fields.Date()
    purpose = fields.String()
    cancelled = fields.Boolean()


class BookingArgs(ListArgs):
    include_cancelled = fields.Boolean(load_default=False)
    from_ = Day(data_key="from")
    to = Day()


class BookingInput(ApiSchema):
    course_id = Id(allow_none=True, load_default=None)
    starts_on = Day(allow_none=True, load_default=None,
                    metadata={"description": "Defaults to the course's dates when a course is given"})
    ends_on = Day(allow_none=True, load_default=None)
    user_side_id = Id(required=True, metadata={"description": "The side that uses the item"})
    purpose = Text(2000, load_default="")


@blp.route("/equipment")
@blp.arguments(ItemArgs, location="query")
@blp.response(200, page_schema(ItemSchema, "EquipmentPage"))
def items(args):
    """Equipment of both sides"""
    require("equipment.view")
    stmt = services.search(args["q"].strip(), side_id=args.get("side"), centre_id=args.get("centre"),
                           category=args.get("category"), abroad=bool(args.get("abroad")),
                           visible_to=scope_condition(current_user, EquipmentItem.side_id, EquipmentItem.centre_id))
    return paginate(stmt, args)


@blp.route("/equipment/<int:item_id>")
@blp.response(200, ItemSchema)
def item(item_id):
    """One item"""
    obj = load(EquipmentItem, item_id, "equipment.view", conceal=True)
    return obj, 200, etag(obj)


@blp.route("/equipment/<int:item_id>/bookings")
@blp.arguments(BookingArgs, location="query")
@blp.response(200, page_schema(BookingSchema, "BookingPage"))
def bookings(args, item_id):
    """An item's bookings, earliest first"""
    obj = load(EquipmentItem, item_id, "equipment.view", conceal=True)
    stmt = select(Booking).where(Booking.item_id == obj.id)
    if not args["include_cancelled"]:
        stmt = stmt.where(Booking.cancelled.is_(False))
    if args.get("from_"):
        stmt = stmt.where(Booking.ends_on >= args["from_"])
    if args.get("to"):
        stmt = stmt.where(Booking.starts_on <= args["to"])
    return paginate(stmt.order_by(Booking.starts_on, Booking.id), args)


@blp.route("/equipment/<int:item_id>/bookings", methods=["POST"])
@blp.arguments(BookingInput)
@blp.response(201, BookingSchema)
def book(values, item_id):
    """Book an item; refused (409) when its held span meets another booking"""
    obj = load(EquipmentItem, item_id, "equipment.view", conceal=True)
    require("booking.create", obj)
    booking = booking_rules.create_booking(obj, values, current_user)
    db.session.commit()
    return booking, 201, etag(booking)


def _booking(item_id: int, booking_id: int) -> Booking:
    load(EquipmentItem, item_id, "equipment.view", conceal=True)
    booking = db.session.get(Booking, booking_id)
    if booking is None or booking.item_id != item_id:
        raise ApiError(404)
    return booking


@blp.route("/equipment/<int:item_id>/bookings/<int:booking_id>")
@blp.response(200, BookingSchema)
def booking(item_id, booking_id):
    """One booking"""
    obj = _booking(item_id, booking_id)
    return obj, 200, etag(obj)


@blp.route("/equipment/<int:item_id>/bookings/<int:booking_id>/cancellation", methods=["POST"])
@blp.arguments(VersionArgs)
@blp.response(200, BookingSchema)
def cancel(values, item_id, booking_id):
    """Cancel a booking (the booking side or the owner side)"""
    obj = _booking(item_id, booking_id)
    require("booking.cancel", obj)
    booking_rules.cancel_booking(obj, submitted_version(values))
    db.session.commit()
    return obj, 200, etag(obj)


