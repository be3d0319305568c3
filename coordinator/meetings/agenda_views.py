"""Agenda pages: an item's title and minutes, its order, decisions and action items."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.permissions import can, require
from ..errors import DomainError, StaleEditError
from ..extensions import db
from ..web import form_error, stale_differences
from . import agenda
from .blueprint import meetings_bp as bp
from .forms import ActionForm, ActionItemForm, DecisionForm, MinutesForm, StatusForm
from .models import ActionItem, AgendaItem, Decision
from .views import active_sides, load_meeting, people, refused, render_detail, show_problems

AGENDA_FIELDS = ("name_fa", "name_ar", "name_en", "minutes_fa", "minutes_ar")
ACTION_FIELDS = ("name_fa", "name_ar", "name_en", "owner_id", "side_id", "due_on", "status", "closed_on", "notes")


def _item(item_id: int) -> AgendaItem:
    item = db.session.get(AgendaItem, item_id)
    if item is None:
        abort(404)
    load_meeting(item.meeting_id, "meeting.record")
    return item


def _back(meeting_id: int, anchor: str = "agenda"):
    return redirect(url_for("meetings.detail", meeting_id=meeting_id, _anchor=anchor))


def _saved_or_refused(form, exc, meeting_id):
    """After a refused save: 403 stays 403; other refusals go on their field, or above the form."""
    if exc.status == 403:
        abort(403)
    show_problems(form, exc)


@bp.route("/agenda/<int:agenda_item_id>/edit", methods=["GET", "POST"])
@require("meeting.view")
def agenda_edit(agenda_item_id):
    item = _item(agenda_item_id)
    data = {name: getattr(item, name) for name in AGENDA_FIELDS} | {"version": item.version}
    form = MinutesForm(data=data)
    current = None
    if form.validate_on_submit():
        try:
            agenda.update_agenda_item(item, form.values(), request.form.get("version"), current_user)
        except StaleEditError as exc:
            db.session.rollback()
            form_error(form, exc)
            current = stale_differences(form, item, names=AGENDA_FIELDS)
        except DomainError as exc:
            _saved_or_refused(form, exc, item.meeting_id)
        else:
            db.session.commit()
            flash(_("Saved: %(name)s", name=item.name), "success")
            return _back(item.meeting_id, f"item-{item.id}")
    status = 400 if request.method == "POST" else 200
    return render_template("meetings/agenda_edit.html", form=form, item=item, meeting=item.meeting,
                           current=current), status


@bp.route("/agenda/<int:agenda_item_id>/move/<any(up, down):direction>", methods=["POST"])
@require("meeting.view")
def agenda_move(agenda_item_id, direction):
    item = _item(agenda_item_id)
    meeting_id = item.meeting_id
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        agenda.move_agenda_item(item, direction, current_user)
    except DomainError as exc:
        return refused(meeting_id, exc)
    db.session.commit()
    return _back(meeting_id, f"item-{item.id}")


@bp.route("/agenda/<int:agenda_item_id>/delete", methods=["POST"])
@require("meeting.view")
def agenda_delete(agenda_item_id):
    item = _item(agenda_item_id)
    meeting_id = item.meeting_id
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        agenda.delete_agenda_item(item, current_user)
    except DomainError as exc:
        return refused(meeting_id, exc)
    db.session.commit()
    flash(_("Agenda item deleted."), "success")
    return _back(meeting_id)


# Decisions ----------------------------------------------------------------------------------------------


@bp.route("/agenda/<int:agenda_item_id>/decisions", methods=["POST"])
@require("meeting.view")
def decision_add(agenda_item_id):
    item = _item(agenda_item_id)
    meeting_id = item.meeting_id
    form = DecisionForm(prefix=f"decision-{item.id}")
    if form.validate_on_submit():
        try:
            agenda.add_decision(item, form.values(), current_user)
        except DomainError as exc:
            _saved_or_refused(form, exc, meeting_id)
            return render_detail(load_meeting(meeting_id), exc.status, decision_form=form,
                                 decision_item_id=agenda_item_id)
        db.session.commit()
        flash(_("Decision recorded."), "success")
        return _back(meeting_id, f"item-{agenda_item_id}")
    return render_detail(item.meeting, 400, decision_form=form, decision_item_id=agenda_item_id)


def _decision(decision_id: int) -> Decision:
    decision = db.session.get(Decision, decision_id)
    if decision is None:
        abort(404)
    load_meeting(decision.agenda_item.meeting_id, "meeting.record")
    return decision


@bp.route("/decisions/<int:decision_id>/edit", methods=["GET", "POST"])
@require("meeting.view")
def decision_edit(decision_id):
    decision = _decision(decision_id)
    item = decision.agenda_item
    form = DecisionForm(data={"text_fa": decision.text_fa, "text_ar": decision.text_ar, "version": decision.version})
    current = None
    if form.validate_on_submit():
        try:
            agenda.update_decision(decision, form.values(), request.form.get("version"), current_user)
        except StaleEditError as exc:
            db.session.rollback()
            form_error(form, exc)
            current = stale_differences(form, decision, names=("text_fa", "text_ar"))
        except DomainError as exc:
            _saved_or_refused(form, exc, item.meeting_id)
        else:
            db.session.commit()
            flash(_("Decision saved."), "success")
            return _back(item.meeting_id, f"item-{item.id}")
    status = 400 if request.method == "POST" else 200
    return render_template("meetings/decision_edit.html", form=form, decision=decision, item=item,
                           meeting=item.meeting, current=current), status


@bp.route("/decisions/<int:decision_id>/delete", methods=["POST"])
@require("meeting.view")
def decision_delete(decision_id):
    decision = _decision(decision_id)
    meeting_id, item_id = decision.agenda_item.meeting_id, decision.agenda_item_id
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        agenda.delete_decision(decision, current_user)
    except DomainError as exc:
        return refused(meeting_id, exc)
    db.session.commit()
    flash(_("Decision deleted."), "success")
    return _back(meeting_id, f"item-{item_id}")


# Action items -------------------------------------------------------------------------------------------


def _action_form(action: ActionItem | None = None, **kwargs) -> ActionItemForm:
    return ActionItemForm(people=people(), sides=active_sides(), **kwargs)


def _action_page(form, item, action, current=None):
    status = 400 if request.method == "POST" else 200
    return render_template("meetings/action_edit.html", form=form, item=item, action=action, meeting=item.meeting,
                           current=current, frozen=action is not None and action.meeting.is_closed), status


@bp.route("/agenda/<int:agenda_item_id>/actions/new", methods=["GET", "POST"])
@require("meeting.view")
def action_create(agenda_item_id):
    item = _item(agenda_item_id)
    form = _action_form()
    if form.validate_on_submit():
        try:
            action = agenda.add_action_item(item, form.values(), current_user)
        except DomainError as exc:
            _saved_or_refused(form, exc, item.meeting_id)
        else:
            db.session.commit()
            flash(_("Saved: %(name)s", name=action.name), "success")
            return _back(item.meeting_id, f"item-{item.id}")
    return _action_page(form, item, None)


def _action(action_id: int) -> ActionItem:
    action = db.session.get(ActionItem, action_id)
    if action is None:
        abort(404)
    if not can(current_user, "meeting.view", action.meeting) and action.owner_id != current_user.id:
        abort(403)
    return action


@bp.route("/actions/<int:action_item_id>/edit", methods=["GET", "POST"])
@require("meeting.view")
def action_edit(action_item_id):
    action = _action(action_item_id)
    # Until the meeting is closed the action item is part of its record; afterwards it lives on its own.
    needed = "action.update" if action.meeting.is_closed else "meeting.record"
    if not can(current_user, needed, action if action.meeting.is_closed else action.meeting):
        abort(403)
    data = {name: getattr(action, name) for name in ACTION_FIELDS} | {"version": action.version}
    link = action.link
    if link is not None:
        data |= {"link_kind": link[0], "link_id": link[1].id}
    form = _action_form(action, data=data)
    current = None
    if form.validate_on_submit():
        try:
            agenda.update_action_item(action, form.values(), request.form.get("version"), current_user)
        except StaleEditError as exc:
            db.session.rollback()
            form_error(form, exc)
            current = stale_differences(form, action, names=ACTION_FIELDS)
        except DomainError as exc:
            _saved_or_refused(form, exc, action.meeting_id)
        else:
            db.session.commit()
            flash(_("Saved: %(name)s", name=action.name), "success")
            return _back(action.meeting_id, f"action-{action.id}")
    return _action_page(form, action.agenda_item, action, current)


@bp.route("/actions/<int:action_item_id>/status", methods=["POST"])
@require("meeting.view")
def action_status(action_item_id):
    action = _action(action_item_id)
    if not can(current_user, "action.update", action):
        abort(403)
    form = StatusForm()
    back = request.form.get("back") == "list"
    target = (url_for("meetings.actions") if back
              else url_for("meetings.detail", meeting_id=action.meeting_id, _anchor=f"action-{action.id}"))
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for message in errors:
                flash(str(message), "error")
        return redirect(target)
    try:
        agenda.set_action_status(action, form.status.data, request.form.get("version"), current_user,
                                 closed_on=form.closed_on.data)
    except DomainError as exc:
        db.session.rollback()
        if exc.status == 403:
            abort(403)
        for _name, message in getattr(exc, "problems", None) or [(None, exc.message)]:
            flash(str(message), "error")
        return redirect(target)
    db.session.commit()
    flash(_("Action item is now “%(status)s”.", status=action.status_label), "success")
    return redirect(target)


@bp.route("/actions/<int:action_item_id>/delete", methods=["POST"])
@require("meeting.view")
def action_delete(action_item_id):
    action = _action(action_item_id)
    meeting_id = action.meeting_id
    load_meeting(meeting_id, "meeting.record")
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        agenda.delete_action_item(action, current_user)
    except DomainError as exc:
        return refused(meeting_id, exc)
    db.session.commit()
    flash(_("Action item deleted."), "success")
    return _back(meeting_id)

