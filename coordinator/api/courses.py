"""Joint courses: list, detail, create, edit, workflow steps and approvals, through the course services."""

from __future__ import annotations

from functools import cache
from types import SimpleNamespace

from flask_login import current_user
from marshmallow import fields, validate
from sqlalchemy import bindparam, select

from ..auth.models import User
from ..catalog.models import Centre, Side, SkillStandard, TargetGroup
from ..courses import services
from ..courses.course_views import visible_courses
from ..courses.models import DELIVERY, LANGUAGES, STATUSES, Course, CourseApproval, course_target_groups
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
# The list's courses read as columns, in three statements built once: 25 whole courses with their joined standard,
# centre and side, and the approvals with whole sides and accounts, cost more than the rest of the request. Each
# row is an object with a Course's attribute names, so CourseSchema writes it exactly as it writes a course.
_SCALARS = tuple(name for name, schema_field in CourseSchema._declared_fields.items()
                 if not isinstance(schema_field, (fields.Nested, fields.List)))
_NAMES = ("name_fa", "name_ar", "name_en")


@cache
def _list_statements():
    ids = bindparam("ids", expanding=True)
    course, standard, centre, side = (Course.__table__, SkillStandard.__table__, Centre.__table__,
                                      Side.__table__)
    courses = (select(*(course.c[name] for name in _SCALARS), standard.c.id, standard.c.code,
                      *(standard.c[n] for n in _NAMES), centre.c.id, *(centre.c[n] for n in _NAMES),
                      side.c.id, *(side.c[n] for n in _NAMES))
               .join_from(course, standard, standard.c.id == course.c.skill_standard_id)
               .join(centre, centre.c.id == course.c.host_centre_id)
               .join(side, side.c.id == course.c.host_side_id).where(course.c.id.in_(ids)))
    group, link = TargetGroup.__table__, course_target_groups
    groups = (select(link.c.course_id, group.c.id, group.c.code, *(group.c[n] for n in _NAMES))
              .join(group, group.c.id == link.c.target_group_id).where(link.c.course_id.in_(ids))
              .order_by(group.c.sort_order, group.c.id))
    approval, user = CourseApproval.__table__, User.__table__
    approvals = (select(approval.c.course_id, approval.c.at, side.c.id, *(side.c[n] for n in _NAMES),
                        user.c.id, user.c.username, user.c.full_name)
                 .join_from(approval, side, side.c.id == approval.c.side_id)
                 .outerjoin(user, user.c.id == approval.c.user_id)
                 .where(approval.c.course_id.in_(ids)).order_by(approval.c.id))
    return courses, groups, approvals


def _ref(values, code=False) -> SimpleNamespace:
    if code:
        ident, code_value, *names = values
        return SimpleNamespace(id=ident, code=code_value, **dict(zip(_NAMES, names, strict=True)))
    ident, *names = values
    return SimpleNamespace(id=ident, **dict(zip(_NAMES, names, strict=True)))


def listed_courses(ids) -> list[SimpleNamespace]:
    """The courses of a list page by id, as CourseSchema reads them."""
    courses_stmt, groups_stmt, approvals_stmt = _list_statements()
    connection, params = db.session.connection(), {"ids": list(ids)}
    # Each row: the course's own columns, then its standard (id, code, names), centre and side (id, names).
    own = len(_SCALARS)
    standard, centre, side = slice(own, own + 5), slice(own + 5, own + 9), slice(own + 9, own + 13)
    rows = {}
    for row in connection.execute(courses_stmt, params):
        values = dict(zip(_SCALARS, row[:own], strict=True))
        rows[values["id"]] = SimpleNamespace(
            **values, skill_standard=_ref(row[standard], code=True), host_centre=_ref(row[centre]),
            host_side=_ref(row[side]), target_groups=[], approvals=[])
    for course_id, *values in connection.execute(groups_stmt, params):
        rows[course_id].target_groups.append(_ref(values, code=True))
    for course_id, at, *values in connection.execute(approvals_stmt, params):
        user = None if values[4] is None else SimpleNamespace(id=values[4], username=values[5], full_name=values[6])
        rows[course_id].approvals.append(SimpleNamespace(side=_ref(values[:4]), user=user, at=at))
    return list(rows.values())


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
                                  rows=listed_courses), args)


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
