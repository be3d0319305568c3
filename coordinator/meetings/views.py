"""Meeting pages: the list, a meeting's page, create and edit, state changes, attendees."""

from __future__ import annotations

from flask import abort, current_app, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..audit import history_for
from ..auth.models import User
from ..auth.permissions import can, login_required, require
from ..catalog import clocks
from ..catalog.models import Side
from ..extensions import db
from ..plan.budget import period_totals
from ..viewer import viewer_lang, viewer_today, viewer_tz
from ..web import NOT_TRIED, Attempt, Later, attempt, int_arg, load, saved
from . import queries, services, signatures
from .blueprint import bp
from .forms import LINK_LABELS, ActionForm, AgendaItemForm, AttendeeForm, MeetingForm
from .models import (
    ACTION_STATUSES,
    MEETING_STATUSES,
    Meeting,
    MeetingAttendee,
    MeetingSeries,
    delegation_head,
)

STALE_FIELDS = ("name_fa", "name_ar", "name_en", "host_side_id", "series_id", "venue", "online_url")



def all_series() -> list[MeetingSeries]:
    return list(db.session.scalars(select(MeetingSeries).order_by(MeetingSeries.id)))


def active_sides():
    # Read once per request, shared with the page's clocks (both sides' times of the meeting).
    return clocks.active_sides()


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


def progress_section(meeting: Meeting) -> dict:
    """The progress since the previous meeting, its plan against actual and its budget, each worked out only when
    the page reads it: a page whose progress tab loads the fragment (`meetings.progress`) never pays for it."""
    progress = Later(lambda: services.progress_since_previous(meeting))
    return {"progress": progress,
            "plan": Later(lambda: services.plan_for(progress[0]) if progress else None),
            "budget": Later(lambda: period_totals(progress[0].start, progress[0].end) if progress else []),
            "previous": Later(lambda: services.previous_meeting(meeting)),
            "progress_url": url_for("meetings.progress", meeting_id=meeting.id)}


def render_detail(meeting: Meeting, status: int = 200, **forms):
    recorder = can(current_user, "meeting.record", meeting) and not meeting.is_closed
    sides = active_sides()
    agenda = queries.load_agenda(meeting)
    action_items = [(item, a) for item in agenda for a in item.action_items]
    # The forms to add an attendee or an agenda item show only to who may record (and their picker of
    # people is a query): not built for anyone else. The status cells' forms are written out in the macro.
    if recorder:
        forms["attendee_form"] = forms.get("attendee_form") or AttendeeForm(formdata=None, people=people(), sides=sides)
        forms["agenda_form"] = forms.get("agenda_form") or AgendaItemForm(formdata=None, prefix="agenda")
    return render_template(
        "meetings/detail.html", meeting=meeting, today=viewer_today(), recorder=recorder,
        transitions=services.available_transitions(meeting) if can(current_user, "meeting.record", meeting)
        else [], transition_labels=services.TRANSITION_LABELS, transition_confirms=services.TRANSITION_CONFIRMS,
        statuses=ACTION_STATUSES,
        action_items=action_items, links=queries.links_shown(a for _item, a in action_items),
        history=history_for("meetings", meeting.id),
        attendee_form=forms.get("attendee_form"), agenda_form=forms.get("agenda_form"),
        decision_form=forms.get("decision_form"), decision_item_id=forms.get("decision_item_id"),
        link_labels=LINK_LABELS,
        **progress_section(meeting),
        signing=[(side, signatures.signature_of(meeting, side.id), delegation_head(meeting, side.id))
                 for side in signatures.signing_sides(meeting, sides)],
        my_side=signatures.head_side_of(meeting, current_user, sides),
        attachment_error=forms.get("attachment_error"), max_mb=current_app.config.get("UPLOAD_MAX_MB", 10),
    ), status


# The attendees with their accounts, named and their role read (who signs), not the accounts' sides (the side an
# attendee sits with is their own, else their account's side id), and the signatures (one a side at most): joined
# to the meeting's row, one round trip instead of three.
ATTENDEES = (joinedload(Meeting.attendees).options(joinedload(MeetingAttendee.user).lazyload("*")),
             joinedload(Meeting.signatures))


@bp.route("/<int:meeting_id>")
@login_required
def detail(meeting_id):
    return render_detail(load(Meeting, meeting_id, "meeting.view", options=ATTENDEES))


@bp.route("/<int:meeting_id>/progress")
@login_required
def progress(meeting_id):
    """The meeting page's progress section: the inside of its panel for the tab that loads it when first opened
    (asked with `X-Fragment: 1`), else a page of its own (the panel's link, without script)."""
    meeting = load(Meeting, meeting_id, "meeting.view")
    fragment = request.headers.get("X-Fragment") == "1"
    template = "progress/_meeting_section.html" if fragment else "meetings/progress.html"
    response = current_app.make_response(render_template(template, meeting=meeting, **progress_section(meeting)))
    response.vary.add("X-Fragment")
    return response


def refused(meeting_id: int, done: Attempt, **forms):
    """A refused change on a meeting's page: the page again, its problems shown, with the refusal's status."""
    return render_detail(load(Meeting, meeting_id, "meeting.view"), done.error.status, **forms)


def _edit(meeting: Meeting | None):
    sides = [s for s in active_sides() if current_user.role != "liaison" or s.id == current_user.side_id]
    if meeting is not None and meeting.host_side not in sides:
        sides.append(meeting.host_side)
    data = None
    if meeting is not None:
        data = {name: getattr(meeting, name) for name in STALE_FIELDS} | services.local_parts(meeting) | {
            "version": meeting.version}
    form = MeetingForm(data=data, sides=sides, series=all_series())
    if meeting is None and request.method == "GET" and len(sides) == 1:
        form.host_side_id.data = sides[0].id
    done = NOT_TRIED
    if form.validate_on_submit():
        if meeting is None:
            done = attempt(form, lambda: services.create_meeting(form.values(), current_user))
        else:
            done = attempt(form, lambda: services.update_meeting(meeting, form.values(), request.form.get("version"),
                                                                 current_user), stale=(meeting, STALE_FIELDS))
        if done:
            return saved(_("Saved: %(name)s", name=done.result.name),
                         url_for("meetings.detail", meeting_id=done.result.id))
    status = 400 if request.method == "POST" else 200
    if meeting is not None and meeting.is_closed:
        flash(_("This meeting is closed: its record can no longer be changed."), "error")
        status = 409 if request.method == "POST" else 200
    return render_template("meetings/edit.html", form=form, meeting=meeting, current=done.current), status


@bp.route("/new", methods=["GET", "POST"])
@require("meeting.record")
def create():
    return _edit(None)


@bp.route("/<int:meeting_id>/edit", methods=["GET", "POST"])
@login_required
def edit(meeting_id):
    return _edit(load(Meeting, meeting_id, "meeting.record"))


@bp.route("/<int:meeting_id>/state/<any(open, draft, start, close):state>", methods=["POST"])
@login_required
def transition(meeting_id, state):
    meeting = load(Meeting, meeting_id, "meeting.record")
    done = attempt(None, lambda: services.transition(meeting, state, current_user, request.form.get("version")))
    if not done:
        return refused(meeting_id, done)
    return saved(_("The meeting is now “%(status)s”.", status=meeting.status_label),
                 url_for("meetings.detail", meeting_id=meeting_id))


# Attendees ----------------------------------------------------------------------------------------------


@bp.route("/<int:meeting_id>/attendees", methods=["POST"])
@login_required
def attendee_add(meeting_id):
    meeting = load(Meeting, meeting_id, "meeting.record")
    form = AttendeeForm(people=people(), sides=active_sides())
    if not form.validate_on_submit():
        return render_detail(meeting, 400, attendee_form=form)
    done = attempt(form, lambda: services.add_attendee(meeting, form.values(), current_user))
    if not done:
        return refused(meeting_id, done, attendee_form=form)
    return saved(_("Attendee added."), url_for("meetings.detail", meeting_id=meeting_id, _anchor="attendees"))


def _attendee_action(meeting_id: int, attendee_id: int, change, message):
    """A button on an attendee's row: run the service, then back to the list with `message(attendee)`."""
    load(Meeting, meeting_id, "meeting.record")
    attendee = load(MeetingAttendee, attendee_id)
    if attendee.meeting_id != meeting_id:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    done = attempt(None, lambda: change(attendee))
    if not done:
        return refused(meeting_id, done)
    return saved(message(attendee), url_for("meetings.detail", meeting_id=meeting_id, _anchor="attendees"))


@bp.route("/<int:meeting_id>/attendees/<int:attendee_id>/presence", methods=["POST"])
@login_required
def attendee_presence(meeting_id, attendee_id):
    present = request.form.get("present") == "1"
    return _attendee_action(meeting_id, attendee_id,
                            lambda a: services.set_presence(a, present, current_user),
                            lambda a: _("Attendance saved."))


@bp.route("/<int:meeting_id>/attendees/<int:attendee_id>/head", methods=["POST"])
@login_required
def attendee_head(meeting_id, attendee_id):
    return _attendee_action(meeting_id, attendee_id, lambda a: services.make_head(a, current_user),
                            lambda a: _("%(name)s heads the delegation and signs the report for their side.",
                                        name=a.display_name))


@bp.route("/<int:meeting_id>/attendees/<int:attendee_id>/remove", methods=["POST"])
@login_required
def attendee_remove(meeting_id, attendee_id):
    return _attendee_action(meeting_id, attendee_id, lambda a: services.remove_attendee(a, current_user),
                            lambda a: _("Attendee removed."))


@bp.route("/<int:meeting_id>/agenda", methods=["POST"])
@login_required
def agenda_add(meeting_id):
    from . import agenda

    meeting = load(Meeting, meeting_id, "meeting.record")
    form = AgendaItemForm(prefix="agenda")
    if not form.validate_on_submit():
        return render_detail(meeting, 400, agenda_form=form)
    done = attempt(form, lambda: agenda.add_agenda_item(meeting, form.values(), current_user))
    if not done:
        return refused(meeting_id, done, agenda_form=form)
    return saved(_("Agenda item added."), url_for("meetings.detail", meeting_id=meeting_id, _anchor="agenda"))

