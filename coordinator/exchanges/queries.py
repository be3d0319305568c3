"""Read-side questions other areas ask about the exchange."""

from __future__ import annotations

from sqlalchemy import select

from .models import Assignment, Trainer

LIVE = ("proposed", "accepted", "confirmed", "travelled", "completed")
# Assignments under which the trainer teaches: accepted by them (a mere proposal gives no classroom).
TEACHING = ("accepted", "confirmed", "travelled", "completed")


def trainer_teaching_ids_query(user_id: int):
    """Ids of the courses a trainer user teaches (assignment accepted or later), as a subquery."""
    return (select(Assignment.course_id).join(Trainer, Assignment.trainer_id == Trainer.id)
            .where(Trainer.user_id == user_id, Assignment.status.in_(TEACHING)))


def trainer_course_ids_query(user_id: int):
    """Ids of the courses a trainer user is assigned to (not declined or cancelled), as a subquery."""
    return (select(Assignment.course_id).join(Trainer, Assignment.trainer_id == Trainer.id)
            .where(Trainer.user_id == user_id, Assignment.status.in_(LIVE)))

