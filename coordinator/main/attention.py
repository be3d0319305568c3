"""What needs the person's attention, for the home page: a bounded number of queries whatever the data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select

from ..agro.models import Milestone
from ..agro.services import overdue_ids
from ..courses.models import Course, CourseApproval, CourseOverride, Enrolment
from ..curricula.translation import overdue_tasks
from ..equipment.transfers import overdue_item_ids
from ..exchanges.models import Assignment, Trainer
from ..extensions import db
from ..meetings.queries import open_actions_of

# Milestones due within this many days back are checked for being overdue (older ones surely are).
OVERDUE_LOOKBACK_DAYS = 3650


@dataclass
class Attention:
    to_approve: list = field(default_factory=list)  # courses my side has yet to approve
    to_answer: list = field(default_factory=list)  # assignments the trainer must accept or decline
    to_decide: list = field(default_factory=list)  # my side's courses with nominations awaiting an answer
    to_grant: list = field(default_factory=list)  # my side's courses with an override a colleague asked for
    overdue_tasks: int = 0
    overdue_milestones: int = 0
    overdue_returns: int = 0
    my_actions: int = 0  # open action items of meetings the person owns
    my_overdue_actions: int = 0

    @property
    def empty(self) -> bool:
        return not (self.to_approve or self.to_answer or self.to_decide or self.to_grant
                    or self.overdue_tasks or self.overdue_milestones
                    or self.overdue_returns or self.my_actions)


def for_user(user, today: date) -> Attention:
    found = Attention()
    if user.role == "liaison" and user.side_id:
        approved_by_me = select(CourseApproval.course_id).where(CourseApproval.side_id == user.side_id)
        found.to_approve = db.session.scalars(
            select(Course).where(Course.status == "proposed", Course.id.not_in(approved_by_me))
            .order_by(Course.start_date).limit(10)
        ).all()
        # The same asks the inbox makes of the host side (nomination.made, an override to grant).
        nominated = select(Enrolment.course_id).where(Enrolment.status == "nominated")
        found.to_decide = db.session.scalars(
            select(Course).where(Course.host_side_id == user.side_id, Course.id.in_(nominated))
            .order_by(Course.start_date).limit(10)).all()
        asked = select(CourseOverride.course_id).where(CourseOverride.granted_at.is_(None),
                                                       CourseOverride.requested_by_id != user.id)
        found.to_grant = db.session.scalars(
            select(Course).where(Course.host_side_id == user.side_id, Course.id.in_(asked))
            .order_by(Course.start_date).limit(10)).all()
    if user.role == "trainer":
        found.to_answer = db.session.scalars(
            select(Assignment).join(Trainer, Assignment.trainer_id == Trainer.id)
            .where(Trainer.user_id == user.id, Assignment.status == "proposed")
            .order_by(Assignment.travel_out_at)
        ).all()
    if user.role in ("admin", "liaison", "manager"):
        found.overdue_tasks = len(overdue_tasks(today))
        pending = db.session.scalars(select(Milestone).where(
            Milestone.status != "done", Milestone.due_on < today + timedelta(days=1),
            Milestone.due_on > today - timedelta(days=OVERDUE_LOOKBACK_DAYS),
        )).all()
        found.overdue_milestones = len(overdue_ids(pending))
        found.overdue_returns = len(overdue_item_ids(today))
    found.my_actions, found.my_overdue_actions = open_actions_of(user.id, today)
    return found


