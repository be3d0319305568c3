"""A believable bilingual demo data set; later areas add their own pieces here."""

from __future__ import annotations

from ..catalog.seed import ensure_reference_data
from ..l10n.timezones import to_zone, utcnow
from . import courses, people, reference, trainees

LOGINS = people.LOGINS


def load() -> list[tuple[str, str, str, str]]:
    """Load reference data, demo centres, standards, holidays and one user per role and side."""
    ensure_reference_data()
    sides = reference.load()
    people.load(sides)
    today = to_zone(utcnow(), "Asia/Tehran").date()
    trainees.load(today, courses.load(today))
    return LOGINS
