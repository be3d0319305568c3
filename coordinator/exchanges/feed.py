"""A trainer's iCalendar feed behind a secret token: only the token's hash is stored; a new one revokes the old."""

from __future__ import annotations

import secrets

from icalendar import Calendar, Event
from sqlalchemy import select

from ..extensions import db
from ..l10n.timezones import as_utc, utcnow
from .models import Assignment, Trainer

FEED_STATUSES = ("proposed", "accepted", "confirmed", "travelled", "completed")
TENTATIVE = ("proposed", "accepted")


def new_token(trainer: Trainer) -> str:
    """A fresh token for the trainer (shown once); any earlier token stops working."""
    token = secrets.token_urlsafe(32)
    trainer.feed_token_hash = Trainer.hash_token(token)
    db.session.flush()
    return token


def revoke_token(trainer: Trainer) -> None:
    trainer.feed_token_hash = None
    db.session.flush()


def trainer_for_token(token: str) -> Trainer | None:
    if not token or len(token) > 200:
        return None
    return db.session.scalar(select(Trainer).where(Trainer.feed_token_hash == Trainer.hash_token(token)))


def _both(fa: str, ar: str) -> str:
    return " / ".join(dict.fromkeys(name for name in (fa, ar) if name))


def calendar_for(trainer: Trainer, host: str = "coordinator") -> bytes:
    """The travel of each live assignment and each of its course's sessions, in UTC."""
    cal = Calendar()
    cal.add("prodid", "-//Coordinator//Trainer exchange//FA-AR-EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _both(trainer.name_fa, trainer.name_ar))
    stamp = utcnow()
    assignments = db.session.scalars(
        select(Assignment).where(Assignment.trainer_id == trainer.id, Assignment.status.in_(FEED_STATUSES))
        .order_by(Assignment.travel_out_at)).all()
    for assignment in assignments:
        course = assignment.course
        title = _both(course.name_fa, course.name_ar)
        status = "TENTATIVE" if assignment.status in TENTATIVE else "CONFIRMED"
        travel = Event()
        travel.add("uid", f"assignment-{assignment.id}@{host}")
        travel.add("dtstamp", stamp)
        travel.add("dtstart", as_utc(assignment.travel_out_at))
        travel.add("dtend", as_utc(assignment.travel_back_at))
        travel.add("summary", f"{course.code} – {title}")
        travel.add("status", status)
        travel.add("location", course.host_centre.name_fa or course.host_centre.name_ar)
        details = [course.code, title]
        if assignment.crossing is not None:
            details.append(_both(assignment.crossing.name_fa, assignment.crossing.name_ar))
        if assignment.accommodation:
            details.append(assignment.accommodation)
        if assignment.transport:
            details.append(assignment.transport)
        travel.add("description", "\n".join(details))
        cal.add_component(travel)
        for session in course.sessions:
            event = Event()
            event.add("uid", f"session-{session.id}-assignment-{assignment.id}@{host}")
            event.add("dtstamp", stamp)
            event.add("dtstart", as_utc(session.starts_at))
            event.add("dtend", as_utc(session.ends_at))
            event.add("summary", f"{course.code} – {session.topic or title}")
            event.add("status", status)
            cal.add_component(event)
    return cal.to_ical()
