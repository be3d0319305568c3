"""What a new or moved day off touches among joint-course sessions and trainers' trips (the catalog asks
through catalog.holidays.CLASH_FINDERS, registered in create_app)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import or_, select

from ..catalog.holidays import Clash
from ..catalog.models import Side
from ..courses.models import Course, CourseSession
from ..extensions import db
from ..l10n.timezones import to_zone
from ..notifications.events import liaisons_of, names, users
from .models import Assignment, Trainer
from .queries import LIVE

QUIET = ("cancelled", "completed")


def session_clashes(side_id: int, days: list, centre_id: int | None) -> list[Clash]:
    """Sessions of live courses hosted on the side (or at the closed centre) on one of the days."""
    stmt = (select(CourseSession, Course).join(Course, CourseSession.course_id == Course.id)
            .where(Course.host_side_id == side_id, Course.status.not_in(QUIET), CourseSession.day.in_(days)))
    if centre_id is not None:
        stmt = stmt.where(Course.host_centre_id == centre_id)
    return [Clash("session", f"{course.code} {course.name}", session.day, "courses.detail",
                  {"course_id": course.id}, record=course, what=names(course), owners=_both_sides_liaisons)
            for session, course in db.session.execute(stmt.order_by(CourseSession.starts_at))]


def _both_sides_liaisons() -> list:
    """A joint course is planned by both sides (each liaison is told only if they may see it)."""
    return liaisons_of(*db.session.scalars(select(Side.id)))


def trip_clashes(side_id: int, days: list, centre_id: int | None) -> list[Clash]:
    """Live trips leaving from or arriving on the side (host course or home side) on one of the days,
    each instant read on the side's own clock."""
    side = db.session.get(Side, side_id)
    wanted = set(days)
    # Instants within a day of the range cover every clock of the programme; the exact day is checked below.
    low = datetime.combine(min(days) - timedelta(days=1), time(0), tzinfo=UTC)
    high = datetime.combine(max(days) + timedelta(days=2), time(0), tzinfo=UTC)
    stmt = (select(Assignment).join(Course, Assignment.course_id == Course.id)
            .join(Trainer, Assignment.trainer_id == Trainer.id)
            .where(Assignment.status.in_(LIVE), Assignment.status != "completed",
                   or_(Course.host_side_id == side_id, Trainer.side_id == side_id),
                   or_(Assignment.travel_out_at.between(low, high), Assignment.travel_back_at.between(low, high))))
    if centre_id is not None:
        stmt = stmt.where(or_(Course.host_centre_id == centre_id, Trainer.centre_id == centre_id))
    found = []
    for trip in db.session.scalars(stmt):
        for instant in (trip.travel_out_at, trip.travel_back_at):
            day = to_zone(instant, side.timezone).date()
            if day in wanted:
                found.append(Clash("trip", f"{trip.trainer.name} — {trip.course.code}", day,
                                   "exchanges.assignment_detail", {"assignment_id": trip.id}, record=trip,
                                   what=names(trip.trainer),
                                   owners=lambda trip=trip: users(trip.trainer.user_id)
                                   + liaisons_of(trip.course.host_side_id, trip.trainer.side_id)))
    return found
