"""Trainees (read-only here; registration with duplicate checks stays on the pages) and course enrolment."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from marshmallow import fields, validate

from ..auth.scope import scope_of
from ..courses import enrolment as rules
from ..courses import nominations
from ..courses.models import ENROLMENT_STATUSES, WITHDRAW_REASONS, Course, Enrolment
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
    father_name_fa = fields.String()
    father_name_ar = fields.String()
    name_en = fields.String(metadata={"description": "The name in Latin letters, as the passport spells it"})
    father_name_en = fields.String()
    passport_number = fields.String(attribute="masked_passport_number",
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
    withdraw_reason = fields.String(allow_none=True, metadata={"enum": list(WITHDRAW_REASONS)})

    def _position(self, enrolment):
        return rules.waiting_position(enrolment)


class EnrolmentArgs(ListArgs):
    status = Choice(ENROLMENT_STATUSES)


class EnrolInput(ApiSchema):
    trainee_id = Id(required=True)


class WithdrawInput(VersionArgs):
    reason = Choice(WITHDRAW_REASONS, load_default=None, metadata={"description": "Why the trainee left"})


class NominateInput(ApiSchema):
    trainee_ids = fields.List(Id(), required=True, validate=validate.Length(min=1, max=nominations.MAX_BATCH),
                              metadata={"description": "Trainees of your own side, in the order you list them"})


class AnswerInput(ApiSchema):
    accept = fields.List(Id(), load_default=list, validate=validate.Length(max=nominations.MAX_BATCH))
    decline = fields.List(Id(), load_default=list, validate=validate.Length(max=nominations.MAX_BATCH))


class NominatedSchema(ApiSchema):
    nominated = fields.List(fields.Nested(EnrolmentSchema), required=True)


class AnswerSchema(ApiSchema):
    enrolled = fields.List(fields.Nested(EnrolmentSchema), required=True)
    waiting = fields.List(fields.Nested(EnrolmentSchema), required=True)
    declined = fields.List(fields.Nested(EnrolmentSchema), required=True)


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
@blp.arguments(WithdrawInput)
@blp.response(200, EnrolmentSchema)
def withdraw(values, course_id, enrolment_id):
    """Withdraw a trainee, with the reason from the list; the first on the waiting list takes the freed place"""
    obj = _enrolment(course_id, enrolment_id)
    require("course.manage", obj.course)
    rules.withdraw(obj, current_user, submitted_version(values), values.get("reason"))
    db.session.commit()
    return obj, 200, etag(obj)


# Nominations: each side puts its own trainees forward; the host side answers (courses/nominations.py).


@blp.route("/courses/<int:course_id>/nominations")
@blp.arguments(ListArgs, location="query")
@blp.response(200, page_schema(EnrolmentSchema, "NominationPage"))
def nominations_list(args, course_id):
    """Nominations waiting for the host side's answer, in the order they were made"""
    course = _course(course_id)
    stmt = db.select(Enrolment).where(Enrolment.course_id == course.id, Enrolment.status == "nominated")
    if args["q"].strip():
        stmt = stmt.join(Enrolment.trainee).where(search_condition(args["q"].strip()))
    return paginate(stmt.order_by(Enrolment.requested_at, Enrolment.id), args)


@blp.route("/courses/<int:course_id>/nominations", methods=["POST"])
@blp.arguments(NominateInput)
@blp.response(201, NominatedSchema)
def nominate(values, course_id):
    """Nominate trainees of your own side, all or none; the host side accepts or declines them"""
    course = _course(course_id)
    require("course.nominate", course)
    ids = list(dict.fromkeys(values["trainee_ids"]))
    found = {t.id: t for t in db.session.scalars(db.select(Trainee).where(Trainee.id.in_(ids)))}
    missing = [i for i in ids if i not in found]
    if missing:
        raise ApiError(422, None, {"trainee_ids": [CHOOSE_TRAINEE]})
    made = nominations.nominate(course, [found[i] for i in ids], current_user)
    db.session.commit()
    return {"nominated": made}, 201


@blp.route("/courses/<int:course_id>/nominations/answer", methods=["POST"])
@blp.arguments(AnswerInput)
@blp.response(200, AnswerSchema)
def answer(values, course_id):
    """Accept (a place, or the waiting list when full) and decline nominations in one action, all or none"""
    course = _course(course_id)
    require("course.manage", course)
    declined = [db.session.get(Enrolment, i) for i in dict.fromkeys(values["decline"])]
    enrolled, waiting = nominations.decide(course, current_user, values["accept"], values["decline"])
    db.session.commit()
    return {"enrolled": enrolled, "waiting": waiting, "declined": declined}
