"""Trainer exchange: trainers (read-only) and assignments with their workflow, through the exchange services."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from marshmallow import fields
from sqlalchemy import select
from sqlalchemy.orm import defaultload, lazyload

from ..auth.scope import scope_condition
from ..catalog.models import Centre
from ..courses.models import Course
from ..exchanges import assignments as services
from ..exchanges import trainer_services
from ..exchanges.models import ASSIGNMENT_STATUSES, LANGUAGE_LEVELS, ROLES, Assignment, Trainer
from ..extensions import db
from ..web import load
from .common import (
    ApiSchema,
    Blueprint,
    Choice,
    Id,
    Instant,
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
from .schemas import CodeRef, Ref, Versioned

blp = Blueprint("exchanges", __name__, description="Trainers and their assignments across the border")
CHOOSE_TRAINER = _l("Choose a trainer from the list.")


class TrainerSchema(Versioned):
    id = fields.Integer(required=True)
    name_fa = fields.String()
    name_ar = fields.String()
    side = fields.Nested(Ref, required=True)
    centre = fields.Nested(Ref, allow_none=True)
    user_id = fields.Integer(allow_none=True)
    skills = fields.List(fields.Nested(CodeRef))
    level_fa = fields.String(allow_none=True, metadata={"enum": list(LANGUAGE_LEVELS)})
    level_ar = fields.String(allow_none=True, metadata={"enum": list(LANGUAGE_LEVELS)})
    level_en = fields.String(allow_none=True, metadata={"enum": list(LANGUAGE_LEVELS)})
    qualifications = fields.String()


class TrainerArgs(ListArgs):
    side = QueryId()
    skill_standard = QueryId()
    language = Choice(trainer_services.LANGUAGES, metadata={"description": "Trainers who speak this language"})


class TrainerRef(ApiSchema):
    id = fields.Integer(required=True)
    name_fa = fields.String()
    name_ar = fields.String()
    side_id = fields.Integer()


class CourseRef(ApiSchema):
    id = fields.Integer(required=True)
    code = fields.String()
    name_fa = fields.String()
    name_ar = fields.String()
    host_side_id = fields.Integer()


class AssignmentSchema(Versioned):
    id = fields.Integer(required=True)
    trainer = fields.Nested(TrainerRef, required=True)
    course = fields.Nested(CourseRef, required=True)
    role = fields.String(metadata={"enum": list(ROLES)})
    status = fields.String(required=True, metadata={"enum": list(ASSIGNMENT_STATUSES)})
    travel_out_at = fields.DateTime(required=True)
    travel_back_at = fields.DateTime(required=True)
    crossing = fields.Nested(Ref, allow_none=True)
    accommodation = fields.String()
    transport = fields.String()
    skill_override = fields.String()
    reason = fields.String()


class AssignmentArgs(ListArgs):
    course = QueryId()
    trainer = QueryId()
    status = Choice(ASSIGNMENT_STATUSES)


class AssignmentEdit(ApiSchema):
    role = Choice(ROLES, load_default="lead")
    travel_out_at = Instant(required=True, metadata={"description": "ISO 8601 with offset"})
    travel_back_at = Instant(required=True)
    crossing_id = Id(allow_none=True, load_default=None)
    accommodation = Text(2000, load_default="")
    transport = Text(2000, load_default="")
    skill_override = Text(2000, load_default="", metadata={
        "description": "Why this trainer is kept although the skill standard is not among theirs"})


class AssignmentInput(AssignmentEdit):
    course_id = Id(required=True)
    trainer_id = Id(required=True)


class AssignmentPatch(AssignmentEdit, VersionArgs):
    """The whole of what may change, and the version being changed."""


class AssignmentTransition(VersionArgs):
    action = Choice(services.TRANSITIONS, required=True)
    reason = Text(2000, load_default="", metadata={"description": "Required to decline or cancel"})


# What a page of trainers does not show (documents, unavailability, the linked account): not loaded for it.
LIST_LOADING = (lazyload(Trainer.user), lazyload(Trainer.documents), lazyload(Trainer.unavailability),
                defaultload(Trainer.centre).lazyload(Centre.side))


@blp.route("/trainers")
@blp.arguments(TrainerArgs, location="query")
@blp.response(200, page_schema(TrainerSchema, "TrainerPage"))
def trainers(args):
    """Trainers (a trainer sees their own profile)"""
    require("trainer.view")
    only_own = trainer_services.sees_only_own(current_user)
    stmt = trainer_services.search(args["q"].strip(), side_id=args.get("side"), skill_id=args.get("skill_standard"),
                                   language=args.get("language"), only_user_id=current_user.id if only_own else None,
                                   visible_to=scope_condition(current_user, Trainer.side_id, Trainer.centre_id))
    return paginate(stmt.options(*LIST_LOADING), args)


@blp.route("/trainers/<int:trainer_id>")
@blp.response(200, TrainerSchema)
def trainer(trainer_id):
    """One trainer"""
    obj = load(Trainer, trainer_id, "trainer.view", conceal=True)
    return obj, 200, etag(obj)


def _assignment(assignment_id: int) -> Assignment:
    """The assignment, if the user may see its trainer (a trainer: only their own)."""
    obj = db.session.get(Assignment, assignment_id)
    if obj is None:
        raise ApiError(404)
    load(Trainer, obj.trainer_id, "trainer.view", conceal=True)
    return obj


@blp.route("/assignments")
@blp.arguments(AssignmentArgs, location="query")
@blp.response(200, page_schema(AssignmentSchema, "AssignmentPage"))
def assignments(args):
    """Assignments of trainers to courses (a trainer sees their own)"""
    require("course.list")
    stmt = select(Assignment).join(Trainer, Assignment.trainer_id == Trainer.id)
    if current_user.role == "trainer":
        stmt = stmt.where(Trainer.user_id == current_user.id)
    if args.get("course"):
        stmt = stmt.where(Assignment.course_id == args["course"])
    if args.get("trainer"):
        stmt = stmt.where(Assignment.trainer_id == args["trainer"])
    if args.get("status"):
        stmt = stmt.where(Assignment.status == args["status"])
    if args["q"].strip():
        from ..l10n.folding import like_pattern

        stmt = stmt.where(Trainer.search_key.like(like_pattern(args["q"]), escape="\\"))
    return paginate(stmt.order_by(Assignment.travel_out_at.desc(), Assignment.id), args)


@blp.route("/assignments/<int:assignment_id>")
@blp.response(200, AssignmentSchema)
def assignment(assignment_id):
    """One assignment"""
    obj = _assignment(assignment_id)
    return obj, 200, etag(obj)


@blp.route("/assignments", methods=["POST"])
@blp.arguments(AssignmentInput)
@blp.response(201, AssignmentSchema)
def create(values):
    """Assign a trainer to a course; the conflict rules (overlaps, documents, days off) apply"""
    course = load(Course, values.pop("course_id"), "course.view", conceal=True)
    require("assignment.create", course)
    trainer_obj = db.session.get(Trainer, values.pop("trainer_id"))
    if trainer_obj is None:
        raise ApiError(422, None, {"trainer_id": [CHOOSE_TRAINER]})
    obj, _warnings = services.create_assignment(course, trainer_obj, values, current_user)
    db.session.commit()
    return obj, 201, etag(obj)


@blp.route("/assignments/<int:assignment_id>", methods=["PUT"])
@blp.arguments(AssignmentPatch)
@blp.response(200, AssignmentSchema)
def update(values, assignment_id):
    """Change travel and notes; new travel dates after acceptance go back to the trainer"""
    obj = _assignment(assignment_id)
    require("assignment.manage", obj)
    version = submitted_version(values)
    values.pop("version", None)
    services.update_assignment(obj, values, version, current_user)
    db.session.commit()
    return obj, 200, etag(obj)


@blp.route("/assignments/<int:assignment_id>/transitions", methods=["POST"])
@blp.arguments(AssignmentTransition)
@blp.response(200, AssignmentSchema)
def transition(values, assignment_id):
    """accept, decline (trainer); confirm (host side); travel, complete, cancel"""
    obj = _assignment(assignment_id)
    if values["action"] in services.TRANSITIONS:
        require(services.TRANSITIONS[values["action"]][2], obj)
    services.transition(obj, values["action"], current_user, submitted_version(values), values["reason"])
    db.session.commit()
    return obj, 200, etag(obj)
