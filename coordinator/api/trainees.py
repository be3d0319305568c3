"""Trainees (read-only here; registration with duplicate checks stays on the pages) and course enrolment."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from marshmallow import fields

from ..auth.scope import scope_of
from ..courses import enrolment as rules
from ..courses.models import ENROLMENT_STATUSES, Course, Enrolment
from ..extensions import db
from ..trainees import services as trainee_services
from ..trainees.models import EDUCATION, GENDERS, Trainee, search_condition
from ..web import load
from .common import (
    ApiSchema,
    Blueprint,
    Choice,
    Id,
    ListArgs,
    QueryId,
    VersionArgs,
    etag,
    page_schema,
    paginate,
    require,
    submitted_version,
)
from .errors import ApiError
from .schemas import CodeRef, Ref, Versioned

CHOOSE_TRAINEE = _l("Choose a trainee from the list.")

blp = Blueprint("trainees", __name__, description="Trainees and their enrolment in joint courses")


class TraineeSchema(Versioned):
    id = fields.Integer(required=True)
    name_fa = fields.String()
    name_ar = fields.String()
    gender = fields.String(metadata={"enum": list(GENDERS)})
    side = fields.Nested(Ref, required=True)
    target_groups = fields.List(fields.Nested(CodeRef))
    birth_date = fields.Date(allow_none=True)
    education = fields.String(metadata={"enum": list(EDUCATION)})
    phone = fields.String()
    national_id = fields.String(attribute="masked_national_id",
                                metadata={"description": "Only the last three characters are shown"})


class TraineeArgs(ListArgs):
    side = QueryId()
    gender = Choice(GENDERS)
    target_group = QueryId()


class TraineeRef(ApiSchema):
    id = fields.Integer(required=True)
    name_fa = fields.String()
    name_ar = fields.String()
    side_id = fields.Integer()


class EnrolmentSchema(Versioned):
    id = fields.Integer(required=True)
    course_id = fields.Integer(required=True)
    trainee = fields.Nested(TraineeRef, required=True)
    status = fields.String(required=True, metadata={"enum": list(ENROLMENT_STATUSES)})
    requested_at = fields.DateTime(required=True)
    waiting_position = fields.Method("_position", allow_none=True)
    theory_score = fields.Float(allow_none=True)
    practice_score = fields.Float(allow_none=True)

    def _position(self, enrolment):
        return rules.waiting_position(enrolment)


class EnrolmentArgs(ListArgs):
    status = Choice(ENROLMENT_STATUSES)


class EnrolInput(ApiSchema):
    trainee_id = Id(required=True)


@blp.route("/trainees")
@blp.arguments(TraineeArgs, location="query")
@blp.response(200, page_schema(TraineeSchema, "TraineePage"))
def trainees(args):
    """Trainees (a liaison sees their own side's)"""
    require("trainee.view")
    own_side = trainee_services.visible_side(current_user)
    stmt = trainee_services.search(args["q"].strip(), side_id=args.get("side"), gender=args.get("gender"),
                                   target_group_id=args.get("target_group"), visible_side_id=own_side,
                                   visible_centre_id=scope_of(current_user))
    return paginate(stmt, args)


@blp.route("/trainees/<int:trainee_id>")
@blp.response(200, TraineeSchema)
def trainee(trainee_id):
    """One trainee"""
    obj = load(Trainee, trainee_id, "trainee.view", conceal=True)
    return obj, 200, etag(obj)


def _course(course_id: int) -> Course:
    return load(Course, course_id, "course.view", conceal=True)


@blp.route("/courses/<int:course_id>/enrolments")
@blp.arguments(EnrolmentArgs, location="query")
@blp.response(200, page_schema(EnrolmentSchema, "EnrolmentPage"))
def enrolments(args, course_id):
    """A course's roster and waiting list, in the order places were asked for"""
    course = _course(course_id)
    stmt = db.select(Enrolment).where(Enrolment.course_id == course.id)
    if args.get("status"):
        stmt = stmt.where(Enrolment.status == args["status"])
    if args["q"].strip():
        stmt = stmt.join(Enrolment.trainee).where(search_condition(args["q"].strip()))
    return paginate(rules.ordered(stmt), args)


@blp.route("/courses/<int:course_id>/enrolments", methods=["POST"])
@blp.arguments(EnrolInput)
@blp.response(201, EnrolmentSchema)
def enrol(values, course_id):
    """Enrol a trainee; a full course puts them on the waiting list (see status and waiting_position)"""
    course = _course(course_id)
    require("course.manage", course)
    trainee = db.session.get(Trainee, values["trainee_id"])
    if trainee is None:
        raise ApiError(422, None, {"trainee_id": [CHOOSE_TRAINEE]})
    enrolment = rules.enrol(course, trainee, current_user)
    db.session.commit()
    return enrolment, 201, etag(enrolment)


def _enrolment(course_id: int, enrolment_id: int) -> Enrolment:
    course = _course(course_id)
    enrolment = db.session.get(Enrolment, enrolment_id)
    if enrolment is None or enrolment.course_id != course.id:
        raise ApiError(404)
    return enrolment


@blp.route("/courses/<int:course_id>/enrolments/<int:enrolment_id>")
@blp.response(200, EnrolmentSchema)
def enrolment(course_id, enrolment_id):
    """One enrolment"""
    obj = _enrolment(course_id, enrolment_id)
    return obj, 200, etag(obj)


@blp.route("/courses/<int:course_id>/enrolments/<int:enrolment_id>/withdrawal", methods=["POST"])
@blp.arguments(VersionArgs)
@blp.response(200, EnrolmentSchema)
def withdraw(values, course_id, enrolment_id):
    """Withdraw a trainee; the first on the waiting list takes the freed place"""
    obj = _enrolment(course_id, enrolment_id)
    require("course.manage", obj.course)
    rules.withdraw(obj, current_user, submitted_version(values))
    db.session.commit()
    return obj, 200, etag(obj)
