"""Invitation letters for a trip's visa: issued by the host side to the consulate of its country, numbered
with a random number a consulate checks on the public page (like certificates), and the plain data the PDF
prints. Services flush, never commit."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

from ..errors import TransitionError, ValidationFailed
from ..extensions import db
from ..l10n.digits import to_ascii_digits
from ..l10n.locales import pick
from ..l10n.timezones import to_zone
from ..viewer import side_today
from .models import Assignment, InvitationLetter

# Letters and digits that cannot be mistaken for one another when typed from paper (no 0/O, 1/I/L, U/V).
ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
PREFIX = "INV"
NUMBER_RE = re.compile(rf"{PREFIX}-(\d{{4}})-([{ALPHABET}]{{4}})-([{ALPHABET}]{{4}})")
ISSUABLE = ("proposed", "accepted", "confirmed")
# The state each side's consulate belongs to, as a letter names it.
COUNTRIES = {
    "IR": ("جمهوری اسلامی ایران", "الجمهورية الإسلامية الإيرانية", "Islamic Republic of Iran"),
    "IQ": ("جمهوری عراق", "جمهورية العراق", "Republic of Iraq"),
}


def country_name(code: str, lang: str) -> str:
    names = COUNTRIES.get(code)
    return names[("fa", "ar", "en").index(lang)] if names else code


def new_number(year: int) -> str:
    for _attempt in range(20):
        part = "".join(secrets.choice(ALPHABET) for _ in range(8))
        number = f"{PREFIX}-{year}-{part[:4]}-{part[4:]}"
        if not db.session.scalar(select(exists().where(InvitationLetter.number == number))):
            return number
    raise RuntimeError("could not find an unused invitation number")


def normalise_number(text: str | None) -> str | None:
    """A typed number in any case, digits and spacing, with or without dashes; None when malformed."""
    compact = re.sub(r"[\s\-]", "", to_ascii_digits(text or "")).upper()
    match = re.fullmatch(rf"{PREFIX}(\d{{4}})([{ALPHABET}]{{8}})", compact)
    if match is None:
        return None
    year, rest = match.groups()
    return f"{PREFIX}-{year}-{rest[:4]}-{rest[4:]}"


def find(number: str | None) -> InvitationLetter | None:
    canonical = normalise_number(number)
    if canonical is None:
        return None
    return db.session.scalar(select(InvitationLetter).where(InvitationLetter.number == canonical))


def passport_of(trainer):
    passports = [d for d in trainer.documents if d.kind == "passport"]
    return max(passports, key=lambda d: d.expires_on, default=None)


def issue(assignment: Assignment, user) -> InvitationLetter:
    """The host side invites the traveller of a trip abroad; the passport number must be on record."""
    if not assignment.abroad:
        raise ValidationFailed(_l("The trainer does not cross the border for this course: no letter is needed."))
    if assignment.status not in ISSUABLE:
        raise TransitionError(_l("An assignment that is “%(status)s” gets no invitation letter.",
                                 status=assignment.status_label))
    passport = passport_of(assignment.trainer)
    if passport is None or not passport.number:
        raise ValidationFailed(_l("Record the passport number of %(trainer)s first: the consulate needs it.",
                                  trainer=assignment.trainer.name))
    year = side_today(assignment.course.host_side).year
    letter = InvitationLetter(number=new_number(year), assignment=assignment, issued_by_id=user.id)
    db.session.add(letter)
    db.session.flush()
    return letter


@dataclass
class LetterData:
    """What the letter prints, in plain values (the PDF renderer sits below this area)."""

    number: str
    issued_on: date
    host_organisation: dict
    host_country: dict
    home_country: dict
    traveller: dict
    holder_name: str
    passport_number: str
    passport_expires: date
    course: dict
    course_code: str
    centre: dict
    arrival: date
    departure: date
    verify_url: str
    purpose: str = "course"  # or "visit": a study visit's delegate (the letter's wording says which)


def _visit_letter_data(letter: InvitationLetter, verify_url: str) -> LetterData:
    """A study visit's delegate: the visit stands where the course would, its first place (or the host's
    organisation) where the centre would, its first and last day (host's clock) as arrival and departure."""
    delegate = letter.visit_delegate
    trainer, visit = delegate.traveller, delegate.visit
    host = visit.host_side
    passport = passport_of(trainer)
    langs = ("fa", "ar")
    place = visit.places[0] if visit.places else None
    return LetterData(
        number=letter.number, issued_on=to_zone(letter.issued_at, host.timezone).date(),
        host_organisation={lang: pick(host, "organisation", lang) for lang in langs},
        host_country={lang: country_name(host.country_code, lang) for lang in langs},
        home_country={lang: country_name(trainer.side.country_code, lang) for lang in langs},
        traveller={lang: pick(trainer, "name", lang) for lang in langs},
        holder_name=passport.holder_name if passport else "",
        passport_number=passport.number if passport else "",
        passport_expires=passport.expires_on if passport else None,
        course={lang: pick(visit, "name", lang) for lang in langs}, course_code="",
        centre={lang: place.name_in(lang) if place else pick(host, "organisation", lang) for lang in langs},
        arrival=visit.starts_on, departure=visit.ends_on, verify_url=verify_url, purpose="visit")


def letter_data(letter: InvitationLetter, verify_url: str) -> LetterData:
    if letter.assignment is None:
        return _visit_letter_data(letter, verify_url)
    assignment = letter.assignment
    trainer, course = assignment.trainer, assignment.course
    host = course.host_side
    passport = passport_of(trainer)
    langs = ("fa", "ar")
    return LetterData(
        number=letter.number,
        issued_on=to_zone(letter.issued_at, host.timezone).date(),
        host_organisation={lang: pick(host, "organisation", lang) for lang in langs},
        host_country={lang: country_name(host.country_code, lang) for lang in langs},
        home_country={lang: country_name(trainer.side.country_code, lang) for lang in langs},
        traveller={lang: pick(trainer, "name", lang) for lang in langs},
        holder_name=passport.holder_name if passport else "",
        passport_number=passport.number if passport else "",
        passport_expires=passport.expires_on if passport else None,
        course={lang: pick(course, "name", lang) for lang in langs},
        course_code=course.code,
        centre={lang: pick(course.host_centre, "name", lang) for lang in langs},
        # Days in the host country's clock: the visa is asked for those days.
        arrival=to_zone(assignment.travel_out_at, host.timezone).date(),
        departure=to_zone(assignment.travel_back_at, host.timezone).date(),
        verify_url=verify_url,
    )


def lookup_public(number: str | None) -> dict | None:
    """What the public check shows a consulate: enough to match the letter in hand, no passport number."""
    letter = find(number)
    if letter is None:
        return None
    if letter.assignment is None:  # a study visit's delegate: whole days on the host's clock
        delegate = letter.visit_delegate
        visit = delegate.visit
        return {"number": letter.number, "traveller": delegate.traveller.name, "visit": visit.name,
                "host": visit.host_side.name, "first_day": visit.starts_on, "last_day": visit.ends_on,
                "issued_at": letter.issued_at, "cancelled": visit.status == "cancelled"}
    assignment = letter.assignment
    return {"number": letter.number, "traveller": assignment.trainer.name, "course": assignment.course.name,
            "host": assignment.course.host_side.name, "arrival": assignment.travel_out_at,
            "departure": assignment.travel_back_at, "issued_at": letter.issued_at,
            "cancelled": assignment.status in ("declined", "cancelled")}
