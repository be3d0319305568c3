"""Reminders the notifications worker raises on its schedule, each once (a key per record and date), and the
e-mail attachments areas give (a meeting's .ics). Placed above every area: it reads their records; the
notifications package below knows only the registries filled here (create_app calls `register`)."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from .agro.models import Milestone
from .agro.services import overdue_ids
from .curricula.models import TranslationTask
from .equipment.models import Transfer
from .equipment.services import ABROAD
from .exchanges import group_trips
from .exchanges.models import Assignment
from .extensions import db
from .meetings.exports import meeting_calendar
from .meetings.models import OPEN_ACTION_STATUSES, ActionItem, Meeting
from .notifications import render, worker
from .notifications.events import day, liaisons_of, names, raise_event, users
from .viewer import side_today

# Overdue reminders look this far back: a first run on old data does not flood anyone.
LOOKBACK_DAYS = 30


def action_items(now: datetime) -> int:
    """An open action item due within REMINDER_DAYS, and one past its date: its owner, once each."""
    ahead = int(current_app.config.get("REMINDER_DAYS", 3))
    horizon = now.date() + timedelta(days=ahead + 1)
    raised = 0
    for action in db.session.scalars(select(ActionItem).where(
            ActionItem.status.in_(OPEN_ACTION_STATUSES), ActionItem.due_on <= horizon,
            ActionItem.due_on >= now.date() - timedelta(days=LOOKBACK_DAYS))):
        today = side_today(action.side, now)
        if action.due_on < today:
            kind = "action.overdue"
        elif action.due_on <= today + timedelta(days=ahead):
            kind = "action.due_soon"
        else:
            continue
        raised += raise_event(kind, action, users(action.owner_id), once_key=f"{kind}:{action.id}:{action.due_on}",
                              data={"action": names(action), "day": day(action.due_on)},
                              link=("meetings.detail", {"meeting_id": action.meeting_id,
                                                        "_anchor": f"action-{action.id}"})
                              if action.meeting_id is not None else ("visits.detail", {"visit_id": action.visit_id})
                              ) is not None
    return raised


def loans(now: datetime) -> int:
    """Equipment abroad due back within REMINDER_DAYS, or past its return date: both sides' liaisons, once
    each per due date."""
    ahead = int(current_app.config.get("REMINDER_DAYS", 3))
    raised = 0
    for transfer in db.session.scalars(select(Transfer).where(
            Transfer.status.in_(ABROAD), Transfer.due_back_on <= now.date() + timedelta(days=ahead + 1),
            Transfer.due_back_on >= now.date() - timedelta(days=LOOKBACK_DAYS))):
        today = side_today(transfer.item.side, now)
        if transfer.due_back_on < today:
            kind = "loan.overdue"
        elif transfer.due_back_on <= today + timedelta(days=ahead):
            kind = "loan.due"
        else:
            continue
        key = f"{kind}:{transfer.id}:{transfer.due_back_on}"
        raised += raise_event(kind, transfer.item, liaisons_of(transfer.item.side_id, transfer.to_side_id),
                              once_key=key, data={"item": names(transfer.item), "day": day(transfer.due_back_on)},
                              link=("equipment.item", {"item_id": transfer.item_id})) is not None
    return raised


def translation_tasks(now: datetime) -> int:
    """A translation task due within REMINDER_DAYS (once) and again once overdue: its translator."""
    ahead = int(current_app.config.get("REMINDER_DAYS", 3))
    raised = 0
    for task in db.session.scalars(select(TranslationTask).where(
            TranslationTask.status != "done", TranslationTask.translator_id.is_not(None),
            TranslationTask.due_on <= now.date() + timedelta(days=ahead),
            TranslationTask.due_on >= now.date() - timedelta(days=LOOKBACK_DAYS))):
        stage = "overdue" if task.due_on < now.date() else "soon"
        curriculum = task.source_version.curriculum
        raised += raise_event("translation.due", task, users(task.translator_id),
                              once_key=f"translation.due:{stage}:{task.id}:{task.due_on}",
                              data={"curriculum": names(curriculum), "day": day(task.due_on)},
                              link=("curricula.detail", {"curriculum_id": curriculum.id})) is not None
    return raised


def milestones(now: datetime) -> int:
    """A milestone past its date (judged by its side's week and holidays, as the agro pages do): its side's
    liaisons, once per due date."""
    pending = db.session.scalars(select(Milestone).where(
        Milestone.status != "done", Milestone.due_on < now.date(),
        Milestone.due_on >= now.date() - timedelta(days=LOOKBACK_DAYS))).all()
    late = overdue_ids(pending, now)
    raised = 0
    for milestone in pending:
        if milestone.id not in late:
            continue
        raised += raise_event("milestone.overdue", milestone, liaisons_of(milestone.side_id),
                              once_key=f"milestone.overdue:{milestone.id}:{milestone.due_on}",
                              data={"milestone": names(milestone), "day": day(milestone.due_on)},
                              link=("agro.milestone", {"milestone_id": milestone.id})) is not None
    return raised


def travel_documents(now: datetime) -> int:
    """A confirmed trip whose traveller's passport (with the margin) or visa ends too soon: the trainer and
    their side's liaisons, once per document and expiry date."""
    margin = timedelta(days=int(current_app.config.get("DOCUMENT_EXPIRY_MARGIN_DAYS", 180)))
    raised = 0
    for assignment in db.session.scalars(select(Assignment).where(Assignment.status == "confirmed",
                                                                  Assignment.travel_out_at > now)):
        back = assignment.travel_back_at.date()
        for document in assignment.trainer.documents:
            needed = back + margin if document.kind == "passport" else back
            if document.expires_on >= needed:
                continue
            trainer = assignment.trainer
            key = f"document.expiring:{assignment.id}:{document.id}:{document.expires_on}"
            raised += raise_event("document.expiring", assignment,
                                  users(trainer.user_id) + liaisons_of(trainer.side_id), once_key=key,
                                  data={"trainer": names(trainer), "course": names(assignment.course),
                                        "day": day(document.expires_on)},
                                  link=("exchanges.assignment_detail", {"assignment_id": assignment.id})) is not None
    return raised


def group_trip_documents(now: datetime) -> int:
    return group_trips.recheck_confirmed(now)


def meeting_ics(event, lang: str):
    meeting = db.session.get(Meeting, event.record_id)
    if meeting is None:
        return None
    host = (current_app.config.get("PUBLIC_URL") or "coordinator").split("//")[-1].split("/")[0]
    return f"meeting-{meeting.id}.ics", "text/calendar", meeting_calendar(meeting, lang, host)


def register() -> None:
    for scan in (action_items, loans, translation_tasks, milestones, travel_documents, group_trip_documents):
        if scan not in worker.SCANNERS:
            worker.SCANNERS.append(scan)
    render.ATTACHMENTS["meeting.scheduled"] = meeting_ics
    render.ATTACHMENTS["meeting.agenda_changed"] = meeting_ics
