"""Reference data, read-only: sides, training centres, skill standards, target groups."""

from __future__ import annotations

from marshmallow import fields
from sqlalchemy import select

from ..catalog.models import CENTRE_KINDS, Centre, Side, SkillStandard, TargetGroup
from ..web import load
from .common import Blueprint, ListArgs, QueryId, etag, page_schema, paginate, require, search
from .schemas import NamesMixin, Ref, Versioned

blp = Blueprint("catalog", __name__, description="Reference data: sides, centres, skill standards, target groups")


class CatalogSchema(NamesMixin, Versioned):
    id = fields.Integer(required=True)
    active = fields.Boolean(required=True)


class SideSchema(CatalogSchema):
    code = fields.String(required=True)
    country_code = fields.String(required=True)
    organisation_fa = fields.String()
    organisation_ar = fields.String()
    organisation_en = fields.String(allow_none=True)
    timezone = fields.String(required=True)
    calendar = fields.String(required=True)
    weekend = fields.List(fields.Integer(), metadata={"description": "Python weekdays: Monday 0 … Sunday 6"})


class CentreSchema(CatalogSchema):
    side = fields.Nested(Ref, required=True)
    kind = fields.String(required=True, metadata={"enum": list(CENTRE_KINDS)})
    city_fa = fields.String()
    city_ar = fields.String()
    address = fields.String()
    contact_name = fields.String()
    phone = fields.String()
    email = fields.String()


class StandardSchema(CatalogSchema):
    code = fields.String(required=True)
    field_fa = fields.String()
    field_ar = fields.String()
    theory_hours = fields.Integer()
    practice_hours = fields.Integer()
    pass_mark_theory = fields.Integer()
    pass_mark_practice = fields.Integer()
    isco_code = fields.String(allow_none=True, metadata={"description": "ISCO-08 unit group (4 digits)"})


class TargetGroupSchema(CatalogSchema):
    code = fields.String(required=True)
    description = fields.String()
    sort_order = fields.Integer()


class CatalogArgs(ListArgs):
    active = fields.Boolean(metadata={"description": "Only active (true) or only inactive (false) records"})


class CentreArgs(CatalogArgs):
    side = QueryId(metadata={"description": "Side id"})


def _listing(model, args, *order):
    require("catalog.view")
    stmt = search(select(model), model, args["q"])
    if args.get("active") is not None:
        stmt = stmt.where(model.active.is_(args["active"]))
    if args.get("side") and hasattr(model, "side_id"):
        stmt = stmt.where(model.side_id == args["side"])
    return paginate(stmt.order_by(*order, model.id), args)


def _detail(model, ident):
    obj = load(model, ident, "catalog.view", conceal=True)
    return obj, 200, etag(obj)


@blp.route("/sides")
@blp.arguments(CatalogArgs, location="query")
@blp.response(200, page_schema(SideSchema, "SidePage"))
def sides(args):
    """The sides of the programme"""
    return _listing(Side, args)


@blp.route("/sides/<int:side_id>")
@blp.response(200, SideSchema)
def side(side_id):
    """One side"""
    return _detail(Side, side_id)


@blp.route("/centres")
@blp.arguments(CentreArgs, location="query")
@blp.response(200, page_schema(CentreSchema, "CentrePage"))
def centres(args):
    """Training centres"""
    return _listing(Centre, args, Centre.side_id)


@blp.route("/centres/<int:centre_id>")
@blp.response(200, CentreSchema)
def centre(centre_id):
    """One training centre"""
    return _detail(Centre, centre_id)


@blp.route("/skill-standards")
@blp.arguments(CatalogArgs, location="query")
@blp.response(200, page_schema(StandardSchema, "SkillStandardPage"))
def standards(args):
    """Skill standards"""
    return _listing(SkillStandard, args, SkillStandard.code)


@blp.route("/skill-standards/<int:standard_id>")
@blp.response(200, StandardSchema)
def standard(standard_id):
    """One skill standard"""
    return _detail(SkillStandard, standard_id)


@blp.route("/target-groups")
@blp.arguments(CatalogArgs, location="query")
@blp.response(200, page_schema(TargetGroupSchema, "TargetGroupPage"))
def target_groups(args):
    """Target groups"""
    return _listing(TargetGroup, args, TargetGroup.sort_order)


@blp.route("/target-groups/<int:group_id>")
@blp.response(200, TargetGroupSchema)
def target_group(group_id):
    """One target group"""
    return _detail(TargetGroup, group_id)
