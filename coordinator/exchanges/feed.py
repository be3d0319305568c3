"""A trainer's iCalendar feed behind a secret token: only the token's hash is stored; a new one revokes the old."""

from __future__ import annotations

import secrets

from flask_babel import force_locale
from flask_babel import gettext as _
from icalendar import Calendar, Event
from sqlalchemy import select

from ..extensions import db
from ..l10n.locales import LANGUAGES
from ..l10n.timezones import as_utc, utcnow
from ..notifications.schedule import COUNTRY_LANG, lang_of_user
from ..web import absolute_url
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


def feed_lang(trainer: Trainer) -> str:
    """The trainer's language: their account's choice, else their side's."""
    if trainer.user is not None:
        return lang_of_user(trainer.user)
    return COUNTRY_LANG.get(trainer.side.country_code, "fa")


def _course_line(course, lang: str) -> str:
    return _("Course: %(code)s – %(name)s", code=course.code, name=course.name_in(lang))


def _travel_description(assignment: Assignment, lang: str, link: str) -> str:
    """What (the course and role), where (centre, crossing, lodging, transport) and the link, in `lang`."""
    course = assignment.course
    with force_locale(LANGUAGES[lang].locale):
        lines = [_course_line(course, lang), _("Role: %(role)s", role=assignment.role_label),
                 _("Status: %(status)s", status=assignment.status_label),
                 _("Host centre: %(centre)s", centre=course.host_centre.name_in(lang))]
        if assignment.crossing is not None:
            lines.append(_("Border crossing: %(name)s", name=assignment.crossing.name_in(lang)))
        if assignment.accommodation:
            lines.append(_("Accommodation: %(text)s", text=assignment.accommodation))
        if assignment.transport:
            lines.append(_("Transport: %(text)s", text=assignment.transport))
        lines.append(_("Details: %(url)s", url=link))
    return "\n".join(lines)


def _session_description(assignment: Assignment, session, lang: str, link: str) -> str:
    course = assignment.course
    with force_locale(LANGUAGES[lang].locale):
        lines = [_course_line(course, lang)]
        if session.topic:
            lines.append(_("Topic: %(topic)s", topic=session.topic))
        lines += [_("Host centre: %(centre)s", centre=course.host_centre.name_in(lang)),
                  _("Role: %(role)s", role=assignment.role_label), _("Details: %(url)s", url=link)]
    return "\n".join(lines)


def calendar_for(trainer: Trainer, host: str = "coordinator") -> bytes:
    """The travel of each live assignment and each of its course's sessions, in UTC, described in the
    trainer's language with a link back to the assignment."""
    lang = feed_lang(trainer)
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
        travel.add("location", course.host_centre.name_in(lang))
        link = absolute_url("exchanges.assignment_detail", assignment_id=assignment.id)
        travel.add("url", link)
        travel.add("description", _travel_description(assignment, lang, link))
        cal.add_component(travel)
        for session in course.sessions:
            event = Event()
            event.add("uid", f"session-{session.id}-assignment-{assignment.id}@{host}")
            event.add("dtstamp", stamp)
            event.add("dtstart", as_utc(session.starts_at))
            event.add("dtend", as_utc(session.ends_at))
            event.add("summary", f"{course.code} – {session.topic or title}")
            event.add("status", status)
            event.add("location", course.host_centre.name_in(lang))
            event.add("url", link)
            event.add("description", _session_description(assignment, session, lang, link))
            cal.add_component(event)
    return cal.to_ical()
