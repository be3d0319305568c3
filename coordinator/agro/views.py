"""Agro-industry pages: tracks, their milestones, a milestone's page and the track's timeline."""

from __future__ import annotations

from types import SimpleNamespace

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..auth.permissions import can, login_required, require
from ..courses.models import Course
from ..extensions import db
from ..l10n.locales import pick
from ..viewer import viewer_lang, viewer_today
from ..web import NOT_TRIED, attempt, load, saved
from . import services
from . import timeline as timeline_layout
from .blueprint import bp
from .forms import MilestoneForm, track_form
from .models import Milestone, Track

TRACK_FIELDS = ("name_fa", "name_ar", "name_en", "description")
MILESTONE_FIELDS = ("name_fa", "name_ar", "name_en", "side_id", "starts_on", "due_on", "status",
                    "blocked_reason", "progress", "done_on", "evidence_notes")



_MILESTONES = selectinload(Track.milestones)
_TRACK_LOADING = (_MILESTONES.selectinload(Milestone.depends_on).lazyload(Milestone.courses),
                  _MILESTONES.lazyload(Milestone.courses))


def _track(track_id: int) -> Track:
    # The milestones and their dependencies (milestones of the same track) in one query each; their linked
    # courses are not shown here, so they are not loaded (with them would come each course's own relations).
    return load(Track, track_id, options=_TRACK_LOADING)


# Tracks -------------------------------------------------------------------------------------------------


@bp.route("/")
@require("agro.view")
def tracks():
    rows = db.session.scalars(select(Track).order_by(Track.search_key, Track.id)).all()
    late = services.overdue_ids([m for t in rows for m in t.milestones])
    summary = [(t, len(t.milestones), sum(m.status == "done" for m in t.milestones),
                sum(m.id in late for m in t.milestones)) for t in rows]
    return render_template("agro/tracks.html", summary=summary)


def _track_edit(track: Track | None):
    sides = services.active_sides()
    data = None
    if track is not None:
        data = {name: getattr(track, name) for name in TRACK_FIELDS} | {"version": track.version}
        data |= {f"lead_{lead.side_id}": lead.name or (lead.user.display_name if lead.user else "")
                 for lead in track.leads}
    form = track_form(sides, data=data)
    done = NOT_TRIED
    if form.validate_on_submit():
        if track is None:
            done = attempt(form, lambda: services.create_track(form.values(), current_user))
        else:
            done = attempt(form, lambda: services.update_track(track, form.values(), request.form.get("version"),
                                                               current_user), stale=(track, TRACK_FIELDS))
        if done:
            return saved(_("Saved: %(name)s", name=done.result.name),
                         url_for("agro.track", track_id=done.result.id))
    status = 400 if request.method == "POST" else 200
    return render_template("agro/track_edit.html", form=form, track=track, current=done.current), status


@bp.route("/new", methods=["GET", "POST"])
@require("agro.manage")
def track_create():
    return _track_edit(None)


@bp.route("/<int:track_id>/edit", methods=["GET", "POST"])
@require("agro.manage")
def track_edit(track_id):
    return _track_edit(_track(track_id))


def _milestone_sides(milestone: Milestone | None = None):
    keep = milestone.side_id if milestone else None
    return [s for s in services.active_sides() + ([milestone.side] if milestone and not milestone.side.active
                                                  else [])
            if can(current_user, "milestone.manage", SimpleNamespace(side_id=s.id)) or s.id == keep]


def _courses(milestone: Milestone | None = None):
    # Only what the choice labels show: loading whole courses would also load each one's target groups,
    # approvals and holidays, in batches that grow with the number of courses.
    rows = db.session.execute(select(Course.id, Course.code, Course.name_fa, Course.name_ar, Course.name_en)
                              .order_by(Course.start_date.desc(), Course.id))
    return [SimpleNamespace(id=r.id, code=r.code, name=pick(r)) for r in rows]


def _milestone_form(track: Track, milestone: Milestone | None = None, **kwargs) -> MilestoneForm:
    others = [m for m in track.milestones if milestone is None or m.id != milestone.id]
    return MilestoneForm(sides=_milestone_sides(milestone), others=others, courses=_courses(milestone), **kwargs)


def _track_page(track: Track, form=None, status=200):
    late = services.overdue_ids(track.milestones)
    if form is None and can(current_user, "milestone.manage"):
        form = _milestone_form(track, formdata=None)
        sides = [s for s in services.active_sides()
                 if can(current_user, "milestone.manage", SimpleNamespace(side_id=s.id))]
        if len(sides) == 1:
            form.side_id.data = sides[0].id
    return render_template("agro/track_detail.html", track=track, late=late, form=form,
                           leads={lead.side_id: lead for lead in track.leads},
                           sides=services.active_sides()), status


@bp.route("/<int:track_id>")
@require("agro.view")
def track(track_id):
    return _track_page(_track(track_id))


@bp.route("/<int:track_id>/milestones", methods=["POST"])
@require("milestone.manage")
def milestone_create(track_id):
    track = _track(track_id)
    form = _milestone_form(track)
    if not form.validate_on_submit():
        return _track_page(track, form=form, status=400)
    done = attempt(form, lambda: services.create_milestone(track, form.values(), current_user))
    if not done:
        return _track_page(_track(track_id), form=form, status=done.error.status)
    return saved(_("Saved: %(name)s", name=done.result.name),
                 url_for("agro.track", track_id=track_id, _anchor="milestones"))


@bp.route("/tracks/<int:track_id>/timeline")
@require("agro.view")
def timeline(track_id):
    track = _track(track_id)
    late = services.overdue_ids(track.milestones)
    lang = viewer_lang()
    chart = timeline_layout.build(track.milestones, lang, viewer_today(), late) if track.milestones else None
    return render_template("agro/timeline.html", track=track, chart=chart, late=late)


# Milestones ---------------------------------------------------------------------------------------------


@bp.route("/milestones/<int:milestone_id>")
@require("agro.view")
def milestone(milestone_id):
    m = load(Milestone, milestone_id)
    dependents = [other for other in m.track.milestones if m in other.depends_on]
    return render_template("agro/milestone_detail.html", milestone=m, dependents=dependents,
                           overdue=services.is_overdue(m))


@bp.route("/milestones/<int:milestone_id>/edit", methods=["GET", "POST"])
@login_required
def milestone_edit(milestone_id):
    m = load(Milestone, milestone_id, "milestone.manage")
    data = ({name: getattr(m, name) for name in MILESTONE_FIELDS}
            | {"depends_on_ids": [d.id for d in m.depends_on], "course_ids": [c.id for c in m.courses],
               "version": m.version})
    form = _milestone_form(m.track, m, data=data)
    done = NOT_TRIED
    if form.validate_on_submit():
        done = attempt(form, lambda: services.update_milestone(m, form.values(), request.form.get("version"),
                                                               current_user), stale=(m, MILESTONE_FIELDS))
        if done:
            return saved(_("Saved: %(name)s", name=m.name), url_for("agro.milestone", milestone_id=m.id))
    status = 400 if request.method == "POST" else 200
    return render_template("agro/milestone_edit.html", form=form, milestone=m, current=done.current), status
