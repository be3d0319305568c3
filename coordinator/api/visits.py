"""Study visits with their places, programme, delegation, lessons and follow-ups, read-only."""

from __future__ import annotations

from flask_login import current_user
from marshmallow import fields

from ..meetings.models import ACTION_STATUSES
from ..visits import services
from ..visits.models import PLACE_KINDS, VISIT_STATUSES, Visit
from ..web import load
from .common import ApiSchema, Blueprint, Choice, ListArgs, QueryId, etag, page_schema, paginate, require
from .schemas import NamesMixin, Ref, UserRef, Versioned

blp = Blueprint("visits", __name__, description="Study visits and delegations between the two sides")


class PlaceSchema(ApiSchema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True, metadata={"enum": list(PLACE_KINDS)})
    centre_id = fields.Integer(allow_none=True)
    name_fa = fields.Method("_fa")
    name_ar = fields.Method("_ar")

    def _fa(self, place):
        return place.name_in("fa")

    def _ar(self, place):
        return place.name_in("ar")


class DaySchema(ApiSchema):
    id = fields.Integer(required=True)
    day = fields.Date(required=True, metadata={"description": "On the host side's clock"})
    text_fa = fields.String()
    text_ar = fields.String()


class DelegateSchema(ApiSchema):
    id = fields.Integer(required=True)
    trainer_id = fields.Integer(required=True, metadata={"description": "The traveller's record in the exchange"})
    name_fa = fields.String(attribute="traveller.name_fa")
    name_ar = fields.String(attribute="traveller.name_ar")
    side_id = fields.Integer(attribute="traveller.side_id")
    post_fa = fields.String()
    post_ar = fields.String()
    heads = fields.Boolean(metadata={"description": "Head of the delegation"})


class FollowUpSchema(NamesMixin):
    id = fields.Integer(required=True, metadata={"description": "The action item's id (/action-items/{id})"})
    owner = fields.Nested(UserRef)
    side_id = fields.Integer()
    due_on = fields.Date()
    status = fields.String(metadata={"enum": list(ACTION_STATUSES)})
    closed_on = fields.Date(allow_none=True)


class LessonSchema(ApiSchema):
    id = fields.Integer(required=True)
    topic_fa = fields.String()
    topic_ar = fields.String()
    observations = fields.String()
    practices = fields.String()
    follow_ups = fields.List(fields.Nested(FollowUpSchema))


class VisitSchema(NamesMixin, Versioned):
    id = fields.Integer(required=True)
    status = fields.String(required=True, metadata={"enum": list(VISIT_STATUSES)})
    host_side = fields.Nested(Ref, required=True)
    guest_side = fields.Nested(Ref, required=True)
    proposed_by_side_id = fields.Integer()
    starts_on = fields.Date(required=True, metadata={"description": "First day, on the host side's clock"})
    ends_on = fields.Date(required=True, metadata={"description": "Last day, on the host side's clock"})
    purpose_fa = fields.String()
    purpose_ar = fields.String()
    host_contacts = fields.String()
    reason = fields.String(metadata={"description": "Why it was cancelled"})
    places = fields.List(fields.Nested(PlaceSchema))
    days = fields.List(fields.Nested(DaySchema))
    delegates = fields.List(fields.Nested(DelegateSchema))
    lessons = fields.List(fields.Nested(LessonSchema))


class VisitArgs(ListArgs):
    status = Choice(VISIT_STATUSES)
    side = QueryId(metadata={"description": "A side hosting or visiting (see role)"})
    role = Choice(("host", "guest"), metadata={"description": "With side: only the visits it hosts, or makes"})


@blp.route("/visits")
@blp.arguments(VisitArgs, location="query")
@blp.response(200, page_schema(VisitSchema, "VisitPage"))
def visits(args):
    """Study visits, newest first (a trainer sees the visits they travel on)"""
    require("visit.view")
    stmt = services.search(args["q"].strip() or None, status=args.get("status"), side_id=args.get("side"),
                           role=args.get("role"))
    if current_user.role == "trainer":
        stmt = stmt.where(Visit.id.in_(services.travelling(current_user.id)))
    return paginate(stmt, args)


@blp.route("/visits/<int:visit_id>")
@blp.response(200, VisitSchema)
def visit(visit_id):
    """One study visit with its places, programme, delegation, lessons and follow-ups"""
    obj = load(Visit, visit_id, "visit.view", conceal=True)
    return obj, 200, etag(obj)
