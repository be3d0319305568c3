"""The programme plan's yearly targets through the plan services (the same checks and permission rules as the
pages). A target travels as decimal text ("120", "70.5"), never as a binary float."""

from __future__ import annotations

from flask import Response, g
from flask_login import current_user
from marshmallow import fields
from sqlalchemy import select

from ..extensions import db
from ..plan import catalogue, services
from ..plan.compare import target_groups
from ..plan.models import PlanTarget
from ..web import load
from .common import (
    Amount,
    ApiSchema,
    Blueprint,
    Id,
    ListArgs,
    QueryId,
    QueryInt,
    Text,
    VersionArgs,
    VersionQuery,
    etag,
    page_schema,
    paginate,
    require,
    submitted_version,
)
from .schemas import Ref, Versioned

blp = Blueprint("plan", __name__, description="The programme plan's yearly targets")


class PlanTargetSchema(Versioned):
    id = fields.Integer(required=True)
    side = fields.Nested(Ref, required=True)
    year = fields.Integer(required=True, metadata={"description": "A year of the side's calendar (Solar Hijri "
                                                                  "for Khuzestan, Gregorian for Maysan)"})
    figure = fields.String(required=True)
    figure_label = fields.Method("_label", metadata={"type": "string"})
    kind = fields.Method("_kind", metadata={"type": "string", "enum": ["count", "share"]})
    target = Amount(required=True, metadata={"description": "For the year; a share is a minimum per cent"})
    starts_on = fields.Date(required=True, metadata={"description": "The year's first Gregorian day"})
    ends_on = fields.Date(required=True)

    def _figure(self, target):
        if "plan_groups" not in g:  # once per request, not once per listed target
            g.plan_groups = target_groups()
        return catalogue.plannable(target.figure, g.plan_groups)

    def _label(self, target):
        figure = self._figure(target)
        return str(figure.label) if figure is not None else target.figure

    def _kind(self, target):
        figure = self._figure(target)
        return figure.kind if figure is not None else "count"


class PlanTargetArgs(ListArgs):
    side = QueryId()
    year = QueryInt(1, 9999, metadata={"description": "A year of the side's calendar"})
    figure = Text(80)


class PlanTargetInput(ApiSchema):
    side_id = Id(required=True)
    year = fields.Integer(strict=True, required=True, metadata={"description": "In the side's calendar"})
    figure = Text(80, 1, required=True, metadata={"description": "A figure key of the dashboard, e.g. "
                                                                 "trainees.enrolled or courses.practical_share"})
    target = Amount(required=True)


class PlanTargetPatch(VersionArgs):
    target = Amount(required=True)


@blp.route("/plan/targets")
@blp.arguments(PlanTargetArgs, location="query")
@blp.response(200, page_schema(PlanTargetSchema, "PlanTargetPage"))
def targets(args):
    """The plan's yearly targets, by side, newest year first"""
    require("plan.view")
    stmt = select(PlanTarget)
    if args.get("side"):
        stmt = stmt.where(PlanTarget.side_id == args["side"])
    if args.get("year"):
        stmt = stmt.where(PlanTarget.year == args["year"])
    if args.get("figure"):
        stmt = stmt.where(PlanTarget.figure == args["figure"])
    return paginate(stmt.order_by(PlanTarget.side_id, PlanTarget.year.desc(), PlanTarget.figure, PlanTarget.id), args)


@blp.route("/plan/targets/<int:target_id>")
@blp.response(200, PlanTargetSchema)
def target(target_id):
    """One target"""
    obj = load(PlanTarget, target_id, "plan.view", conceal=True)
    return obj, 200, etag(obj)


@blp.route("/plan/targets", methods=["POST"])
@blp.arguments(PlanTargetInput)
@blp.response(201, PlanTargetSchema)
def target_create(values):
    """Set a target (a liaison for their own side); a second target for the same figure, side and year is refused"""
    require("plan.manage")
    obj = services.create_target(values, current_user)
    db.session.commit()
    return obj, 201, etag(obj)


@blp.route("/plan/targets/<int:target_id>", methods=["PATCH"])
@blp.arguments(PlanTargetPatch)
@blp.response(200, PlanTargetSchema)
def target_update(values, target_id):
    """Change a target's value"""
    obj = load(PlanTarget, target_id, "plan.view", conceal=True)
    require("plan.manage", obj)
    services.update_target(obj, values["target"], submitted_version(values), current_user)
    db.session.commit()
    return obj, 200, etag(obj)


@blp.route("/plan/targets/<int:target_id>", methods=["DELETE"])
@blp.arguments(VersionQuery, location="query")
@blp.response(204)
def target_delete(values, target_id):
    """Remove a target (its version in If-Match or ?version=)"""
    obj = load(PlanTarget, target_id, "plan.view", conceal=True)
    require("plan.manage", obj)
    services.delete_target(obj, submitted_version(values), current_user)
    db.session.commit()
    return Response(status=204)
