"""Budget lines of courses, trips and equipment loans, their totals per payer and currency, and a trip's
per-diem, through the plan area's budget services (the same checks and permission rules as the pages).
Amounts travel as decimal text ("1234567.50"), never as binary floats."""

from __future__ import annotations

from flask import Response
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from marshmallow import fields
from sqlalchemy import select

from ..courses.models import Course
from ..equipment.models import Transfer
from ..exchanges.models import Assignment
from ..extensions import db
from ..l10n.locales import babel_locale
from ..plan import budget
from ..plan.models import BUDGET_ITEMS, CURRENCIES, BudgetLine
from ..web import load
from .common import (
    RATE_PATTERN,
    Amount,
    ApiSchema,
    Blueprint,
    Choice,
    Day,
    Id,
    ListArgs,
    QueryId,
    Text,
    VersionArgs,
    VersionQuery,
    etag,
    page_schema,
    paginate,
    require,
    submitted_version,
)
from .errors import ApiError, api_language
from .schemas import Ref, Versioned

blp = Blueprint("budget", __name__, description="Budget lines of courses, trips and equipment loans")

ONE_OWNER = _l("Give exactly one of course_id, assignment_id and transfer_id.")
ONE_PAYER = _l("Give either payer_side_id (one of the sides pays) or payer_name (a third party), not both.")
OWNERS = {"course": Course, "assignment": Assignment, "transfer": Transfer}


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
    return paginate(_filtered(args).order_by(BudgetLine.id), args)


class BudgetTotalSchema(ApiSchema):
    payer = fields.String(required=True, metadata={"description": "The side's name (in Accept-Language) or the "
                                                                  "third party's"})
    payer_side_id = fields.Integer(allow_none=True)
    currency = fields.String(required=True, metadata={"enum": list(CURRENCIES)})
    planned = Amount(required=True)
    committed = Amount(required=True)
    actual = Amount(required=True)


class BudgetTotalsSchema(ApiSchema):
    totals = fields.List(fields.Nested(BudgetTotalSchema), required=True, metadata={
        "description": "Per payer and currency (never added across currencies), sides before third parties"})


class BudgetTotalArgs(BudgetLineArgs):
    class Meta(BudgetLineArgs.Meta):
        exclude = ("page", "per_page", "q")


def _filtered(args: dict):
    stmt = select(BudgetLine)
    for key, column in (("course", BudgetLine.course_id), ("assignment", BudgetLine.assignment_id),
                        ("transfer", BudgetLine.transfer_id), ("payer_side", BudgetLine.payer_side_id),
                        ("currency", BudgetLine.currency)):
        if args.get(key):
            stmt = stmt.where(column == args[key])
    return stmt


@blp.route("/budget-lines/totals")
@blp.arguments(BudgetTotalArgs, location="query")
@blp.response(200, BudgetTotalsSchema)
def totals(args):
    """Totals of the budget lines chosen by the same filters as the list, per payer and currency"""
    require("budget.view")
    with force_locale(babel_locale(api_language())):  # a side's name in the client's language
        return {"totals": [vars(total) for total in budget.totals(db.session.scalars(_filtered(args)))]}


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


class PerDiemInput(ApiSchema):
    assignment_id = Id(required=True, metadata={"description": "The trip"})
    rate = Amount(RATE_PATTERN, allow_none=True, load_default=None, metadata={
        "description": "The exchange rate the line is kept at: units of the per-diem's currency for one US "
                       "dollar (USD: 1, the default)"})
    rate_on = Day(required=True, metadata={"description": "The day of the exchange rate: not in the future"})


@blp.route("/budget-lines/per-diem", methods=["POST"])
@blp.arguments(PerDiemInput)
@blp.response(201, BudgetLineSchema)
def per_diem(values):
    """Add a trip's per-diem, computed from its dates and the per-diem rate in force (paid by the trainer's
    side); refused when no rate applies"""
    require("budget.view")
    trip = load(Assignment, values["assignment_id"])
    require("budget.manage", trip)
    obj = budget.add_per_diem(trip, {"rate": values["rate"], "rate_on": values["rate_on"]}, current_user)
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

