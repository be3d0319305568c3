"""A believable bilingual demo data set; later areas add their own pieces here."""

from __future__ import annotations

from ..catalog.seed import ensure_reference_data
from ..extensions import db
from ..l10n.timezones import to_zone, utcnow
from . import (
    agro,
    assignments,
    competitions,
    courses,
    curricula,
    equipment,
    exchanges,
    history,
    notifications,
    people,
    plan,
    reference,
    trainees,
)
from . import meetings as demo_meetings
from . import visits as demo_visits

LOGINS = people.LOGINS


def load() -> list[tuple[str, str, str, str]]:
    """Load reference data, demo centres, standards, holidays and one user per role and side."""
    ensure_reference_data()
    sides = reference.load()
    people.load(sides)
    today = to_zone(utcnow(), "Asia/Tehran").date()
    course_list = courses.load(today)
    trainees.load(today, course_list)
    assignments.load(course_list, exchanges.load(today, course_list))
    curricula.load(today)
    equipment.load(today, course_list)
    agro.load(today, course_list)
    competitions.load(today)
    demo_meetings.load(today, course_list)
    plan.load(today, course_list)
    demo_visits.load(today)
    db.session.flush()  # the audit entries exist only once flushed
    history.backdate(course_list)
    notifications.load()
    return LOGINS
