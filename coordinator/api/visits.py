"""Study visits with their places, programme, delegation, lessons and follow-ups; proposing a visit, answering it
(the workflow's steps), adding programme days and delegates and recording their visas, through the pages'
services."""

from __future__ import annotations

from flask_login import current_user
from marshmallow import fields

from ..exchanges.models import VISA_STATUSES
from ..extensions import db
from ..meetings.models import ACTION_STATUSES
from ..visits import delegation, parts, services
from ..visits.models import PLACE_KINDS, VISIT_STATUSES, Visit
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
    trainer_id = fields.Integer(allow_none=True, metadata={
        "description": "The traveller's record in the exchange; null for a guest held on the delegate"})
    guest = fields.Boolean(attribute="is_guest", metadata={"description": "Not a trainer: a guest of the side"})
    name_fa = fields.String(attribute="traveller.name_fa")
    name_ar = fields.String(attribute="traveller.name_ar")
    side_id = fields.Integer(attribute="traveller.side_id")
    user_id = fields.Integer(attribute="traveller.user_id", allow_none=True)
    post_fa = fields.String()
    post_ar = fields.String()
    heads = fields.Boolean(metadata={"description": "Head of the delegation"})
    visa_status = fields.String(metadata={"enum": list(VISA_STATUSES)})
    visa_valid_from = fields.Date(allow_none=True)
    visa_valid_until = fields.Date(allow_none=True)


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


# Writing: the pages' services, the same rules and refusals ------------------------------------------------


class VisitInput(ApiSchema):
    name_fa = Text(200, 1, required=True)
    name_ar = Text(200, 1, required=True)
    name_en = Text(200, allow_none=True)
    host_side_id = Id(required=True)
    guest_side_id = Id(required=True)
    purpose_fa = Text(4000, load_default="")
    purpose_ar = Text(4000, load_default="")
    starts_on = Day(required=True, metadata={"description": "First day, on the host side's clock"})
    ends_on = Day(required=True, metadata={"description": "Last day, on the host side's clock"})
    host_contacts = Text(4000, load_default="")


class VisitStep(VersionArgs):
    action = Choice(services.STEPS, required=True, metadata={
        "description": "accept, confirm, took_place (the host side); report (the visiting side); cancel (either)"})
    reason = Text(1000, load_default="", metadata={"description": "Required to cancel"})


class DelegateInput(ApiSchema):
    """A trainer of the visiting side (trainer_id), or a guest: names, passport number and expiry."""

    trainer_id = Id(allow_none=True, load_default=None)
    name_fa = Text(200, load_default="")
    name_ar = Text(200, load_default="")
    name_en = Text(200, load_default="")
    passport_number = Text(40, load_default="")
    passport_expires_on = Day(allow_none=True, load_default=None)
    user_id = Id(allow_none=True, load_default=None, metadata={
        "description": "A guest's account: a manager or liaison of the visiting side"})
    post_fa = Text(200, load_default="")
    post_ar = Text(200, load_default="")
    heads = fields.Boolean(load_default=False)


class DayInput(ApiSchema):
    day = Day(required=True, metadata={"description": "A day of the visit, on the host side's clock"})
    text_fa = Text(2000, load_default="")
    text_ar = Text(2000, load_default="")


class VisaInput(ApiSchema):
    visa_status = Choice(VISA_STATUSES, required=True)
    visa_valid_from = Day(allow_none=True, load_default=None)
    visa_valid_until = Day(allow_none=True, load_default=None, metadata={"description": "Required when issued"})
    visa_number = Text(60, load_default="")


def _saved(obj: Visit, status: int = 200):
    db.session.commit()
    return obj, status, etag(obj)


@blp.route("/visits", methods=["POST"])
@blp.arguments(VisitInput)
@blp.response(201, VisitSchema)
def propose(values):
    """Propose a study visit your side hosts or makes"""
    require("visit.propose")
    return _saved(services.propose(values, current_user), 201)


@blp.route("/visits/<int:visit_id>/transitions", methods=["POST"])
@blp.arguments(VisitStep)
@blp.response(200, VisitSchema)
def transition(values, visit_id):
    """Answer a visit: accept it with the programme, confirm it (documents hold), record that it took place,
    send the report, or cancel it with a reason"""
    obj = load(Visit, visit_id, "visit.view", conceal=True)
    require(services.STEPS[values["action"]][2], obj)
    services.move(obj, values["action"], current_user, reason=values["reason"], version=submitted_version(values))
    return _saved(obj)


@blp.route("/visits/<int:visit_id>/delegates", methods=["POST"])
@blp.arguments(DelegateInput)
@blp.response(201, VisitSchema)
def delegate_add(values, visit_id):
    """Add a member to the visiting side's delegation: a trainer, or a guest checked by the same document rules"""
    obj = load(Visit, visit_id, "visit.view", conceal=True)
    require("visit.delegation", obj)
    delegation.add_delegate(obj, values, current_user)
    return _saved(obj, 201)


@blp.route("/visits/<int:visit_id>/days", methods=["POST"])
@blp.arguments(DayInput)
@blp.response(201, VisitSchema)
def day_add(values, visit_id):
    """Add a day to the programme (the host side; a day inside the visit)"""
    obj = load(Visit, visit_id, "visit.view", conceal=True)
    require("visit.host", obj)
    parts.add_day(obj, values, current_user)
    return _saved(obj, 201)


@blp.route("/visits/<int:visit_id>/delegates/<int:delegate_id>/visa", methods=["PUT"])
@blp.arguments(VisaInput)
@blp.response(200, VisitSchema)
def delegate_visa(values, visit_id, delegate_id):
    """Record where a delegate's visa for this visit stands (the visiting side)"""
    obj = load(Visit, visit_id, "visit.view", conceal=True)
    require("visit.delegation", obj)
    delegation.record_visa(obj, delegate_id, values, current_user)
    return _saved(obj)
