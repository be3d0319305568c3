"""The programme plan's yearly targets and the budget lines of courses, trips and equipment loans, through the
plan services (the same checks and permission rules as the pages). Amounts travel as decimal text
("1234567.50"), never as binary floats."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from flask import Response, g
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from marshmallow import ValidationError, fields
from sqlalchemy import select

from ..courses.models import Course
from ..equipment.models import Transfer
from ..exchanges.models import Assignment
from ..extensions import db
from ..plan import budget, catalogue, services
from ..plan.compare import target_groups
from ..plan.models import BUDGET_ITEMS, CURRENCIES, BudgetLine, PlanTarget
from ..web import load
from .common import (
    ApiSchema,
    Blueprint,
    Choice,
    Day,
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
from .errors import ApiError
from .schemas import Ref, Versioned

blp = Blueprint("plan", __name__, description="The programme plan's targets and budget lines")

AMOUNT_PATTERN = r"^[0-9]{1,13}(\.[0-9]{1,2})?$"
RATE_PATTERN = r"^[0-9]{1,8}(\.[0-9]{1,6})?$"
NOT_AN_AMOUNT = _l("Give the amount as decimal text, such as “1250000” or “12.50”.")
ONE_OWNER = _l("Give exactly one of course_id, assignment_id and transfer_id.")
ONE_PAYER = _l("Give either payer_side_id (one of the sides pays) or payer_name (a third party), not both.")
OWNERS = {"course": Course, "assignment": Assignment, "transfer": Transfer}


class Amount(fields.String):
    """An exact decimal as text; the document states its pattern, the field reads it as a Decimal."""

    def __init__(self, pattern: str = AMOUNT_PATTERN, **kwargs):
        self.regex = re.compile(pattern)
        metadata = {"pattern": pattern, **kwargs.pop("metadata", {})}
        super().__init__(metadata=metadata, **kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else format(Decimal(value), "f")

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if not self.regex.fullmatch(text):
            raise ValidationError(str(NOT_AN_AMOUNT))
        try:
            return Decimal(text)
        except InvalidOperation as exc:  # the pattern keeps this out; a guard, not a path
            raise ValidationError(str(NOT_AN_AMOUNT)) from exc


# Targets ------------------------------------------------------------------------------------------------


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


# Budget lines -------------------------------------------------------------------------------------------


class BudgetLineSchema(Versioned):
    id = fields.Integer(required=True)
    course_id = fields.Integer(allow_none=True)
    assignment_id = fields.Integer(allow_none=True, metadata={"description": "A trip (a trainer's assignment)"})
    transfer_id = fields.Integer(allow_none=True, metadata={"description": "An equipment loan"})
    item = fields.String(required=True, metadata={"enum": list(BUDGET_ITEMS)})
    description = fields.String()
    payer_side = fields.Nested(Ref, allow_none=True, metadata={"description": "The side that pays, if a side does"})
    payer_name = fields.String(metadata={"description": "The third party that pays, if one does"})
    currency = fields.String(required=True, metadata={"enum": list(CURRENCIES)})
    rate = Amount(RATE_PATTERN, required=True, metadata={"description": "Units of the currency for one US dollar"})
    rate_on = fields.Date(required=True, metadata={"description": "The day of the exchange rate"})
    planned = Amount(required=True)
    committed = Amount(required=True)
    actual = Amount(required=True)


class BudgetLineArgs(ListArgs):
    course = QueryId()
    assignment = QueryId()
    transfer = QueryId()
    payer_side = QueryId()
    currency = Choice(CURRENCIES)


class BudgetLineFields(ApiSchema):
    item = Choice(BUDGET_ITEMS)
    description = Text(300)
    payer_side_id = Id(allow_none=True)
    payer_name = Text(200, allow_none=True)
    currency = Choice(CURRENCIES)
    rate = Amount(RATE_PATTERN, allow_none=True, metadata={
        "description": "Units of the currency for one US dollar on rate_on (USD: 1, the default)"})
    rate_on = Day(metadata={"description": "The day of the exchange rate: not in the future"})
    planned = Amount()
    committed = Amount()
    actual = Amount()


class BudgetLineInput(BudgetLineFields):
    course_id = Id(allow_none=True, load_default=None)
    assignment_id = Id(allow_none=True, load_default=None)
    transfer_id = Id(allow_none=True, load_default=None)
    item = Choice(BUDGET_ITEMS, required=True)
    currency = Choice(CURRENCIES, required=True)
    rate_on = Day(required=True, metadata={"description": "The day of the exchange rate: not in the future"})


class BudgetLinePatch(BudgetLineFields, VersionArgs):
    pass


def _payer(values: dict, current: BudgetLine | None = None) -> dict:
    """The service's `payer` (a side's id as text, or "other" with a name) from the API's two fields."""
    side_id, name = values.pop("payer_side_id", None), values.pop("payer_name", None)
    if side_id is not None and name:
        raise ApiError(422, ONE_PAYER, {"payer_side_id": [ONE_PAYER]})
    if side_id is None and not name and current is not None:
        side_id, name = current.payer_side_id, current.payer_name
    if side_id is not None:
        return {"payer": str(side_id)}
    return {"payer": budget.THIRD_PARTY, "payer_name": name or ""}


def _line(line_id: int) -> tuple[BudgetLine, object]:
    require("budget.view")
    line = db.session.get(BudgetLine, line_id) if line_id > 0 else None
    if line is None:
        raise ApiError(404)
    return line, budget.owner_of(line)


@blp.route("/budget-lines")
@blp.arguments(BudgetLineArgs, location="query")
@blp.response(200, page_schema(BudgetLineSchema, "BudgetLinePage"))
def lines(args):
    """Budget lines of courses, trips and loans; filter by what they belong to, the payer side, the currency"""
    require("budget.view")
    stmt = select(BudgetLine)
    for key, column in (("course", BudgetLine.course_id), ("assignment", BudgetLine.assignment_id),
                        ("transfer", BudgetLine.transfer_id), ("payer_side", BudgetLine.payer_side_id),
                        ("currency", BudgetLine.currency)):
        if args.get(key):
            stmt = stmt.where(column == args[key])
    return paginate(stmt.order_by(BudgetLine.id), args)


@blp.route("/budget-lines/<int:line_id>")
@blp.response(200, BudgetLineSchema)
def line(line_id):
    """One budget line"""
    obj, _owner = _line(line_id)
    return obj, 200, etag(obj)


@blp.route("/budget-lines", methods=["POST"])
@blp.arguments(BudgetLineInput)
@blp.response(201, BudgetLineSchema)
def line_create(values):
    """Add a budget line to a course, a trip or a loan (who keeps that budget: its host side's liaisons,
    managers, admins); an exchange rate of zero or dated in the future is refused"""
    require("budget.view")
    given = [(kind, values.pop(f"{kind}_id")) for kind in OWNERS]
    given = [(kind, ident) for kind, ident in given if ident is not None]
    if len(given) != 1:
        raise ApiError(422, ONE_OWNER, {"course_id": [ONE_OWNER]})
    kind, ident = given[0]
    owner = load(OWNERS[kind], ident)
    require("budget.manage", owner)
    obj = budget.add_line(owner, {**values, **_payer(values)}, current_user)
    db.session.commit()
    return obj, 201, etag(obj)


@blp.route("/budget-lines/<int:line_id>", methods=["PATCH"])
@blp.arguments(BudgetLinePatch)
@blp.response(200, BudgetLineSchema)
def line_update(values, line_id):
    """Change a budget line: the fields given; the rest stay as they are"""
    obj, owner = _line(line_id)
    require("budget.manage", owner)
    version = submitted_version(values)
    values.pop("version", None)
    current = {key: getattr(obj, key) for key in ("item", "description", "currency", "rate", "rate_on",
                                                  *budget.AMOUNTS)}
    budget.update_line(obj, {**current, **values, **_payer(values, obj)}, version, current_user)
    db.session.commit()
    return obj, 200, etag(obj)


@blp.route("/budget-lines/<int:line_id>", methods=["DELETE"])
@blp.arguments(VersionQuery, location="query")
@blp.response(204)
def line_delete(values, line_id):
    """Remove a budget line (its version in If-Match or ?version=)"""
    obj, owner = _line(line_id)
    require("budget.manage", owner)
    budget.delete_line(obj, submitted_version(values), current_user)
    db.session.commit()
    return Response(status=204)

