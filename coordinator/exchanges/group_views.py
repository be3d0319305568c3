"""Group trip pages: a course's trainee group crossing the border, its travellers' documents, its steps and the
group list PDF for the crossing."""

from __future__ import annotations

from types import SimpleNamespace

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..auth.permissions import can, login_required
from ..catalog.models import BorderCrossing
from ..courses.models import Course
from ..extensions import db
from ..l10n.timezones import local_to_utc
from ..reports.group_list_pdf import render_group_list
from ..viewer import format_num
from ..web import act, attempt, load, permit, saved
from . import group_trips as services
from .blueprint import bp
from .group_forms import GroupTripForm, StepForm, TravellerForm
from .group_models import GroupTraveller, GroupTrip
from .models import Trainer

STEPS = {
    "confirm": (services.confirm, "group_trip.confirm"),
    "travelled": (services.travelled, "group_trip.manage"),
    "cancel": (services.cancel, "group_trip.manage"),
}


def _crossings():
    return db.session.scalars(select(BorderCrossing).where(BorderCrossing.active.is_(True))
                              .order_by(BorderCrossing.sort_order, BorderCrossing.id)).all()


def _trip_form(side_id: int, trip: GroupTrip | None = None, formdata=None) -> GroupTripForm:
    trainers = db.session.scalars(select(Trainer).where(Trainer.side_id == side_id)
                                  .order_by(Trainer.name_fa, Trainer.id)).all()
    form = GroupTripForm(formdata=formdata, crossings=_crossings(), trainers=trainers)
    if formdata is None and trip is not None:
        out_local, back_local = services.departure_local(trip)
        form.travel_out_date.data, form.travel_out_time.data = out_local.date(), out_local.time()
        form.travel_back_date.data, form.travel_back_time.data = back_local.date(), back_local.time()
        form.crossing_id.data, form.escort_trainer_id.data = trip.crossing_id, trip.escort_trainer_id
        form.escort_name.data, form.notes.data, form.version.data = trip.escort_name, trip.notes, trip.version
    return form


def _values(form: GroupTripForm, side) -> dict:
    tz = side.timezone
    return {**form.values(),
            "travel_out_at": local_to_utc(form.travel_out_date.data, form.travel_out_time.data, tz),
            "travel_back_at": local_to_utc(form.travel_back_date.data, form.travel_back_time.data, tz)}


@bp.route("/courses/<int:course_id>/group-trip/new", methods=["GET", "POST"])
@login_required
def group_trip_new(course_id):
    course = load(Course, course_id, "course.view")
    side = services.travelling_side(course, current_user)
    if side is None or side.id == course.host_side_id:
        abort(404)
    existing = services.trip_of(course, side.id)
    if existing is not None:  # the course page's link leads here: to the trip once it is planned
        permit("group_trip.view", existing)
        return redirect(url_for("exchanges.group_trip", trip_id=existing.id))
    if request.method == "GET" and not can(current_user, "group_trip.manage", SimpleNamespace(side_id=side.id)):
        flash(_("No group trip of %(side)s is planned for this course yet.", side=side.name), "info")
        return redirect(url_for("courses.detail", course_id=course.id))
    permit("group_trip.manage", SimpleNamespace(side_id=side.id, course=course))
    form = _trip_form(side.id, formdata=request.form if request.method == "POST" else None)
    if form.validate_on_submit():
        done = attempt(form, lambda: services.plan(course, side, _values(form, side), current_user))
        if done:
            trip = done.result
            return saved(_("The group trip is planned with %(count)s travellers.",
                           count=format_num(len(trip.travellers))), url_for("exchanges.group_trip", trip_id=trip.id))
    status = 400 if form.is_submitted() else 200
    return render_template("exchanges/group_trip_edit.html", course=course, side=side, form=form, trip=None), status


def _trip(trip_id: int) -> GroupTrip:
    return load(GroupTrip, trip_id, "group_trip.view")


@bp.route("/group-trips/<int:trip_id>")
@login_required
def group_trip(trip_id):
    trip = _trip(trip_id)
    joined = {t.trainee_id for t in trip.travellers}
    return render_template(
        "exchanges/group_trip.html", trip=trip, problems=services.problems(trip), step_form=StepForm(),
        may_manage=can(current_user, "group_trip.manage", trip), may_confirm=can(current_user, "group_trip.confirm",
                                                                                 trip),
        missing=len(set(_enrolled_ids(trip)) - joined), visa_needed=services.visa_needed(trip))


def _enrolled_ids(trip: GroupTrip) -> list[int]:
    from ..courses.models import Enrolment
    from ..trainees.models import Trainee

    return db.session.scalars(select(Enrolment.trainee_id).join(Trainee, Enrolment.trainee_id == Trainee.id).where(
        Enrolment.course_id == trip.course_id, Enrolment.status.in_(services.TRAVELLING),
        Trainee.side_id == trip.side_id)).all()


@bp.route("/group-trips/<int:trip_id>/edit", methods=["GET", "POST"])
@login_required
def group_trip_edit(trip_id):
    trip = load(GroupTrip, trip_id, "group_trip.manage")
    form = _trip_form(trip.side_id, trip, formdata=request.form if request.method == "POST" else None)
    if form.validate_on_submit():
        done = attempt(form, lambda: services.update(trip, _values(form, trip.side), form.version.data,
                                                     current_user), stale=(trip, ()))
        if done:
            return saved(_("Saved."), url_for("exchanges.group_trip", trip_id=trip.id))
    status = 400 if form.is_submitted() else 200
    return render_template("exchanges/group_trip_edit.html", course=trip.course, side=trip.side, form=form,
                           trip=trip), status


@bp.route("/group-trips/<int:trip_id>/travellers/<int:traveller_id>", methods=["GET", "POST"])
@login_required
def group_traveller(trip_id, traveller_id):
    trip = load(GroupTrip, trip_id, "group_trip.manage")
    traveller = db.session.get(GroupTraveller, traveller_id)
    if traveller is None or traveller.trip_id != trip.id:
        abort(404)
    form = TravellerForm(formdata=request.form if request.method == "POST" else None,
                         data=None if request.method == "POST" else {
                             **{k: getattr(traveller, k) for k in services.TRAVELLER_FIELDS},
                             "passport_number": traveller.passport, "version": traveller.version})
    if form.validate_on_submit():
        done = attempt(form, lambda: services.update_traveller(traveller, form.values(), form.version.data,
                                                               current_user), stale=(traveller, ()))
        if done:
            message = (_("Saved. The documents hold for the whole trip.") if not done.result
                       else _("Saved, but the documents do not hold for the whole trip yet."))
            return saved(message, url_for("exchanges.group_trip", trip_id=trip.id))
    status = 400 if form.is_submitted() else 200
    return render_template("exchanges/group_traveller.html", trip=trip, traveller=traveller, form=form,
                           problems=services.traveller_problems(trip, traveller)), status


@bp.route("/group-trips/<int:trip_id>/refresh", methods=["POST"])
@login_required
def group_trip_refresh(trip_id):
    trip = load(GroupTrip, trip_id, "group_trip.manage")
    form = StepForm()
    if not form.validate_on_submit():
        abort(400)

    def done():
        joined, left = services.refresh_travellers(trip)
        return _("The list follows the roster: %(joined)s joined, %(left)s left.", joined=format_num(joined),
                 left=format_num(left))

    outcome = {}
    return act(lambda: outcome.setdefault("text", done()), lambda: outcome["text"],
               url_for("exchanges.group_trip", trip_id=trip.id))


@bp.route("/group-trips/<int:trip_id>/<any(confirm, travelled, cancel):step>", methods=["POST"])
@login_required
def group_trip_step(trip_id, step):
    service, action = STEPS[step]
    trip = load(GroupTrip, trip_id, action)
    form = StepForm()
    if not form.validate_on_submit():
        abort(400)
    messages = {"confirm": _("The group trip is confirmed."), "travelled": _("The group is marked as travelled."),
                "cancel": _("The group trip is cancelled.")}
    return act(lambda: service(trip, form.version.data, current_user), messages[step],
               url_for("exchanges.group_trip", trip_id=trip.id))


@bp.route("/group-trips/<int:trip_id>/list.pdf")
@login_required
def group_trip_pdf(trip_id):
    trip = _trip(trip_id)
    response = make_response(render_group_list(services.list_data(trip)))
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'inline; filename="group-list-{trip.course.code}-{trip.id}.pdf"'
    return response
