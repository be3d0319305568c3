"""Joint courses: list, detail, create, edit, workflow steps and approvals, through the course services."""

from __future__ import annotations

from flask_login import current_user
from marshmallow import fields, validate
from sqlalchemy.orm import defaultload

from ..auth.models import User
from ..catalog.models import Centre
from ..courses import services
from ..courses.course_views import visible_courses
from ..courses.models import DELIVERY, LANGUAGES, STATUSES, Course, CourseApproval
from ..courses.queries import SORTS, CourseFilters, course_query, paginate_by_id
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
    page_of,
    page_schema,
    require,
    submitted_version,
)
from .schemas import CodeRef, NamesMixin, Ref, UserRef, Versioned

blp = Blueprint("courses", __name__, description="Joint courses, their approvals and workflow")

HOURS = validate.Range(min=0, max=5000)
PERCENT = validate.Range(min=0, max=100)


class ApprovalSchema(ApiSchema):
    side = fields.Nested(Ref, required=True)
    user = fields.Nested(UserRef, allow_none=True)
    at = fields.DateTime(required=True)


class CourseSchema(NamesMixin, Versioned):
    id = fields.Integer(required=True)
    code = fields.String(required=True)
    status = fields.String(required=True, metadata={"enum": list(STATUSES)})
    skill_standard = fields.Nested(CodeRef, required=True)
    host_centre = fields.Nested(Ref, required=True)
    host_side = fields.Nested(Ref, required=True)
    start_date = fields.Date(required=True)
    end_date = fields.Date(required=True)
    theory_hours = fields.Integer()
    practice_hours = fields.Integer()
    capacity = fields.Integer(required=True)
    min_attendance = fields.Integer()
    pass_mark_theory = fields.Integer(allow_none=True)
    pass_mark_practice = fields.Integer(allow_none=True)
    language = fields.String(metadata={"enum": list(LANGUAGES)})
    delivery = fields.String(metadata={"enum": list(DELIVERY)})
    funding_note = fields.String()
    contact_name = fields.String()
    contact_phone = fields.String()
    cancel_reason = fields.String()
    target_groups = fields.List(fields.Nested(CodeRef))
    approvals = fields.List(fields.Nested(ApprovalSchema))


class CourseArgs(ListArgs):
    side = QueryId(metadata={"description": "Host side id"})
    status = Choice(STATUSES)
    skill_standard = QueryId()
    target_group = QueryId()
    from_ = Day(data_key="from", metadata={"description": "Courses running on or after this day"})
    to = Day(metadata={"description": "Courses running on or before this day"})
    sort = Choice(SORTS, load_default="start")


class CourseInput(ApiSchema):
    name_fa = Text(200, 1, required=True)
    name_ar = Text(200, 1, required=True)
    name_en = Text(200, allow_none=True)
    skill_standard_id = Id(required=True)
    host_centre_id = Id(required=True)
    start_date = Day(required=True)
    end_date = Day(required=True)
    theory_hours = fields.Integer(strict=True, required=True, validate=HOURS)
    practice_hours = fields.Integer(strict=True, required=True, validate=HOURS)
    capacity = fields.Integer(strict=True, required=True, validate=validate.Range(min=1, max=1000))
    min_attendance = fields.Integer(strict=True, load_default=80, validate=PERCENT)
    pass_mark_theory = fields.Integer(strict=True, allow_none=True, validate=PERCENT)
    pass_mark_practice = fields.Integer(strict=True, allow_none=True, validate=PERCENT)
    language = Choice(LANGUAGES, load_default="fa_ar")
    delivery = Choice(DELIVERY, load_default="centre")
    funding_note = Text(2000, load_default="")
    contact_name = Text(200, load_default="")
    contact_phone = Text(40, load_default="")
    target_group_ids = fields.List(Id(), load_default=list, validate=validate.Length(max=50))


class CoursePatch(CourseInput, VersionArgs):
    """Only the fields that change; "version" (or If-Match) says which version is being changed."""


class CourseTransition(VersionArgs):
    action = Choice(services.TRANSITIONS, required=True)
    reason = Text(2000, load_default="", metadata={"description": "Required to cancel"})


def _load(course_id: int) -> Course:
    return load(Course, course_id, "course.view", conceal=True)


def current_values(course: Course) -> dict:
    values = {key: getattr(course, key) for key in services.FIELDS}
    values["target_group_ids"] = [g.id for g in course.target_groups]
    return values


def _saved(course: Course, status: int = 200):
    db.session.commit()
    return course, status, etag(course)


# The sides of the centres and of the approving accounts are not part of a course's page entry.
LIST_LOADING = (defaultload(Course.host_centre).lazyload(Centre.side),
                defaultload(Course.approvals).defaultload(CourseApproval.user).lazyload(User.side))


@blp.route("/courses")
@blp.arguments(CourseArgs, location="query")
@blp.response(200, page_schema(CourseSchema, "CoursePage"))
def listing(args):
    """Joint courses (a trainer sees the courses they are assigned to)"""
    require("course.list")
    filters = CourseFilters(q=args["q"].strip(), side=args.get("side"), status=args.get("status", ""),
                            skill=args.get("skill_standard"), target_group=args.get("target_group"),
                            start=args.get("from_"), end=args.get("to"), sort=args["sort"])
    return page_of(paginate_by_id(course_query(filters, visible_courses()), Course, args["page"], args["per_page"],
                                  options=LIST_LOADING), args)


@blp.route("/courses/<int:course_id>")
@blp.response(200, CourseSchema)
def detail(course_id):
    """One joint course"""
    course = _load(course_id)
    return course, 200, etag(course)


@blp.route("/courses", methods=["POST"])
@blp.arguments(CourseInput)
@blp.response(201, CourseSchema)
def create(values):
    """Create a course as a draft"""
    require("course.create")
    course = services.create_course(values, current_user)
    return _saved(course, 201)


@blp.route("/courses/<int:course_id>", methods=["PATCH"])
@blp.arguments(CoursePatch(partial=tuple(CourseInput().fields)))
@blp.response(200, CourseSchema)
def update(values, course_id):
    """Edit a course; changing dates, host or capacity sends an approved course back for approval"""
    course = _load(course_id)
    require("course.edit", course)
    version = submitted_version(values)
    values.pop("version", None)
    services.update_course(course, {**current_values(course), **values}, version, current_user)
    return _saved(course)


@blp.route("/courses/<int:course_id>/transitions", methods=["POST"])
@blp.arguments(CourseTransition)
@blp.response(200, CourseSchema)
def transition(values, course_id):
    """Move a course along its workflow: propose, withdraw, schedule, start, complete, cancel"""
    course = _load(course_id)
    version = submitted_version(values)
    services.transition(course, values["action"], current_user, version, values["reason"])
    return _saved(course)


@blp.route("/courses/<int:course_id>/approvals", methods=["POST"])
@blp.arguments(VersionArgs)
@blp.response(200, CourseSchema)
def approve(values, course_id):
    """Approve a proposed course for your own side"""
    course = _load(course_id)
    try:
        services.approve(course, current_user, submitted_version(values))
    except services.AlreadyApproved:
        # Sent twice: the first approval stands, so the answer is the course as it is (idempotent).
        db.session.rollback()
        course = _load(course_id)
    return _saved(course)
