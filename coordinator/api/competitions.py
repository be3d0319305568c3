"""Skill competitions and their results, read-only."""

from __future__ import annotations

from marshmallow import fields

from ..competitions import services
from ..competitions.models import LEVELS, MEDALS, Competition
from ..web import load
from .common import ApiSchema, Blueprint, Choice, ListArgs, QueryId, etag, page_schema, paginate, require
from .schemas import CodeRef, NamesMixin, Ref, Versioned

blp = Blueprint("competitions", __name__, description="Skill competitions and results")


class ParticipantSchema(ApiSchema):
    id = fields.Integer(required=True)
    trainee_id = fields.Integer(required=True)
    name_fa = fields.String(attribute="trainee.name_fa")
    name_ar = fields.String(attribute="trainee.name_ar")
    side_id = fields.Integer(attribute="trainee.side_id")
    score = fields.Float(allow_none=True, metadata={"description": "A number, e.g. 94.5"})
    rank = fields.Integer(allow_none=True)
    medal = fields.String(allow_none=True, metadata={"enum": list(MEDALS)})


class CompetitionSchema(NamesMixin, Versioned):
    id = fields.Integer(required=True)
    level = fields.String(required=True, metadata={"enum": list(LEVELS)})
    skill_standard = fields.Nested(CodeRef, required=True)
    organiser_side = fields.Nested(Ref, required=True)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    venue = fields.String()
    participants = fields.List(fields.Nested(ParticipantSchema))


class CompetitionArgs(ListArgs):
    level = Choice(LEVELS)
    side = QueryId(metadata={"description": "Organising side"})
    skill_standard = QueryId()


@blp.route("/competitions")
@blp.arguments(CompetitionArgs, location="query")
@blp.response(200, page_schema(CompetitionSchema, "CompetitionPage"))
def competitions(args):
    """Skill competitions"""
    require("competition.view")
    stmt = services.search(args["q"].strip() or None, level=args.get("level"), side_id=args.get("side"),
                           skill_id=args.get("skill_standard"))
    return paginate(stmt, args)


@blp.route("/competitions/<int:competition_id>")
@blp.response(200, CompetitionSchema)
def competition(competition_id):
    """One competition with its participants and results"""
    obj = load(Competition, competition_id, "competition.view", conceal=True)
    return obj, 200, etag(obj)
