"""Demo assignments: trainers lent across the border in every state of the exchange."""

from __future__ import annotations

from datetime import time, timedelta

from sqlalchemy import select

from ..catalog.models import BorderCrossing
from ..courses.models import Course
from ..exchanges.models import Assignment, Trainer
from ..extensions import db
from ..l10n.timezones import local_to_utc

# (course status, trainer's side relative to the host: "abroad" or "home", linked demo user or None, status)
PLAN = [
    ("completed", "abroad", None, "completed"),
    ("running", "abroad", None, "travelled"),
    ("scheduled", "abroad", "trainer", "proposed"),  # trainer.khz has an assignment to accept
    ("running", "abroad", None, "confirmed"),
    ("approved", "abroad", None, "accepted"),
    ("scheduled", "home", None, "confirmed"),
]


def load(courses: list[Course], trainers: list[Trainer]) -> list[Assignment]:
    crossing = db.session.scalar(select(BorderCrossing).order_by(BorderCrossing.sort_order))
    made, used = [], set()
    for status, where, linked, state in PLAN:
        course = next((c for c in courses if c.status == status and c.id not in used), None)
        if course is None:
            continue
        candidates = [t for t in trainers if (t.side_id != course.host_side_id) == (where == "abroad")
                      and (t.user_id is not None) == (linked == "trainer")
                      and all(a.trainer is not t for a in made)]  # one trip per trainer: never two at once
        if not candidates:
            continue
        trainer = candidates[0]
        used.add(course.id)
        tz = trainer.side.timezone
        # Leave the morning before the first day, come home the evening after the last.
        out = local_to_utc(course.start_date - timedelta(days=1), time(7), tz)
        back = local_to_utc(course.end_date + timedelta(days=1), time(19), tz)
        assignment = Assignment(
            trainer=trainer, course=course, role="lead", travel_out_at=out, travel_back_at=back,
            crossing=crossing if where == "abroad" else None, status=state,
            accommodation="مهمانسرای مرکز میزبان / دار ضيافة المركز المضيف" if where == "abroad" else "",
            transport="خودروی اداره تا گذرگاه چذابه / سيارة الدائرة حتى منفذ الشيب" if where == "abroad" else "",
        )
        db.session.add(assignment)
        made.append(assignment)
    db.session.flush()
    return made

