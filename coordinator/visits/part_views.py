"""The pieces of a visit's page: places, programme days, the delegation (trainers or guests, their visas and
invitation letters), lessons and follow-ups: added, changed and removed, each by the side whose part it is."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.permissions import login_required
from ..extensions import db
from ..web import act, attempt, load, saved
from . import delegation, parts
from .blueprint import bp
from .forms import StepForm
from .models import Visit, VisitDay, VisitDelegate, VisitLesson, VisitPlace
from .views import edit_form, make_form, render_detail, visa_form

ANCHORS = {"place": "places", "day": "programme", "delegate": "delegation", "lesson": "lessons"}
MODELS = {"place": VisitPlace, "day": VisitDay, "delegate": VisitDelegate, "lesson": VisitLesson}
# Who changes a piece: the same rule as who adds it.
PERMISSIONS = parts.PART_PERMISSIONS


def _add(visit_id: int, permission: str, form_name: str, call, message, anchor: str):
    """A piece added from the visit's page: refused → the page again with the form's problems."""
    visit = load(Visit, visit_id, permission)
    form = make_form(visit, form_name)
    if not form.validate_on_submit():
        return render_detail(visit, 400, **{form_name: form})
    done = attempt(form, lambda: call(visit, form.values(), current_user))
    if not done:
        return render_detail(db.session.get(Visit, visit_id), done.error.status, **{form_name: form})
    return saved(message(done.result) if callable(message) else message,
                 url_for("visits.detail", visit_id=visit_id, _anchor=anchor))


@bp.route("/<int:visit_id>/places", methods=["POST"])
@login_required
def place_add(visit_id):
    return _add(visit_id, "visit.host", "place_form", parts.add_place, _("Place added."), "places")


@bp.route("/<int:visit_id>/days", methods=["POST"])
@login_required
def day_add(visit_id):
    return _add(visit_id, "visit.host", "day_form", parts.add_day, _("Programme day added."), "programme")


def _delegate_saved(message: str):
    def say(result):
        delegate, visa_findings = result
        for finding in visa_findings:
            flash(str(finding.message), "warning")  # confirming waits for the visa; adding does not
        return message % {"name": delegate.traveller.name}

    return say


@bp.route("/<int:visit_id>/delegates", methods=["POST"])
@login_required
def delegate_add(visit_id):
    return _add(visit_id, "visit.delegation", "delegate_form", delegation.add_delegate,
                _delegate_saved(_("%(name)s joins the delegation.")), "delegation")


@bp.route("/<int:visit_id>/lessons", methods=["POST"])
@login_required
def lesson_add(visit_id):
    return _add(visit_id, "visit.delegation", "lesson_form", parts.add_lesson, _("Topic added."), "lessons")


@bp.route("/<int:visit_id>/follow-ups", methods=["POST"])
@login_required
def follow_up_add(visit_id):
    return _add(visit_id, "visit.delegation", "follow_up_form", parts.add_follow_up,
                lambda action: _("Follow-up “%(name)s” added to the action items.", name=action.name), "lessons")


def _edit_values(kind: str, part, form) -> dict:
    values = form.values()
    if kind == "delegate" and part.trainer_id is None and not (values.get("passport_number") or "").strip():
        values["passport_number"] = part.passport_number  # the box is left empty: the number kept stays
    return values


@bp.route("/<int:visit_id>/<part>/<int:part_id>/edit", methods=["POST"])
@login_required
def part_edit(visit_id, part, part_id):
    """A place, a programme day, a topic or a delegate changed: the same rules (and the same people) as adding."""
    if part not in MODELS:
        abort(404)
    visit = load(Visit, visit_id, PERMISSIONS[part])
    record = db.session.get(MODELS[part], part_id)
    if record is None or record.visit_id != visit.id:
        abort(404)
    form = edit_form(visit, part, record, request.form)
    if not form.validate_on_submit():
        return render_detail(visit, 400, edited=(part, part_id, form))
    values = _edit_values(part, record, form)
    if part == "delegate":
        call = lambda: delegation.update_delegate(visit, part_id, values, current_user)  # noqa: E731
        message = _delegate_saved(_("Saved: %(name)s"))
    else:
        call = lambda: parts.update_part(visit, part, part_id, values, current_user)  # noqa: E731
        message = _("Saved.")
    done = attempt(form, call)
    if not done:
        return render_detail(db.session.get(Visit, visit_id), done.error.status, edited=(part, part_id, form))
    return saved(message(done.result) if callable(message) else message,
                 url_for("visits.detail", visit_id=visit_id, _anchor=ANCHORS[part]))


@bp.route("/<int:visit_id>/delegates/<int:delegate_id>/visa", methods=["POST"])
@login_required
def delegate_visa(visit_id, delegate_id):
    """The visiting side records where a delegate's visa for this visit stands."""
    visit = load(Visit, visit_id, "visit.delegation")
    record = db.session.get(VisitDelegate, delegate_id)
    if record is None or record.visit_id != visit.id:
        abort(404)
    form = visa_form(record, request.form)
    if not form.validate_on_submit():
        return render_detail(visit, 400, edited=("visa", delegate_id, form))
    done = attempt(form, lambda: delegation.record_visa(visit, delegate_id, form.values(), current_user))
    if not done:
        return render_detail(db.session.get(Visit, visit_id), done.error.status, edited=("visa", delegate_id, form))
    delegate, findings = done.result
    for finding in findings:
        flash(str(finding.message), "warning")
    return saved(_("The visa of %(name)s is recorded as “%(status)s”.", name=delegate.traveller.name,
                   status=delegate.visa_status_label),
                 url_for("visits.detail", visit_id=visit_id, _anchor="delegation"))


@bp.route("/<int:visit_id>/delegates/<int:delegate_id>/invitation", methods=["POST"])
@login_required
def invitation_issue(visit_id, delegate_id):
    visit = load(Visit, visit_id, "visit.host")
    if not StepForm().validate_on_submit():
        abort(400)
    done = attempt(None, lambda: delegation.invite(visit, delegate_id, current_user))
    if not done:  # the refusal is flashed on the visit's page
        return redirect(url_for("visits.detail", visit_id=visit_id, _anchor="delegation"))
    return saved(_("Invitation letter %(number)s issued.", number=done.result.number),
                 url_for("exchanges.invitation_pdf", letter_number=done.result.number))


@bp.route("/<int:visit_id>/<part>/<int:part_id>/remove", methods=["POST"])
@login_required
def part_remove(visit_id, part, part_id):
    if part not in parts.PARTS:
        abort(404)
    visit = load(Visit, visit_id, parts.PART_PERMISSIONS[part])
    if not StepForm().validate_on_submit():
        abort(400)
    return act(lambda: parts.remove_part(visit, part, part_id, current_user), _("Removed."),
               url_for("visits.detail", visit_id=visit_id))
