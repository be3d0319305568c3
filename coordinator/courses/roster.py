"""A course's roster: who holds a place, who waits and in what order, who withdrew, and their attendance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import defaultload
from sqlalchemy.orm.attributes import set_committed_value

from ..catalog.models import TargetGroup
from ..extensions import db
from ..trainees.models import Trainee, trainee_target_groups
from . import attendance
from .enrolment import PLACE_HOLDING, ordered
from .models import Course, Enrolment


@dataclass
class Roster:
    """Everything the roster page shows, loaded in a fixed number of queries however long the lists are."""

    course: Course
    holding: list[Enrolment]
    waiting: list[tuple[int, Enrolment]]  # (position, enrolment)
    withdrawn: list[Enrolment]
    attendance: attendance.AttendanceBook
    nominated: list[Enrolment]
    declined: list[Enrolment]

    @property
    def free(self) -> int:
        return max(self.course.capacity - len(self.holding), 0)


def roster(course: Course, today: date | None = None) -> Roster:
    # One query for every enrolment; the trainee (and its side) comes joined with each row. The trainees'
    # target groups are shown for the nominations alone: read for those rows only, when there are any.
    rows = db.session.scalars(ordered(select(Enrolment).where(Enrolment.course_id == course.id))
                              .options(defaultload(Enrolment.trainee).lazyload(Trainee.target_groups))).all()
    waiting = [e for e in rows if e.status == "waiting"]
    nominated = [e for e in rows if e.status == "nominated"]
    _load_target_groups([e.trainee for e in nominated])
    return Roster(
        course=course,
        holding=[e for e in rows if e.status in PLACE_HOLDING],
        waiting=list(enumerate(waiting, start=1)),
        withdrawn=[e for e in rows if e.status == "withdrawn"],
        attendance=attendance.attendance_book(course, today),
        nominated=nominated,
        declined=[e for e in rows if e.status == "declined"],
    )


def _load_target_groups(trainees: list[Trainee]) -> None:
    """The target groups of these trainees in one query (in the relationship's order), as if loaded with them."""
    waiting = [t for t in trainees if "target_groups" not in t.__dict__]
    if not waiting:
        return
    groups: dict[int, list[TargetGroup]] = {t.id: [] for t in waiting}
    for trainee_id, group in db.session.execute(
            select(trainee_target_groups.c.trainee_id, TargetGroup)
            .join(TargetGroup, TargetGroup.id == trainee_target_groups.c.target_group_id)
            .where(trainee_target_groups.c.trainee_id.in_(list(groups)))
            .order_by(TargetGroup.sort_order, TargetGroup.id)):
        groups[trainee_id].append(group)
    for trainee in waiting:
        set_committed_value(trainee, "target_groups", groups[trainee.id])
