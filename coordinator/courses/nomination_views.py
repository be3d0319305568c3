"""Nominating a side's own trainees for a course, and the host side's answer to the nominations."""

from __future__ import annotations

from flask import flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..auth.permissions import login_required
from ..extensions import db
from ..l10n.digits import InputError, parse_int
from ..trainees.models import Trainee
from ..viewer import format_num
from ..web import attempt, permit, saved
from . import nominations
from .blueprint import bp
from .enrolment_views import _course, _roster_page

MAX_ID = 2**31 - 1


def _ids(name: str) -> list[int] | None:
    """The posted ids of a checkbox list, in any digits; None when one is not an id."""
    try:
        return [parse_int(v, minimum=1, maximum=MAX_ID) for v in request.form.getlist(name)]
    except InputError:
        return None


@bp.route("/<int:course_id>/nominate", methods=["POST"])
@login_required
def nominate(course_id):
    course = _course(course_id)
    permit("course.nominate", course)
    ids = _ids("trainee_ids")
    trainees = list(db.session.scalars(select(Trainee).where(Trainee.id.in_(ids)))) if ids else []
    if ids is None or len(trainees) != len(set(ids)):
        flash(_("Choose trainees from the list."), "error")
        return _roster_page(course, 400)
    order = {trainee_id: i for i, trainee_id in enumerate(ids)}
    trainees.sort(key=lambda t: order[t.id])
    done = attempt(None, lambda: nominations.nominate(course, trainees, current_user))
    if not done:
        return _roster_page(course, done.error.status)
    return saved(_("%(count)s trainees nominated; the host side accepts or declines them.",
                   count=format_num(len(done.result))), url_for("courses.roster", course_id=course.id))


@bp.route("/<int:course_id>/nominations", methods=["POST"])
@login_required
def answer_nominations(course_id):
    course = _course(course_id)
    permit("course.manage", course)
    ids = _ids("enrolment_ids")
    decision = request.form.get("decision", "")
    if ids is None or decision not in ("accept", "decline"):
        flash(_("Choose nominations from the list, then accept or decline them."), "error")
        return _roster_page(course, 400)
    accept, decline = (ids, []) if decision == "accept" else ([], ids)
    done = attempt(None, lambda: nominations.decide(course, current_user, accept, decline))
    if not done:
        return _roster_page(course, done.error.status)
    enrolled, waiting = done.result
    if decision == "decline":
        message = _("%(count)s nominations declined.", count=format_num(len(decline)))
    else:
        message = _("%(enrolled)s enrolled, %(waiting)s on the waiting list.", enrolled=format_num(len(enrolled)),
                    waiting=format_num(len(waiting)))
    return saved(message, url_for("courses.roster", course_id=course.id))
