"""A course's roster: who holds a place, who waits and in what order, who withdrew, and their attendance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ..extensions import db
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
    # One query for every enrolment; the trainee (and its side) comes joined with each row.
    rows = db.session.scalars(ordered(select(Enrolment).where(Enrolment.course_id == course.id))).all()
    waiting = [e for e in rows if e.status == "waiting"]
    return Roster(
        course=course,
        holding=[e for e in rows if e.status in PLACE_HOLDING],
        waiting=list(enumerate(waiting, start=1)),
        withdrawn=[e for e in rows if e.status == "withdrawn"],
        attendance=attendance.attendance_book(course, today),
        nominated=[e for e in rows if e.status == "nominated"],
        declined=[e for e in rows if e.status == "declined"],
    )


