"""Agro-industry tracks and their milestones, through the agro services (dependencies and cycles checked)."""

from __future__ import annotations

from flask_login import current_user
from marshmallow import fields, validate
from sqlalchemy import select

from ..agro import services
from ..agro.models import MILESTONE_STATUSES, Milestone, Track
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
    search,
    submitted_version,
)
from .schemas import NamesMixin, Ref, Versioned

blp = Blueprint("agro", __name__, description="Agro-industry tracks and milestones")
FIELDS = ("name_fa", "name_ar", "name_en", "side_id", "starts_on", "due_on", "status", "blocked_reason",
          "progress", "done_on", "evidence_notes")


class LeadSchema(ApiSchema):
    side = fields.Nested(Ref, required=True)
    name = fields.String(allow_none=True)


class TrackSchema(NamesMixin, Versioned):
    id = fields.Integer(required=True)
    description = fields.String()
    leads = fields.List(fields.Nested(LeadSchema))


class MilestoneSchema(NamesMixin, Versioned):
    id = fields.Integer(required=True)
    track_id = fields.Integer(required=True)
    side = fields.Nested(Ref, required=True)
    starts_on = fields.Date(allow_none=True)
    due_on = fields.Date(required=True)
    done_on = fields.Date(allow_none=True)
    status = fields.String(required=True, metadata={"enum": list(MILESTONE_STATUSES)})
    blocked_reason = fields.String()
    progress = fields.Integer()
    evidence_notes = fields.String()
    depends_on_ids = fields.Method("_deps")
    course_ids = fields.Method("_courses")

    def _deps(self, milestone):
        return [m.id for m in milestone.depends_on]

    def _courses(self, milestone):
        return [c.id for c in milestone.courses]


class MilestoneArgs(ListArgs):
    side = QueryId()
    status = Choice(MILESTONE_STATUSES)


class MilestoneInput(ApiSchema):
    name_fa = Text(200, required=True)
    name_ar = Text(200, required=True)
    name_en = Text(200, allow_none=True, load_default=None)
    side_id = Id(required=True)
    starts_on = Day(allow_none=True, load_default=None)
    due_on = Day(required=True)
    status = Choice(MILESTONE_STATUSES, load_default="planned")
    blocked_reason = Text(4000, load_default="")
    progress = fields.Integer(strict=True, load_default=0, validate=validate.Range(min=0, max=100))
    done_on = Day(allow_none=True, load_default=None)
    evidence_notes = Text(4000, load_default="")
    depends_on_ids = fields.List(Id(), load_default=list, validate=validate.Length(max=100))
    course_ids = fields.List(Id(), load_default=list, validate=validate.Length(max=100))


class MilestonePatch(MilestoneInput, VersionArgs):
    """Only the fields that change, and the version being changed."""


@blp.route("/tracks")
@blp.arguments(ListArgs, location="query")
@blp.response(200, page_schema(TrackSchema, "TrackPage"))
def tracks(args):
    """Agro-industry collaboration tracks"""
    require("agro.view")
    return paginate(search(select(Track), Track, args["q"]).order_by(Track.search_key, Track.id), args)


@blp.route("/tracks/<int:track_id>")
@blp.response(200, TrackSchema)
def track(track_id):
    """One track"""
    obj = load(Track, track_id, "agro.view", conceal=True)
    return obj, 200, etag(obj)


@blp.route("/tracks/<int:track_id>/milestones")
@blp.arguments(MilestoneArgs, location="query")
@blp.response(200, page_schema(MilestoneSchema, "MilestonePage"))
def milestones(args, track_id):
    """A track's milestones by due date"""
    obj = load(Track, track_id, "agro.view", conceal=True)
    stmt = search(select(Milestone).where(Milestone.track_id == obj.id), Milestone, args["q"])
    if args.get("side"):
        stmt = stmt.where(Milestone.side_id == args["side"])
    if args.get("status"):
        stmt = stmt.where(Milestone.status == args["status"])
    return paginate(stmt.order_by(Milestone.due_on, Milestone.id), args)


@blp.route("/tracks/<int:track_id>/milestones", methods=["POST"])
@blp.arguments(MilestoneInput)
@blp.response(201, MilestoneSchema)
def milestone_create(values, track_id):
    """Add a milestone of your own side"""
    obj = load(Track, track_id, "agro.view", conceal=True)
    require("milestone.manage")
    milestone = services.create_milestone(obj, values, current_user)
    db.session.commit()
    return milestone, 201, etag(milestone)


@blp.route("/milestones/<int:milestone_id>")
@blp.response(200, MilestoneSchema)
def milestone(milestone_id):
    """One milestone"""
    obj = load(Milestone, milestone_id, "agro.view", conceal=True)
    return obj, 200, etag(obj)


@blp.route("/milestones/<int:milestone_id>", methods=["PATCH"])
@blp.arguments(MilestonePatch(partial=tuple(MilestoneInput().fields)))
@blp.response(200, MilestoneSchema)
def milestone_update(values, milestone_id):
    """Change a milestone: status, progress, dates, dependencies"""
    obj = load(Milestone, milestone_id, "agro.view", conceal=True)
    require("milestone.manage", obj)
    version = submitted_version(values)
    values.pop("version", None)
    current = {key: getattr(obj, key) for key in FIELDS}
    current |= {"depends_on_ids": [d.id for d in obj.depends_on], "course_ids": [c.id for c in obj.courses]}
    services.update_milestone(obj, {**current, **values}, version, current_user)
    db.session.commit()
    return obj, 200, etag(obj)
