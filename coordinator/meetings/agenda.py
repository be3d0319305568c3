"""Agenda items with their minutes, decisions and action items. Services flush, never commit.

An action item outlives its meeting: once the meeting is closed its title, owner, side and due date are
frozen (they are what was decided), but its owner, the meeting's recorders and admins still move its
status along, date its completion and add notes."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..agro.models import Milestone
from ..auth.models import User
from ..catalog.models import Side
from ..concurrency import lock
from ..courses.models import Course
from ..curricula.models import Curriculum
from ..db import check_version
from ..equipment.models import Booking
from ..errors import InvalidValues
from ..exchanges.models import Assignment
from ..extensions import db
from ..l10n.digits import strip_bidi
from ..l10n.timezones import to_zone
from ..notifications.events import day, names, raise_event, users
from ..picking import pick_one
from ..viewer import side_today
from .models import ACTION_LINKS, ACTION_STATUSES, ActionItem, AgendaItem, Decision, Meeting
from .services import ensure_editable, titles, too_long

TEXT_MAX = 20000
LINK_MODELS = {"course": Course, "assignment": Assignment, "curriculum": Curriculum, "booking": Booking,
               "milestone": Milestone}
# i18n: "No <kind> matches ...": a kind of record, in the singular, lower case in English
LINK_NAMES = {"course": _l("joint course"), "assignment": _l("assignment"), "curriculum": _l("curriculum"),
              "booking": _l("equipment booking"), "milestone": _l("milestone")}
FROZEN = ("name_fa", "name_ar", "name_en", "owner_id", "side_id", "due_on")


class AgendaInvalid(InvalidValues):
    """Every problem found in an agenda, decision or action item form; the first is the message."""


def _text(values: dict, key: str, problems: list) -> str:
    text = strip_bidi(values.get(key) or "").strip()
    if len(text) > TEXT_MAX:
        problems.append((key, too_long(TEXT_MAX)))
    return text


# Agenda items -------------------------------------------------------------------------------------------


def _agenda_values(values: dict) -> dict:
    problems: list = []
    data = titles(values, problems)
    for key in ("minutes_fa", "minutes_ar"):
        if key in values:
            data[key] = _text(values, key, problems)
    if problems:
        raise AgendaInvalid(problems)
    return data


def _agenda_issued_again(meeting: Meeting, user) -> None:
    """The agenda of an open meeting was issued with it: a change is issued again to the attendees (with the
    .ics, which carries the agenda), at most once a day so a morning's edits make one notice."""
    if meeting.status != "open":
        return
    attendees = [a.user for a in meeting.attendees if a.user is not None]
    starts = day(to_zone(meeting.starts_at, meeting.host_side.timezone))
    raise_event("meeting.agenda_changed", meeting, attendees, actor=user,
                data={"meeting": names(meeting), "day": starts}, link=("meetings.detail", {"meeting_id": meeting.id}),
                once_key=f"meeting.agenda_changed:{meeting.id}:{side_today(meeting.host_side).isoformat()}")


def add_agenda_item(meeting: Meeting, values: dict, user) -> AgendaItem:
    ensure_editable(meeting)
    data = _agenda_values(values)
    position = max((item.position for item in meeting.agenda), default=0) + 1
    item = AgendaItem(position=position, **data)
    meeting.agenda.append(item)
    db.session.flush()
    _agenda_issued_again(meeting, user)
    return item


def update_agenda_item(item: AgendaItem, values: dict, version, user) -> AgendaItem:
    """Title and minutes; a stale form is refused before anything else."""
    check_version(item, version)
    ensure_editable(item.meeting)
    for key, value in _agenda_values(values).items():
        if getattr(item, key) != value:
            setattr(item, key, value)
    db.session.flush()
    _agenda_issued_again(item.meeting, user)
    return item


def move_agenda_item(item: AgendaItem, direction: str, user) -> None:
    """Swap with the neighbour above or below; positions are renumbered 1..n on the way."""
    ensure_editable(item.meeting)
    items = sorted(item.meeting.agenda, key=lambda i: (i.position, i.id))
    index = items.index(item)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for number, each in enumerate(items, start=1):
        if each.position != number:
            each.position = number
    db.session.flush()
    _agenda_issued_again(item.meeting, user)


def delete_agenda_item(item: AgendaItem, user) -> None:
    """Deleting an item deletes its decisions and action items with it."""
    meeting = item.meeting
    ensure_editable(meeting)
    meeting.agenda.remove(item)  # delete-orphan: removed from the agenda is deleted
    for number, each in enumerate(sorted(meeting.agenda, key=lambda i: (i.position, i.id)), start=1):
        if each.position != number:
            each.position = number
    db.session.flush()
    _agenda_issued_again(meeting, user)


# Decisions ----------------------------------------------------------------------------------------------


def _decision_values(values: dict) -> dict:
    problems: list = []
    data = {key: _text(values, key, problems) for key in ("text_fa", "text_ar")}
    if not data["text_fa"] and not data["text_ar"] and not problems:
        problems.append(("text_fa", _l("Write the decision in Persian, in Arabic or in both.")))
    if problems:
        raise AgendaInvalid(problems)
    return data


def next_decision_number(meeting: Meeting) -> int:
    """The meeting's next decision number; the meeting's row is held so two recorders never share one."""
    lock(Meeting, meeting.id)
    highest = db.session.scalar(select(func.max(Decision.number)).join(AgendaItem)
                                .where(AgendaItem.meeting_id == meeting.id))
    return (highest or 0) + 1


def add_decision(item: AgendaItem, values: dict, user) -> Decision:
    ensure_editable(item.meeting)
    decision = Decision(**_decision_values(values))
    decision.number = next_decision_number(item.meeting)
    item.decisions.append(decision)
    db.session.flush()
    return decision


def update_decision(decision: Decision, values: dict, version, user) -> Decision:
    check_version(decision, version)
    meeting = decision.agenda_item.meeting
    ensure_editable(meeting)
    for key, value in _decision_values(values).items():
        if getattr(decision, key) != value:
            setattr(decision, key, value)
    db.session.flush()
    return decision


def delete_decision(decision: Decision, user) -> None:
    meeting = decision.agenda_item.meeting
    ensure_editable(meeting)
    decision.agenda_item.decisions.remove(decision)
    db.session.flush()


# Action items -------------------------------------------------------------------------------------------


def _status_values(values: dict, side: Side | None, problems: list) -> dict:
    status = values.get("status") or "open"
    if status not in ACTION_STATUSES:
        problems.append(("status", _l("Choose a status from the list.")))
        return {}
    closed_on = values.get("closed_on")
    if status in ("done", "cancelled"):
        if not isinstance(closed_on, date):
            closed_on = side_today(side) if side is not None else None
        elif side is not None and closed_on > side_today(side):
            problems.append(("closed_on", _l("The date it was finished cannot be in the future.")))
    else:
        closed_on = None  # reopened: no longer finished
    return {"status": status, "closed_on": closed_on}


def _link_values(values: dict, problems: list, action: ActionItem | None = None) -> dict:
    """At most one linked record, which must exist. Pages send what people typed (`link_ref`: a code or a
    name, resolved by pickers.find); the API sends the record's id (`link_id`)."""
    data = {f"{kind}_id": None for kind in ACTION_LINKS}
    kind = values.get("link_kind") or ""
    if not kind:
        return data
    model = LINK_MODELS.get(kind)
    if model is None:
        problems.append(("link_kind", _l("Choose a kind of record from the list.")))
        return data
    if "link_ref" in values:
        record = _picked(kind, values.get("link_ref") or "", problems, action)
        if record is not None:
            data[f"{kind}_id"] = record.id
        return data
    record_id = values.get("link_id")
    if not isinstance(record_id, int) or db.session.get(model, record_id) is None:
        problems.append(("link_id", _l("No record of this kind has this number.")))
    else:
        data[f"{kind}_id"] = record_id
    return data


def _picked(kind: str, text: str, problems: list, action: ActionItem | None):
    """The one record `text` names; the record already linked when its shown label comes back unchanged."""
    from . import pickers

    current = action.link if action is not None else None
    return pick_one(text, lambda typed: pickers.find(kind, typed), lambda record: pickers.label(kind, record),
                    field="link_ref", kind_name=LINK_NAMES[kind], problems=problems,
                    current=current[1] if current is not None and current[0] == kind else None,
                    shown=lambda record: pickers.shown(kind, record))


def _action_values(values: dict, action: ActionItem | None) -> dict:
    problems: list = []
    data = titles(values, problems)
    owner_id = values.get("owner_id")
    owner = db.session.get(User, owner_id) if isinstance(owner_id, int) else None
    kept_owner = action.owner_id if action is not None else None
    if owner is None or not (owner.is_active or owner.id == kept_owner):
        problems.append(("owner_id", _l("Choose who is responsible for the action item.")))
        owner = None
    side_id = values.get("side_id")
    side = db.session.get(Side, side_id) if isinstance(side_id, int) else None
    if side is None and owner is not None and side_id in (None, ""):
        side = owner.side  # the owner's own side, unless another is chosen
    if side is None:
        problems.append(("side_id", _l("Choose the side responsible for the action item.")))
    data["owner_id"] = owner.id if owner else None
    data["side_id"] = side.id if side else None
    due_on = values.get("due_on")
    if not isinstance(due_on, date):
        problems.append(("due_on", _l("Enter the due date.")))
    data["due_on"] = due_on
    data.update(_status_values(values, side, problems))
    data["notes"] = _text(values, "notes", problems)
    data.update(_link_values(values, problems, action))
    if problems:
        raise AgendaInvalid(problems)
    return data


def tell_owner(action: ActionItem, user) -> None:
    raise_event("action.assigned", action, users(action.owner_id), actor=user,
                data={"action": names(action), "meeting": names(action.meeting), "day": day(action.due_on)},
                link=("meetings.detail", {"meeting_id": action.meeting_id, "_anchor": f"action-{action.id}"}))


def add_action_item(item: AgendaItem, values: dict, user) -> ActionItem:
    meeting = item.meeting
    ensure_editable(meeting)
    action = ActionItem(meeting_id=meeting.id, **_action_values(values, None))
    item.action_items.append(action)
    db.session.flush()
    tell_owner(action, user)
    return action


def edit_permission(action: ActionItem) -> tuple[str, object]:
    """Until its meeting is closed an action item is part of the meeting's record (its recorders edit it);
    afterwards it lives on its own (its owner updates it). The (action, record) to check, for page and API."""
    if action.meeting is None or action.meeting.is_closed:  # a study visit's follow-up lives on its own
        return ("action.update", action)
    return ("meeting.record", action.meeting)


def update_action_item(action: ActionItem, values: dict, version, user) -> ActionItem:
    """The whole action item while its meeting is open; after it is closed, all but the frozen fields."""
    check_version(action, version)
    meeting = action.meeting
    if meeting is None or meeting.is_closed:
        data = _action_values(values | {key: getattr(action, key) for key in FROZEN}, action)
    else:
        data = _action_values(values, action)
    new_owner = data.get("owner_id", action.owner_id) != action.owner_id
    for key, value in data.items():
        if getattr(action, key) != value:
            setattr(action, key, value)
    db.session.flush()
    if new_owner:
        tell_owner(action, user)
    return action


def set_action_status(action: ActionItem, status: str, version, user, closed_on: date | None = None,
                      notes: str | None = None) -> ActionItem:
    """Move an action item along; done or cancelled dates it (today on its side's clock unless given)."""
    check_version(action, version)
    problems: list = []
    data = _status_values({"status": status, "closed_on": closed_on}, action.side, problems)
    if notes is not None:
        data["notes"] = _text({"notes": notes}, "notes", problems)
    if problems:
        raise AgendaInvalid(problems)
    if data["status"] == action.status and action.closed_on is not None and closed_on is None:
        data["closed_on"] = action.closed_on  # saving notes keeps the date it was finished
    for key, value in data.items():
        if getattr(action, key) != value:
            setattr(action, key, value)
    db.session.flush()
    return action


def delete_action_item(action: ActionItem, user) -> None:
    meeting = action.meeting
    ensure_editable(meeting)
    action.agenda_item.action_items.remove(action)
    db.session.flush()


def owners() -> list[User]:
    """People who may own an action item: every active account."""
    return list(db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.full_name, User.id)))
