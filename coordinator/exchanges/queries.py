"""Read-side questions other areas ask about the exchange."""

from __future__ import annotations

from flask import g, has_request_context
from sqlalchemy import select

from ..extensions import db
from .models import Assignment, Trainer

LIVE = ("proposed", "accepted", "confirmed", "travelled", "completed")


def trainer_course_ids_query(user_id: int):
    """Ids of the courses a trainer user is assigned to (not declined or cancelled), as a subquery."""
    return (select(Assignment.course_id).join(Trainer, Assignment.trainer_id == Trainer.id)
            .where(Trainer.user_id == user_id, Assignment.status.in_(LIVE)))


def trainer_course_ids(user_id: int) -> set[int]:
    """The same as a set, looked up once per request."""
    key = f"trainer_courses_{user_id}"
    if has_request_context() and key in g:
        return g.get(key)
    ids = set(db.session.scalars(trainer_course_ids_query(user_id)))
    if has_request_context():
        setattr(g, key, ids)
    return ids
