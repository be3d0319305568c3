"""Meeting pages: the list, a meeting's page, create and edit, state changes, attendees."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..audit import history_for
from ..auth.models import User
from ..auth.permissions import can, require
from ..catalog.models import Side
from ..errors import DomainError, StaleEditError
from ..extensions import db
from ..viewer import viewer_lang, viewer_today, viewer_tz
from ..web import form_error, int_arg, stale_differences
from . import queries, services
from .blueprint import meetings_bp as bp
from .forms import LINK_LABELS, ActionForm, AgendaItemForm, AttendeeForm, MeetingForm, StatusForm
from .models import ACTION_STATUSES, MEETING_STATUSES, Meeting, MeetingAttendee

STALE_FIELDS = ("name_fa", "name_ar", "name_en", "host_side_id", "venue", "online_url")



def load_meeting(meeting_id: int, action: str = "meeting.view") -> Meeting:
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        abort(404)
    if not can(current_user, action, meeting):
        abort(403)
    return meeting


def show_problems(form, exc: DomainError) -> None:
    db.session.rollback()
    for name, message in getattr(exc, "problems", None) or [(exc.field, exc.message)]:
        form_error(form, DomainError(message, field=name))


def active_sides():
    return db.session.scalars(select(Side).where(Side.active.is_(True)).order_by(Side.id)).all()


def people():
    return db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.full_name, User.id)).all()


# The list -----------------------------------------------------------------------------------------------


@bp.route("/")
@require("meeting.view")
def listing():
    query = request.args.get("q", "").strip()[:200]
    status = request.args.get("status") if request.args.get("status") in MEETING_STATUSES else None
    side_id, year = int_arg("side"), int_arg("year", maximum=9999)
    lang, tz = viewer_lang(), viewer_tz()
    bounds = queries.year_bounds(year, lang, tz) if year else None
    year = year if bounds else None
    only = None if current_user.role != "trainer" else queries.trainer_meeting_ids(current_user.id)
    stmt = queries.search_meetings(query, status=status, side_id=side_id, year=bounds, only_ids=only)
    pagination = db.paginate(stmt, page=int_arg("page") or 1, per_page=current_app.config["PAGE_SIZE"],
                             error_out=False)
    return render_template("meetings/list.html", pagination=pagination, query=query, status=status,
                           side_id=side_id, year=year, statuses=MEETING_STATUSES, years=queries.meeting_years(lang, tz),
                           sides=db.session.scalars(select(Side).order_by(Side.id)).all(),
                           filtered=bool(query or status or side_id or year))


# A meeting's page ---------------------------------------------------------------------------------------


def render_detail(meeting: Meeting, status: int = 200, **forms):
    recorder = can(current_user, "meeting.record", meeting) and not meeting.is_closed
    sides = active_sides()
    return render_template(
        "meetings/detail.html", meeting=meeting, today=viewer_today(), recorder=recorder,
        transitions=services.available_transitions(meeting) if can(current_user, "meeting.record", meeting)
        else [], transition_labels=services.TRANSITION_LABELS, transition_confirms=services.TRANSITION_CONFIRMS,
        statuses=ACTION_STATUSES,
        previous=services.previous_meeting(meeting), history=history_for("meetings", meeting.id),
        attendee_form=forms.get("attendee_form") or AttendeeForm(formdata=None, people=people(), sides=sides),
        agenda_form=forms.get("agenda_form") or AgendaItemForm(formdata=None, prefix="agenda"),
        decision_form=forms.get("decision_form"), decision_item_id=forms.get("decision_item_id"),
        status_form=StatusForm(formdata=None), action_form=ActionForm(), link_labels=LINK_LABELS,
        progress=services.progress_since_previous(meeting),
    ), status


@bp.route("/<int:meeting_id>")
@require("meeting.view")
def detail(meeting_id):
    return render_detail(load_meeting(meeting_id))


def refused(meeting_id: int, exc: DomainError):
    db.session.rollback()
    if exc.status == 403:
        abort(403)
    flash(str(exc.message), "error")
    return render_detail(load_meeting(meeting_id), exc.status)


def _edit(meeting: Meeting | None):
    sides = [s for s in active_sides() if current_user.role != "liaison" or s.id == current_user.side_id]
    if meeting is not None and meeting.host_side not in sides:
        sides.append(meeting.host_side)
    data = None
    if meeting is not None:
        data = {name: getattr(meeting, name) for name in STALE_FIELDS} | services.local_parts(meeting) | {
            "version": meeting.version}
    form = MeetingForm(data=data, sides=sides)
    if meeting is None and request.method == "GET" and len(sides) == 1:
        form.host_side_id.data = sides[0].id
    current = None
    if form.validate_on_submit():
        try:
            if meeting is None:
                saved = services.create_meeting(form.values(), current_user)
            else:
                saved = services.update_meeting(meeting, form.values(), request.form.get("version"), current_user)
        except StaleEditError as exc:
            db.session.rollback()
            form_error(form, exc)
            current = stale_differences(form, meeting, names=STALE_FIELDS)
        except DomainError as exc:
            if exc.status == 403:
                abort(403)
            show_problems(form, exc)
        else:
            db.session.commit()
            flash(_("Saved: %(name)s", name=saved.name), "success")
            return redirect(url_for("meetings.detail", meeting_id=saved.id))
    status = 400 if request.method == "POST" else 200
    if meeting is not None and meeting.is_closed:
        flash(_("This meeting is closed: its record can no longer be changed."), "error")
        status = 409 if request.method == "POST" else 200
    return render_template("meetings/edit.html", form=form, meeting=meeting, current=current), status


@bp.route("/new", methods=["GET", "POST"])
@require("meeting.record")
def create():
    return _edit(None)


@bp.route("/<int:meeting_id>/edit", methods=["GET", "POST"])
@require("meeting.view")
def edit(meeting_id):
    return _edit(load_meeting(meeting_id, "meeting.record"))


@bp.route("/<int:meeting_id>/state/<any(open, draft, start, close):state>", methods=["POST"])
@require("meeting.view")
def transition(meeting_id, state):
    meeting = load_meeting(meeting_id, "meeting.record")
    try:
        services.transition(meeting, state, current_user, request.form.get("version"))
    except DomainError as exc:
        return refused(meeting_id, exc)
    db.session.commit()
    flash(_("The meeting is now “%(status)s”.", status=meeting.status_label), "success")
    return redirect(url_for("meetings.detail", meeting_id=meeting_id))


# Attendees ----------------------------------------------------------------------------------------------


@bp.route("/<int:meeting_id>/attendees", methods=["POST"])
@require("meeting.view")
def attendee_add(meeting_id):
    meeting = load_meeting(meeting_id, "meeting.record")
    form = AttendeeForm(people=people(), sides=active_sides())
    if not form.validate_on_submit():
        return render_detail(meeting, 400, attendee_form=form)
    try:
        services.add_attendee(meeting, form.values(), current_user)
    except DomainError as exc:
        if exc.status == 403:
            abort(403)
        show_problems(form, exc)
        return render_detail(load_meeting(meeting_id), exc.status, attendee_form=form)
    db.session.commit()
    flash(_("Attendee added."), "success")
    return redirect(url_for("meetings.detail", meeting_id=meeting_id, _anchor="attendees"))


def _attendee(meeting_id: int, attendee_id: int) -> MeetingAttendee:
    load_meeting(meeting_id, "meeting.record")
    attendee = db.session.get(MeetingAttendee, attendee_id)
    if attendee is None or attendee.meeting_id != meeting_id:
        abort(404)
    return attendee


def _attendee_action(meeting_id: int, attendee_id: int, change, message):
    """A button on an attendee's row: run the service, then back to the list with `message(attendee)`."""
    attendee = _attendee(meeting_id, attendee_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        change(attendee)
    except DomainError as exc:
        return refused(meeting_id, exc)
    db.session.commit()
    flash(message(attendee), "success")
    return redirect(url_for("meetings.detail", meeting_id=meeting_id, _anchor="attendees"))


@bp.route("/<int:meeting_id>/attendees/<int:attendee_id>/presence", methods=["POST"])
@require("meeting.view")
def attendee_presence(meeting_id, attendee_id):
    present = request.form.get("present") == "1"
    return _attendee_action(meeting_id, attendee_id,
                            lambda a: services.set_presence(a, present, current_user),
                            lambda a: _("Attendance saved."))


@bp.route("/<int:meeting_id>/attendees/<int:attendee_id>/head", methods=["POST"])
@require("meeting.view")
def attendee_head(meeting_id, attendee_id):
    return _attendee_action(meeting_id, attendee_id, lambda a: services.make_head(a, current_user),
                            lambda a: _("%(name)s heads the delegation and signs the report for their side.",
                                        name=a.display_name))


@bp.route("/<int:meeting_id>/attendees/<int:attendee_id>/remove", methods=["POST"])
@require("meeting.view")
def attendee_remove(meeting_id, attendee_id):
    return _attendee_action(meeting_id, attendee_id, lambda a: services.remove_attendee(a, current_user),
                            lambda a: _("Attendee removed."))


@bp.route("/<int:meeting_id>/agenda", methods=["POST"])
@require("meeting.view")
def agenda_add(meeting_id):
    from . import agenda

    meeting = load_meeting(meeting_id, "meeting.record")
    form = AgendaItemForm(prefix="agenda")
    if not form.validate_on_submit():
        return render_detail(meeting, 400, agenda_form=form)
    try:
        agenda.add_agenda_item(meeting, form.values(), current_user)
    except DomainError as exc:
        if exc.status == 403:
            abort(403)
        show_problems(form, exc)
        return render_detail(load_meeting(meeting_id), exc.status, agenda_form=form)
    db.session.commit()
    flash(_("Agenda item added."), "success")
    return redirect(url_for("meetings.detail", meeting_id=meeting_id, _anchor="agenda"))
