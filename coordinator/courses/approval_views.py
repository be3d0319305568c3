"""A side's answer to a proposed course (send back, refuse) and steps taken before their time (overrides)."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.permissions import login_required
from ..l10n.digits import InputError, parse_int
from . import review, services
from .blueprint import bp
from .course_views import _course, _refused, _step
from .forms import OverrideForm, ReviewForm


@bp.route("/<int:course_id>/review", methods=["POST"])
@login_required
def review_course(course_id):
    course = _course(course_id, "course.approve")
    form = ReviewForm(prefix="review")
    if not form.validate():
        return _refused(course, _("Say what should change (sending back) or why your side refuses the course."))
    return _step(course, lambda: review.review(course, current_user, form.decision.data, form.comment.data,
                                               form.version.data or request.form.get("version", "")),
                 lambda entry: _("The course is sent back to the host side as a draft, with your comment.")
                 if entry.decision == "sent_back" else _("Your side has refused the course."))


@bp.route("/<int:course_id>/overrides", methods=["POST"])
@login_required
def request_override(course_id):
    course = _course(course_id, "course.manage")
    form = OverrideForm(prefix="override")
    if not form.validate():
        return _refused(course, _("Give the reason for taking this step before its time."))
    return _step(course, lambda: services.request_override(course, form.action.data, current_user,
                                                           form.reason.data),
                 lambda _result: _("Your request is recorded: a second person of the host side grants it."))


@bp.route("/<int:course_id>/overrides/grant", methods=["POST"])
@login_required
def grant_override(course_id):
    course = _course(course_id, "course.override")
    try:
        override_id = parse_int(request.form.get("override_id", ""), minimum=1, maximum=2**31 - 1)
    except InputError:
        override_id = None
    return _step(course, lambda: services.grant_override(course, override_id, current_user),
                 lambda _result: _("Override granted: the course is now “%(status)s”.",
                                   status=course.status_label))
