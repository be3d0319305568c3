"""Certificates of completion: issue them for a course, revoke one, look one up for the public page."""

from __future__ import annotations

import re
import secrets
from types import SimpleNamespace

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

from ..courses.models import Course, Enrolment
from ..courses.timetable import scheduled_hours
from ..db import utcnow
from ..errors import TransitionError, ValidationFailed
from ..extensions import db
from ..l10n.digits import strip_bidi, to_ascii_digits
from ..viewer import ShownDay, side_today
from .models import Certificate

# No 0/O, 1/I/L or U/V look-alikes: a number is read off paper and typed by hand.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
RANDOM_LENGTH = 8  # 29**8 ≈ 5·10¹¹ numbers per year: not guessable, even less so at 30 lookups per 10 minutes
DEFAULT_PREFIX = "KM"  # Khuzestan–Maysan; another province pair sets CERTIFICATE_PREFIX
MAX_INPUT = 64
MAX_REASON = 2000
_NUMBER_RE = re.compile(rf"([A-Z]{{2,4}})([0-9]{{4}})([{ALPHABET}]{{{RANDOM_LENGTH}}})")
# Whatever people put between the groups: spaces, hyphens, dashes, the minus sign, underscores.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212_.]+")
_ATTEMPTS = 10


def _prefix() -> str:
    prefix = current_app.config.get("CERTIFICATE_PREFIX", DEFAULT_PREFIX) if has_app_context() else DEFAULT_PREFIX
    return prefix


def _random_number(year: int) -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return f"{_prefix()}-{year:04d}-{body[:4]}-{body[4:]}"


def new_number(year: int, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A random, unused number like KM-2026-7Q4K-9TXD; never derived from an id, so not guessable."""
    for _ in range(_ATTEMPTS):
        number = _random_number(year)
        if number in taken:
            continue
        if not db.session.scalar(select(exists().where(Certificate.number == number))):
            return number
    # Ten collisions in a space of 5·10¹¹ mean the generator is broken, not unlucky.
    raise RuntimeError("could not find an unused certificate number")


def normalise_number(text: str | None) -> str | None:
    """The canonical form of a typed number (any case and digits, with or without dashes), or None."""
    if not text:
        return None
    cleaned = to_ascii_digits(strip_bidi(str(text)[:MAX_INPUT])).upper()
    match = _NUMBER_RE.fullmatch(_SEPARATORS.sub("", cleaned))
    if match is None:
        return None
    prefix, year, body = match.groups()
    return f"{prefix}-{year}-{body[:4]}-{body[4:]}"


def find(number: str | None) -> Certificate | None:
    """The certificate with this number, typed in any accepted form; None for unknown or malformed ones."""
    canonical = normalise_number(number)
    if canonical is None:
        return None
    return db.session.scalar(select(Certificate).where(Certificate.number == canonical))


def pending_enrolments(course: Course) -> list[Enrolment]:
    """Trainees who completed the course and have no certificate yet."""
    return list(db.session.scalars(
        select(Enrolment)
        .where(Enrolment.course_id == course.id, Enrolment.status == "completed",
               ~exists().where(Certificate.enrolment_id == Enrolment.id))
        .order_by(Enrolment.id)
    ).unique())


def certificates_of(course: Course) -> list[Certificate]:
    return list(db.session.scalars(
        select(Certificate).join(Enrolment, Certificate.enrolment_id == Enrolment.id)
        .where(Enrolment.course_id == course.id).order_by(Certificate.id)
    ).unique())


def issue_certificates(course: Course, user) -> list[Certificate]:
    """A certificate for every completed enrolment that has none; running it again issues nothing new."""
    if course.status != "completed":
        raise TransitionError(_l("Certificates are issued once the course is marked as completed."))
    issue_day = side_today(course.host_side)
    completed_on = course.completed_on or course.end_date
    if completed_on > issue_day:
        # A course marked completed before this rule existed may carry its planned end: never print a future day.
        raise TransitionError(_l("The course is recorded as completed on %(day)s, after today at the host "
                                 "centre: certificates are issued from that day.", day=ShownDay(completed_on)))
    issued = []
    taken: set[str] = set()
    year = utcnow().year
    for enrolment in pending_enrolments(course):
        number = new_number(year, taken)
        taken.add(number)
        certificate = Certificate(number=number, enrolment_id=enrolment.id, issued_by_id=user.id,
                                  completed_on=completed_on)
        db.session.add(certificate)
        issued.append(certificate)
    db.session.flush()
    return issued


def revoke(certificate: Certificate, user, reason: str) -> None:
    """Withdraw a certificate; the reason is kept (not shown publicly) and the public page says 'revoked'."""
    if certificate.revoked_at is not None:
        raise TransitionError(_l("This certificate has already been revoked."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(_l("Give the reason for revoking the certificate."), field="reason")
    certificate.revoked_at = utcnow()
    certificate.revoked_reason = reason[:MAX_REASON]
    certificate.revoked_by_id = user.id
    db.session.flush()


def delivered(course: Course) -> tuple[object, int | None]:
    """The hours of training the course delivered (its sessions up to its completion) and their practical
    share in percent, as a certificate prints them."""
    end = course.completed_on or course.end_date
    held = SimpleNamespace(sessions=[s for s in course.sessions if s.day <= end], total_hours=course.total_hours,
                           practice_hours=course.practice_hours)
    hours = scheduled_hours(held)
    return hours.scheduled_shown, hours.share


def completed_on(certificate: Certificate):
    """The completion date a certificate shows: its own, else (older ones) the course's end, never after issue."""
    if certificate.completed_on is not None:
        return certificate.completed_on
    course = certificate.enrolment.course
    issued = side_today(course.host_side, certificate.issued_at)
    return min(course.completed_on or course.end_date, issued)


def lookup_public(number: str | None) -> dict | None:
    """What the public verification page may show, and nothing more; None for unknown or malformed numbers."""
    certificate = find(number)
    if certificate is None:
        return None
    enrolment = certificate.enrolment
    trainee, course = enrolment.trainee, enrolment.course
    return {
        "number": certificate.number,
        "name_fa": trainee.name_fa,
        "name_ar": trainee.name_ar,
        "course_fa": course.name_fa,
        "course_ar": course.name_ar,
        "completed_on": completed_on(certificate),
        "status": "valid" if certificate.valid else "revoked",
    }
