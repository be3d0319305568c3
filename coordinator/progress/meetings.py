"""The period a meeting reports on: from the day after the previous meeting to the meeting's own day.

The previous meeting is the latest meeting that is not a draft and starts before this one (the meetings
area's rule, `meetings.services.previous_meeting`). Days are those
of each meeting's host side. The first meeting reports from the programme's start: the earliest day found
among the audit trail and the dated records (course starts, milestones, transfers, competitions), so
figures recorded before the trail began are not lost. Events on the previous meeting's own day belong to
that meeting's report, never to both.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from ..agro.models import Milestone
from ..audit import AuditEntry
from ..catalog.models import Side
from ..competitions.models import Competition
from ..courses.models import Course
from ..equipment.models import Transfer
from ..extensions import db
from ..l10n.bounds import clamp
from ..l10n.timezones import to_zone
from ..meetings.models import Meeting
from ..meetings.services import previous_meeting
from .model import Period, ProgressReport
from .services import progress


def meeting_day(meeting: Meeting) -> date:
    tz = meeting.host_side.timezone if meeting.host_side is not None else db.session.get(
        Side, meeting.host_side_id).timezone
    try:
        return to_zone(meeting.starts_at, tz).date()
    except OverflowError:  # an instant at the very end of the calendar, from older data
        return meeting.starts_at.date()


def programme_start(default: date) -> date:
    """The earliest day of the programme's records (one query), `default` when there are none."""
    first_audit = db.session.scalar(select(func.min(AuditEntry.at)))
    dated = db.session.execute(select(
        select(func.min(Course.start_date)).scalar_subquery(),
        select(func.min(Milestone.due_on)).scalar_subquery(),
        select(func.min(Milestone.done_on)).scalar_subquery(),
        select(func.min(Transfer.dispatched_on)).scalar_subquery(),
        select(func.min(Competition.ends_on)).scalar_subquery(),
    )).one()
    days = [d for d in dated if d is not None]
    if first_audit is not None:
        days.append(first_audit.date())
    return min([default, *days])


def period_since_last_meeting(meeting: Meeting) -> Period:
    # Clamped to the stored range, so a meeting dated far off in older data still gets a period to count.
    end = clamp(meeting_day(meeting))
    previous = previous_meeting(meeting)
    if previous is None:
        return Period(clamp(programme_start(end)), end)
    start = clamp(meeting_day(previous)) + timedelta(days=1)
    return Period(min(start, end), end)


def progress_for_meeting(meeting: Meeting) -> tuple[Period, ProgressReport]:
    """(the period, the report) that a meeting's page and its PDF show as "progress since the last meeting"."""
    period = period_since_last_meeting(meeting)
    return period, progress(period)
