"""A believable inbox for every demo account: the news the services would have raised while the demo's
records came about (the demo writes records directly, not through the services), spread over the last days,
the older ones read. Their e-mails wait in the outbox: `flask notify run` writes them to the mail folder."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from ..auth.models import User
from ..courses.models import Course
from ..curricula.models import TranslationTask
from ..exchanges.models import Assignment, Trainer
from ..extensions import db
from ..l10n.timezones import utcnow
from ..meetings.models import OPEN_ACTION_STATUSES, ActionItem, Meeting
from ..notifications.events import day, liaisons_of, names, raise_event
from ..notifications.models import Delivery, OutboxEvent

# Each account's inbox shows at most this many items of one kind: enough to look lived in, not a flood.
PER_KIND = 3


def _course(kind: str, course: Course, recipients) -> None:
    data = {"course": names(course), "day": day(course.start_date)}
    if kind == "course.cancelled":
        data["reason"] = course.cancel_reason
    raise_event(kind, course, recipients, data=data, link=("courses.detail", {"course_id": course.id}))


def _assignment(kind: str, assignment: Assignment, recipients) -> None:
    raise_event(kind, assignment, recipients,
                data={"course": names(assignment.course), "trainer": names(assignment.trainer),
                      "day": day(assignment.travel_out_at), "reason": assignment.reason},
                link=("exchanges.assignment_detail", {"assignment_id": assignment.id}))


def load() -> None:
    sides = {c.host_side_id for c in db.session.scalars(select(Course))}
    everyone = liaisons_of(*sides)
    for course in db.session.scalars(select(Course).where(Course.status == "proposed").limit(PER_KIND)):
        waiting = [s for s in sides if course.approval_for(s) is None]
        _course("course.awaiting_approval", course, liaisons_of(*waiting))
    for course in db.session.scalars(select(Course).where(Course.status.in_(("approved", "scheduled")))
                                     .order_by(Course.start_date).limit(PER_KIND)):
        managers = db.session.scalars(select(User).where(User.role.in_(("manager", "admin")))).all()
        _course("course.approved", course, [*everyone, *managers])
    for course in db.session.scalars(select(Course).where(Course.status == "cancelled").limit(1)):
        _course("course.cancelled", course, everyone)
    trainer_users = select(Trainer.id).where(Trainer.user_id.is_not(None))
    for status, kind in (("proposed", "assignment.proposed"), ("confirmed", "assignment.confirmed"),
                         ("accepted", "assignment.accepted")):
        for assignment in db.session.scalars(select(Assignment).where(
                Assignment.status == status, Assignment.trainer_id.in_(trainer_users)).limit(PER_KIND)):
            trainer = assignment.trainer
            recipients = ([trainer.user] if kind != "assignment.accepted" else
                          liaisons_of(assignment.course.host_side_id, trainer.side_id))
            _assignment(kind, assignment, recipients)
    for action in db.session.scalars(select(ActionItem).where(ActionItem.status.in_(OPEN_ACTION_STATUSES))
                                     .order_by(ActionItem.due_on).limit(PER_KIND * 4)):
        raise_event("action.assigned", action, [action.owner],
                    data={"action": names(action), "meeting": names(action.meeting), "day": day(action.due_on)},
                    link=("meetings.detail", {"meeting_id": action.meeting_id, "_anchor": f"action-{action.id}"}))
    for task in db.session.scalars(select(TranslationTask).where(TranslationTask.translator_id.is_not(None),
                                                                 TranslationTask.status != "done").limit(PER_KIND)):
        raise_event("translation.assigned", task, [task.translator],
                    data={"curriculum": names(task.source_version.curriculum), "day": day(task.due_on)},
                    link=("curricula.detail", {"curriculum_id": task.source_version.curriculum_id}))
    for meeting in db.session.scalars(select(Meeting).where(Meeting.status.in_(("open", "in_progress")))
                                      .limit(PER_KIND)):
        raise_event("meeting.scheduled", meeting, [a.user for a in meeting.attendees if a.user is not None],
                    data={"meeting": names(meeting), "day": day(meeting.starts_at)},
                    link=("meetings.detail", {"meeting_id": meeting.id}))
    db.session.flush()
    _spread_and_read()


def _spread_and_read() -> None:
    """Newest first, a few hours apart over the past days; what is older than a day has been read."""
    now = utcnow()
    events = db.session.scalars(select(OutboxEvent).order_by(OutboxEvent.id.desc())).all()
    for n, event in enumerate(events):
        event.created_at = now - timedelta(hours=5 * n + 1)
    db.session.flush()
    old = select(OutboxEvent.id).where(OutboxEvent.created_at < now - timedelta(days=1))
    db.session.execute(update(Delivery).where(Delivery.channel == "inbox", Delivery.event_id.in_(old))
                       .values(read_at=now).execution_options(synchronize_session=False))
    db.session.flush()
