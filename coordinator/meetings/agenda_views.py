"""Agenda pages: an item's title and minutes, its order, decisions and action items."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.permissions import can, login_required
from ..web import NOT_TRIED, act, attempt, load, permit, saved
from . import agenda, pickers
from .blueprint import bp
from .forms import ActionForm, ActionItemForm, DecisionForm, MinutesForm, StatusForm
from .models import ActionItem, AgendaItem, Decision, Meeting
from .views import active_sides, people, refused, render_detail

AGENDA_FIELDS = ("name_fa", "name_ar", "name_en", "minutes_fa", "minutes_ar")
ACTION_FIELDS = ("name_fa", "name_ar", "name_en", "owner_id", "side_id", "due_on", "status", "closed_on", "notes")


def _item(item_id: int) -> AgendaItem:
    item = load(AgendaItem, item_id)
    load(Meeting, item.meeting_id, "meeting.record")
    return item


def _back(meeting_id: int, anchor: str = "agenda") -> str:
    return url_for("meetings.detail", meeting_id=meeting_id, _anchor=anchor)


def _button(meeting_id: int, change, message, anchor: str = "agenda"):
    """A button on the meeting's page: done → back to it; refused → the page again with the problems."""
    if not ActionForm().validate_on_submit():
        abort(400)
    done = attempt(None, change)
    if not done:
        return refused(meeting_id, done)
    return saved(message, _back(meeting_id, anchor))


@bp.route("/agenda/<int:agenda_item_id>/edit", methods=["GET", "POST"])
@login_required
def agenda_edit(agenda_item_id):
    item = _item(agenda_item_id)
    data = {name: getattr(item, name) for name in AGENDA_FIELDS} | {"version": item.version}
    form = MinutesForm(data=data)
    done = NOT_TRIED
    if form.validate_on_submit():
        done = attempt(form, lambda: agenda.update_agenda_item(item, form.values(), request.form.get("version"),
                                                               current_user), stale=(item, AGENDA_FIELDS))
        if done:
            return saved(_("Saved: %(name)s", name=item.name), _back(item.meeting_id, f"item-{item.id}"))
    status = 400 if request.method == "POST" else 200
    return render_template("meetings/agenda_edit.html", form=form, item=item, meeting=item.meeting,
                           current=done.current), status


@bp.route("/agenda/<int:agenda_item_id>/move/<any(up, down):direction>", methods=["POST"])
@login_required
def agenda_move(agenda_item_id, direction):
    item = _item(agenda_item_id)
    return _button(item.meeting_id, lambda: agenda.move_agenda_item(item, direction, current_user), None,
                   f"item-{item.id}")


@bp.route("/agenda/<int:agenda_item_id>/delete", methods=["POST"])
@login_required
def agenda_delete(agenda_item_id):
    item = _item(agenda_item_id)
    return _button(item.meeting_id, lambda: agenda.delete_agenda_item(item, current_user),
                   _("Agenda item deleted."))


# Decisions ----------------------------------------------------------------------------------------------


@bp.route("/agenda/<int:agenda_item_id>/decisions", methods=["POST"])
@login_required
def decision_add(agenda_item_id):
    item = _item(agenda_item_id)
    meeting_id = item.meeting_id
    form = DecisionForm(prefix=f"decision-{item.id}")
    if not form.validate_on_submit():
        return render_detail(item.meeting, 400, decision_form=form, decision_item_id=agenda_item_id)
    done = attempt(form, lambda: agenda.add_decision(item, form.values(), current_user))
    if not done:
        return refused(meeting_id, done, decision_form=form, decision_item_id=agenda_item_id)
    return saved(_("Decision recorded."), _back(meeting_id, f"item-{agenda_item_id}"))


def _decision(decision_id: int) -> Decision:
    decision = load(Decision, decision_id)
    load(Meeting, decision.agenda_item.meeting_id, "meeting.record")
    return decision


@bp.route("/decisions/<int:decision_id>/edit", methods=["GET", "POST"])
@login_required
def decision_edit(decision_id):
    decision = _decision(decision_id)
    item = decision.agenda_item
    form = DecisionForm(data={"text_fa": decision.text_fa, "text_ar": decision.text_ar, "version": decision.version})
    done = NOT_TRIED
    if form.validate_on_submit():
        done = attempt(form, lambda: agenda.update_decision(decision, form.values(), request.form.get("version"),
                                                            current_user), stale=(decision, ("text_fa", "text_ar")))
        if done:
            return saved(_("Decision saved."), _back(item.meeting_id, f"item-{item.id}"))
    status = 400 if request.method == "POST" else 200
    return render_template("meetings/decision_edit.html", form=form, decision=decision, item=item,
                           meeting=item.meeting, current=done.current), status


@bp.route("/decisions/<int:decision_id>/delete", methods=["POST"])
@login_required
def decision_delete(decision_id):
    decision = _decision(decision_id)
    meeting_id, item_id = decision.agenda_item.meeting_id, decision.agenda_item_id
    return _button(meeting_id, lambda: agenda.delete_decision(decision, current_user), _("Decision deleted."),
                   f"item-{item_id}")


# Action items -------------------------------------------------------------------------------------------


def _action_form(action: ActionItem | None = None, **kwargs) -> ActionItemForm:
    return ActionItemForm(people=people(), sides=active_sides(), **kwargs)


def _action_page(form, item, action, current=None):
    status = 400 if request.method == "POST" else 200
    return render_template("meetings/action_edit.html", form=form, item=item, action=action, meeting=item.meeting,
                           current=current, frozen=action is not None and action.meeting.is_closed), status


@bp.route("/agenda/<int:agenda_item_id>/actions/new", methods=["GET", "POST"])
@login_required
def action_create(agenda_item_id):
    item = _item(agenda_item_id)
    form = _action_form()
    if form.validate_on_submit() and (done := attempt(form, lambda: agenda.add_action_item(item, form.values(),
                                                                                           current_user))):
        return saved(_("Saved: %(name)s", name=done.result.name), _back(item.meeting_id, f"item-{item.id}"))
    return _action_page(form, item, None)


def _action(action_id: int) -> ActionItem:
    action = load(ActionItem, action_id)
    if not can(current_user, "action.view", action):
        abort(403)
    return action


@bp.route("/actions/<int:action_item_id>/edit", methods=["GET", "POST"])
@login_required
def action_edit(action_item_id):
    action = _action(action_item_id)
    if action.meeting_id is None:
        abort(404)  # a study visit's follow-up is kept on the visit's page
    permit(*agenda.edit_permission(action))
    data = {name: getattr(action, name) for name in ACTION_FIELDS} | {"version": action.version}
    link = action.link
    if link is not None:
        data |= {"link_kind": link[0], "link_ref": pickers.label(*link)}
    form = _action_form(action, data=data)
    done = NOT_TRIED
    if form.validate_on_submit():
        done = attempt(form, lambda: agenda.update_action_item(action, form.values(), request.form.get("version"),
                                                               current_user), stale=(action, ACTION_FIELDS))
        if done:
            return saved(_("Saved: %(name)s", name=action.name), _back(action.meeting_id, f"action-{action.id}"))
    return _action_page(form, action.agenda_item, action, done.current)


@bp.route("/actions/<int:action_item_id>/status", methods=["POST"])
@login_required
def action_status(action_item_id):
    action = _action(action_item_id)
    permit("action.update", action)
    form = StatusForm()
    back = request.form.get("back") == "list"
    if back or action.meeting_id is None:  # a visit's follow-up is changed from the list
        target = url_for("meetings.actions")
    else:
        target = url_for("meetings.detail", meeting_id=action.meeting_id, _anchor=f"action-{action.id}")
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for message in errors:
                flash(str(message), "error")
        return redirect(target)
    return act(lambda: agenda.set_action_status(action, form.status.data, request.form.get("version"),
                                                current_user, closed_on=form.closed_on.data),
               lambda: _("Action item is now “%(status)s”.", status=action.status_label), target)


@bp.route("/actions/<int:action_item_id>/delete", methods=["POST"])
@login_required
def action_delete(action_item_id):
    action = _action(action_item_id)
    meeting_id = action.meeting_id
    if meeting_id is None:
        abort(404)
    load(Meeting, meeting_id, "meeting.record")
    return _button(meeting_id, lambda: agenda.delete_action_item(action, current_user), _("Action item deleted."))

