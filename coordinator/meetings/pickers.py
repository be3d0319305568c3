"""Finding the record a form links to by what people know: a course's code (JC-2027-0004, in any digits) or
a name in either script, folded as every search is (ی/ي, ک/ك, Persian and Arabic digits, no diacritics).
Never an internal id.

An exact code wins; otherwise the records whose folded names contain what was typed. One match is the
record; several are offered back by name and code so the person can type the one they mean (picking.py).
Courses are found by courses/pickers.py, which the equipment booking form uses too."""

from __future__ import annotations

from sqlalchemy import func, or_, select

from ..agro.models import Milestone
from ..courses.models import Course
from ..courses.pickers import course_label, course_shown, find_courses
from ..curricula.models import Curriculum
from ..equipment.models import Booking, EquipmentItem
from ..exchanges.models import Assignment, Trainer
from ..extensions import db
from ..l10n.folding import fold, like_pattern
from ..l10n.text import isolate_ltr

LIMIT = 6


def _curricula(text: str):
    return db.session.scalars(select(Curriculum).where(Curriculum.search_key.like(like_pattern(text), escape="\\"))
                              .order_by(Curriculum.id).limit(LIMIT)).all()


def _milestones(text: str):
    return db.session.scalars(select(Milestone).where(Milestone.search_key.like(like_pattern(text), escape="\\"))
                              .order_by(Milestone.due_on, Milestone.id).limit(LIMIT)).all()


def _assignments(text: str):
    """A trip by its course's code, or by the trainer's or the course's name."""
    pattern = like_pattern(text)
    stmt = (select(Assignment).join(Course, Assignment.course_id == Course.id)
            .join(Trainer, Assignment.trainer_id == Trainer.id))
    exact = db.session.scalars(stmt.where(func.lower(Course.code) == fold(text))
                               .order_by(Assignment.travel_out_at, Assignment.id).limit(LIMIT)).all()
    if exact:
        return exact
    return db.session.scalars(stmt.where(or_(Trainer.search_key.like(pattern, escape="\\"),
                                             Course.search_key.like(pattern, escape="\\")))
                              .order_by(Assignment.travel_out_at, Assignment.id).limit(LIMIT)).all()


def _bookings(text: str):
    """A booking by its equipment's name or asset tag, or by its course's code."""
    pattern = like_pattern(text)
    stmt = (select(Booking).join(EquipmentItem, Booking.item_id == EquipmentItem.id)
            .outerjoin(Course, Booking.course_id == Course.id))
    return db.session.scalars(stmt.where(or_(EquipmentItem.search_key.like(pattern, escape="\\"),
                                             func.lower(Course.code) == fold(text)))
                              .order_by(Booking.starts_on, Booking.id).limit(LIMIT)).all()


FINDERS = {"course": find_courses, "assignment": _assignments, "curriculum": _curricula, "booking": _bookings,
           "milestone": _milestones}


def find(kind: str, text: str) -> list:
    """The records of a kind that what was typed names: the exact code's record, else up to six by name."""
    text = " ".join((text or "").split())
    if kind not in FINDERS or not fold(text):
        return []
    return list(FINDERS[kind](text))


def label(kind: str, record) -> str:
    """How a picked record is shown and typed again: its code and name, as people know it."""
    if kind == "course":
        return course_label(record)
    if kind == "assignment":
        return f"{record.course.code} {record.trainer.name}"
    if kind == "booking":
        return f"{record.item.name} {record.starts_on.isoformat()}"
    return record.name


def shown(kind: str, record) -> str:
    """A record in a message's list of matches: as its label, with a course's code kept left to right."""
    if kind == "course":
        return course_shown(record)
    if kind == "assignment":
        return f"{isolate_ltr(record.course.code)} {record.trainer.name}"
    return label(kind, record)
