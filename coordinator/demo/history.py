"""A past for the demo: the demo is loaded in one go, so every audit entry would say "today" and the
progress figures of the demo meetings (which lie weeks back) would all be zero. This dates the demo
courses' steps and enrolments on a plausible timeline around their start and end dates.

It writes on the audit table directly, below the ORM guard that keeps the trail append-only for the
application: this is invented history for demonstration, written once while the demo is loaded.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, insert, select, update

from ..audit import AuditEntry
from ..certificates.models import Certificate
from ..courses.models import Course, CourseApproval, Enrolment
from ..extensions import db
from ..l10n.timezones import utcnow

# Days before the start at which a course reached each step; running and completed use its own dates.
STEP_OFFSETS = {"proposed": 50, "approved": 35, "scheduled": 20}
STEPS = ("proposed", "approved", "scheduled", "running", "completed")
CREATED_BEFORE_START = 60
ENROLLED_BEFORE_START = 10
CERTIFIED_AFTER_END = 3


def backdate(courses: list[Course]) -> None:
    """Give each demo course, its approvals, enrolments and certificates a history that ends no later than now."""
    now = utcnow()
    table = AuditEntry.__table__
    connection = db.session.connection()
    for course in courses:
        zone = ZoneInfo(course.host_side.timezone)
        entries = _entries("courses", course.id)
        if not entries:
            continue
        created = _instant(course.start_date - timedelta(days=CREATED_BEFORE_START), zone, now)
        connection.execute(update(table).where(table.c.id == entries[0].id).values(at=created))
        steps = _steps(course, zone, now)
        changes = [e for e in entries[1:] if "status" in (e.changes or {})]
        if not changes or not steps:
            continue
        # The load moved the status in a few quick updates; the history keeps its last one as the final step,
        # drops the others and writes each earlier step as the status change it was, on its own day.
        final, dropped = changes[-1], changes[:-1]
        if dropped:
            connection.execute(delete(table).where(table.c.id.in_([e.id for e in dropped])))
        *earlier, (last_status, last_at) = steps
        previous = "draft"
        rows = []
        for status, at in earlier:
            rows.append({"at": at, "user_id": course.created_by_id, "action": "update", "entity": "courses",
                         "entity_id": str(course.id), "label": final.label, "changes": {"status": [previous, status]},
                         "parent_entity": None, "parent_id": None})
            previous = status
        if rows:
            connection.execute(insert(table), rows)
        connection.execute(update(table).where(table.c.id == final.id).values(
            at=last_at, changes={**final.changes, "status": [previous, last_status]}))
        approved = dict(steps).get("approved", dict(steps).get("proposed"))
        if approved is not None:
            approvals = CourseApproval.__table__
            connection.execute(update(approvals).where(approvals.c.course_id == course.id).values(at=approved))
        if course.status == "completed":
            certificates = Certificate.__table__
            issued = _instant(course.end_date + timedelta(days=CERTIFIED_AFTER_END), zone, now)
            connection.execute(update(certificates).where(certificates.c.enrolment_id.in_(
                select(Enrolment.id).where(Enrolment.course_id == course.id))).values(issued_at=issued))
        enrolled = _instant(course.start_date - timedelta(days=ENROLLED_BEFORE_START), zone, now)
        enrolment_ids = [str(i) for i in db.session.scalars(
            select(Enrolment.id).where(Enrolment.course_id == course.id))]
        if enrolment_ids:
            connection.execute(update(table).where(table.c.entity == "enrolments", table.c.action == "create",
                                                   table.c.entity_id.in_(enrolment_ids)).values(at=enrolled))


def _entries(entity: str, record_id: int) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(
        AuditEntry.entity == entity, AuditEntry.entity_id == str(record_id)).order_by(AuditEntry.id)))


def _steps(course: Course, zone: ZoneInfo, now: datetime) -> list[tuple[str, datetime]]:
    """(status, when) for each step the course passed through to its current status."""
    if course.status == "cancelled":
        return [("proposed", _instant(course.start_date - timedelta(days=STEP_OFFSETS["proposed"]), zone, now)),
                ("cancelled", _instant(course.start_date - timedelta(days=5), zone, now))]
    if course.status not in STEPS:
        return []
    days = {**{s: course.start_date - timedelta(days=d) for s, d in STEP_OFFSETS.items()},
            "running": course.start_date, "completed": course.end_date}
    reached = STEPS[: STEPS.index(course.status) + 1]
    return [(status, _instant(days[status], zone, now)) for status in reached]


def _instant(day: date, zone: ZoneInfo, now: datetime) -> datetime:
    """Nine in the morning of that day on the host side's clock, but never later than now."""
    return min(datetime.combine(day, time(9, 0), zone), now)
