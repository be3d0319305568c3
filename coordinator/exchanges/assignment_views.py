"""Assignment pages: a course's trainers, one assignment and its workflow, the trainer's own page, the feed."""

from __future__ import annotations

from datetime import timedelta

from flask import Response, abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..auth.permissions import can, login_required, require
from ..catalog.models import BorderCrossing
from ..courses.models import Course
from ..extensions import db
from ..l10n.timezones import to_zone
from ..viewer import side_today
from ..web import attempt, commit, load, permit, saved
from . import assignments as services
from . import feed, visas
from .assignment_forms import AssignmentEditForm, AssignmentForm, ReasonForm, VisaForm
from .blueprint import bp
from .models import Assignment, Trainer

EXPIRY_NOTICE_DAYS = 60
# Trips whose documents still matter: not yet gone, or under way.
LIVE_TRIP = ("proposed", "accepted", "confirmed", "travelled")


def _assignment(assignment_id: int) -> Assignment:
    """The assignment, if the user may see it: trainers only their own (others are "not found")."""
    return load(Assignment, assignment_id, "trainer.view", of=lambda a: a.trainer,
                conceal=current_user.role == "trainer")


def _crossings():
    return db.session.scalars(select(BorderCrossing).where(BorderCrossing.active.is_(True))
                              .order_by(BorderCrossing.sort_order, BorderCrossing.id)).all()


def _trainers():
    return db.session.scalars(select(Trainer).order_by(Trainer.side_id, Trainer.name_fa, Trainer.id)).all()


def _travel_values(form, trainer: Trainer) -> dict:
    out_at, back_at = services.travel_instants(trainer, form.travel_out_date.data, form.travel_out_time.data,
                                               form.travel_back_date.data, form.travel_back_time.data)
    return {**form.values(), "travel_out_at": out_at, "travel_back_at": back_at}


def _flash_warnings(warnings) -> None:
    for warning in warnings:
        flash(str(warning.message), "warning")


def _render_course(course: Course, form, status: int = 200):
    query = select(Assignment).where(Assignment.course_id == course.id).order_by(Assignment.travel_out_at)
    if current_user.role == "trainer":
        query = query.join(Trainer, Assignment.trainer_id == Trainer.id).where(Trainer.user_id == current_user.id)
    rows = db.session.scalars(query).all()
    return render_template("exchanges/assignments.html", course=course, assignments=rows, form=form,
                           may_assign=can(current_user, "assignment.create", course)), status


@bp.route("/courses/<int:course_id>/assignments", methods=["GET", "POST"])
@login_required
def course_assignments(course_id):
    course = load(Course, course_id, "course.view", conceal=current_user.role == "trainer")
    form = AssignmentForm(trainers=_trainers(), crossings=_crossings())
    if request.method == "GET":
        return _render_course(course, form)
    permit("assignment.create", course)
    if not form.validate():
        return _render_course(course, form, 400)
    trainer = db.session.get(Trainer, form.trainer_id.data)
    if trainer is None:
        form.trainer_id.errors = [_("Choose a trainer from the list.")]
        return _render_course(course, form, 400)
    done = attempt(form, lambda: services.create_assignment(course, trainer, _travel_values(form, trainer),
                                                            current_user))
    if not done:
        return _render_course(course, form, done.error.status)
    assignment, warnings = done.result
    response = saved(_("%(trainer)s is proposed for this course; the trainer is asked to accept.",
                       trainer=trainer.name), url_for("exchanges.assignment_detail", assignment_id=assignment.id))
    _flash_warnings(warnings)
    return response


def _edit_form(assignment: Assignment, formdata=None):
    form = AssignmentEditForm(formdata=formdata, crossings=_crossings(), prefix="edit")
    if formdata is None:
        tz = assignment.trainer.side.timezone
        out_local, back_local = to_zone(assignment.travel_out_at, tz), to_zone(assignment.travel_back_at, tz)
        form.role.data, form.crossing_id.data = assignment.role, assignment.crossing_id
        form.travel_out_date.data, form.travel_out_time.data = out_local.date(), out_local.time()
        form.travel_back_date.data, form.travel_back_time.data = back_local.date(), back_local.time()
        form.accommodation.data, form.transport.data = assignment.accommodation, assignment.transport
        form.skill_override.data = assignment.skill_override
        form.version.data = assignment.version
    return form


def _visa_form(assignment: Assignment, formdata=None):
    form = VisaForm(formdata=formdata, prefix="visa")
    visa = assignment.visa
    if formdata is None and visa is not None:
        form.status.data, form.needed_by.data, form.number.data = visa.status, visa.needed_by, visa.number
        form.valid_from.data, form.valid_until.data = visa.valid_from, visa.valid_until
        form.version.data = visa.version
    return form


def _render_detail(assignment: Assignment, edit_form=None, status: int = 200, visa_form=None):
    may_manage = can(current_user, "assignment.manage", assignment)
    gaps = visas.trip_document_problems(assignment) if assignment.abroad and assignment.status in LIVE_TRIP else []
    return render_template(
        "exchanges/assignments_detail.html", assignment=assignment,
        actions=services.allowed_actions(assignment, current_user), action_labels=services.ACTION_LABELS,
        needs_reason=services.NEEDS_REASON, reason_form=ReasonForm(prefix="step"),
        edit_form=edit_form or _edit_form(assignment),
        may_edit=may_manage and assignment.status in services.EDITABLE,
        visa_form=visa_form or _visa_form(assignment), may_manage_visa=may_manage and assignment.abroad,
        document_gaps=gaps, substitutes=visas.substitutes(assignment) if gaps and may_manage else [],
        may_invite=assignment.abroad and assignment.status in LIVE_TRIP[:3]
        and can(current_user, "assignment.confirm", assignment),
    ), status


@bp.route("/assignments/<int:assignment_id>/visa", methods=["POST"])
@login_required
def assignment_visa(assignment_id):
    assignment = _assignment(assignment_id)
    permit("assignment.manage", assignment)
    form = _visa_form(assignment, request.form)
    if not form.validate():
        return _render_detail(assignment, status=400, visa_form=form)
    done = attempt(form, lambda: visas.update_visa(assignment, form.values(), form.version.data, current_user),
                   stale=(assignment.visa, None))
    if not done:
        return _render_detail(assignment, status=done.error.status, visa_form=form)
    _visa, gaps = done.result
    response = saved(_("Visa saved."), url_for("exchanges.assignment_detail", assignment_id=assignment.id))
    _flash_warnings(gaps)
    return response


@bp.route("/assignments/<int:assignment_id>")
@login_required
def assignment_detail(assignment_id):
    return _render_detail(_assignment(assignment_id))


@bp.route("/assignments/<int:assignment_id>/edit", methods=["POST"])
@login_required
def edit_assignment(assignment_id):
    assignment = _assignment(assignment_id)
    permit("assignment.manage", assignment)
    form = _edit_form(assignment, request.form)
    if not form.validate():
        return _render_detail(assignment, form, 400)
    done = attempt(form, lambda: services.update_assignment(
        assignment, _travel_values(form, assignment.trainer), form.version.data, current_user),
        stale=(assignment, ("role", "crossing_id", "accommodation", "transport", "skill_override")))
    if not done:
        return _render_detail(assignment, form, done.error.status)
    sent_back, warnings = done.result
    if sent_back:
        flash(_("The travel dates changed: the trainer is asked to accept again."), "info")
    response = saved(_("Assignment saved."), url_for("exchanges.assignment_detail", assignment_id=assignment.id))
    _flash_warnings(warnings)
    return response


@bp.route("/assignments/<int:assignment_id>/<action>", methods=["POST"])
@login_required
def assignment_action(assignment_id, action):
    assignment = _assignment(assignment_id)
    if action not in services.TRANSITIONS:
        abort(404)
    permit(services.TRANSITIONS[action][2], assignment)
    done = attempt(None, lambda: services.transition(assignment, action, current_user,
                                                     request.form.get("step-version", ""),
                                                     request.form.get("step-reason", "")))
    if not done:
        return _render_detail(assignment, status=done.error.status)
    back = (url_for("exchanges.me") if current_user.role == "trainer"
            else url_for("exchanges.assignment_detail", assignment_id=assignment.id))
    response = saved(_("The assignment is now “%(status)s”.", status=assignment.status_label), back)
    _flash_warnings(done.result)
    return response


# The trainer's own page and feed ---------------------------------------------------------------------------


def _own_trainer() -> Trainer | None:
    if current_user.role != "trainer":
        abort(403)
    return db.session.scalar(select(Trainer).where(Trainer.user_id == current_user.id))


def _render_me(trainer: Trainer | None, token: str | None = None):
    mine, to_answer, expiring = [], [], []
    if trainer is not None:
        mine = db.session.scalars(select(Assignment).where(Assignment.trainer_id == trainer.id)
                                  .order_by(Assignment.travel_out_at.desc())).all()
        to_answer = [a for a in mine if a.status == "proposed"]
        today = side_today(trainer.side)
        expiring = [d for d in trainer.documents if d.expires_on <= today + timedelta(days=EXPIRY_NOTICE_DAYS)]
    feed_url = url_for("exchanges.feed_ics", token=token, _external=True) if token else None
    return render_template("exchanges/my_assignments.html", trainer=trainer, assignments=mine,
                           to_answer=to_answer, expiring=expiring, feed_url=feed_url,
                           notice_days=EXPIRY_NOTICE_DAYS)


@bp.route("/me")
@require("trainer.view")
def me():
    return _render_me(_own_trainer())


@bp.route("/me/feed-token", methods=["POST"])
@require("trainer.view")
def feed_token():
    trainer = _own_trainer() or abort(404)
    token = feed.new_token(trainer)
    commit()
    # Shown once, in this response only: never flashed (the session cookie would carry it).
    return _render_me(trainer, token)


@bp.route("/me/feed-token/revoke", methods=["POST"])
@require("trainer.view")
def revoke_feed_token():
    trainer = _own_trainer() or abort(404)
    feed.revoke_token(trainer)
    return saved(_("The calendar link no longer works."), url_for("exchanges.me"))


@bp.route("/feed/<token>.ics")
def feed_ics(token):
    """Public: the token is the key. Unknown and revoked tokens look the same (404)."""
    trainer = feed.trainer_for_token(token) or abort(404)
    body = feed.calendar_for(trainer, request.host.split(":")[0] or "coordinator")
    return Response(body, mimetype="text/calendar", headers={
        "Content-Disposition": 'inline; filename="assignments.ics"',
        "Cache-Control": "private, no-store",
        "Referrer-Policy": "no-referrer",
    })

