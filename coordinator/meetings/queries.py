"""Finding meetings and action items: list filters, what a trainer may see, overdue items."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import inspect, or_, select
from sqlalchemy.orm import contains_eager, defaultload, joinedload, lazyload

from ..auth.participation import participation_ids
from ..equipment.models import Booking
from ..exchanges.models import Assignment
from ..extensions import db
from ..l10n import calendars
from ..l10n.bounds import in_range
from ..l10n.calendars import GREGORIAN_YEARS, JALALI_YEARS
from ..l10n.folding import like_pattern
from ..l10n.timezones import local_to_utc, to_zone
from .models import MEETING_STATUSES, OPEN_ACTION_STATUSES, ActionItem, Meeting, MeetingAttendee


def trainer_meeting_ids_query(user_id: int):
    """Meetings a person attends or owns an action item in, as a query of their ids."""
    attends = select(MeetingAttendee.meeting_id).where(MeetingAttendee.user_id == user_id)
    owns = select(ActionItem.meeting_id).where(ActionItem.owner_id == user_id)
    return attends.union(owns)


def trainer_meeting_ids(user_id: int) -> set[int]:
    """The same as a set, looked up once per request (the permission rules share the lookup)."""
    return participation_ids("meeting", user_id)


def year_bounds(year: int, lang: str, tzname: str) -> tuple[datetime, datetime] | None:
    """The UTC instants where a year of the viewer's calendar (Solar Hijri for fa) begins and ends."""
    low, high = JALALI_YEARS if lang == "fa" else GREGORIAN_YEARS
    if not low <= year <= high:
        return None
    first, last = calendars.year_span(year, calendars.calendar_of(lang))
    return local_to_utc(first, time(0), tzname), local_to_utc(last + timedelta(days=1), time(0), tzname)


def year_in(instant: datetime, lang: str, tzname: str) -> int:
    return calendars.year_of(to_zone(instant, tzname).date(), calendars.calendar_of(lang))


def search_meetings(query: str | None = None, *, status=None, side_id=None, year=None, only_ids=None):
    """Newest first; year is (start, end) in UTC, from `year_bounds`."""
    stmt = select(Meeting)
    if query:
        stmt = stmt.where(Meeting.search_key.like(like_pattern(query), escape="\\"))
    if status in MEETING_STATUSES:
        stmt = stmt.where(Meeting.status == status)
    if side_id:
        stmt = stmt.where(Meeting.host_side_id == side_id)
    if year:
        stmt = stmt.where(Meeting.starts_at >= year[0], Meeting.starts_at < year[1])
    if only_ids is not None:
        stmt = stmt.where(Meeting.id.in_(only_ids or [-1]))
    return stmt.order_by(Meeting.starts_at.desc(), Meeting.id.desc())


# The list (and a meeting's page) names each item's linked record (and a booking's item, an assignment's course):
# joined into the action items' one query, with the linked records' own collections left unloaded, so the count
# never depends on which kinds of link the page happens to show.
LINK_LOADERS = (
    joinedload(ActionItem.course).lazyload("*"),
    joinedload(ActionItem.curriculum).lazyload("*"),
    joinedload(ActionItem.milestone).lazyload("*"),
    joinedload(ActionItem.assignment).lazyload("*"),
    joinedload(ActionItem.assignment).joinedload(Assignment.course).lazyload("*"),
    joinedload(ActionItem.booking).lazyload("*"),
    joinedload(ActionItem.booking).joinedload(Booking.item).lazyload("*"),
)


def visit_delegations():
    """A visit follow-up's visit with its delegation, for the whole page in one more query: whether a trainer may
    open the visit is read from it (auth.visit_rules), not loaded one visit at a time. Only a trainer's rule
    reads the delegation: other lists leave it out, so their query count does not depend on which items show.
    Meetings sit below visits (the import layers): the visit's classes are reached through the relationship."""
    visit = inspect(ActionItem).relationships["visit"].mapper.class_
    delegate = inspect(visit).relationships["delegates"].mapper.class_
    return defaultload(ActionItem.visit).selectinload(visit.delegates).options(
        joinedload(delegate.trainer).lazyload("*"), lazyload(delegate.side), lazyload(delegate.user))


def search_actions(today: date, *, status=None, side_id=None, owner_id=None, overdue=False, query=None,
                   meeting_id=None):
    """Action items across meetings (and study visits' follow-ups, which have no meeting): open ones by due
    date first, then the rest."""
    stmt = (select(ActionItem).outerjoin(Meeting, ActionItem.meeting_id == Meeting.id)
            .options(contains_eager(ActionItem.meeting), joinedload(ActionItem.visit).lazyload("*"),
                     *LINK_LOADERS))
    if status == "open_any":
        stmt = stmt.where(ActionItem.status.in_(OPEN_ACTION_STATUSES))
    elif status:
        stmt = stmt.where(ActionItem.status == status)
    if side_id:
        stmt = stmt.where(ActionItem.side_id == side_id)
    if owner_id:
        stmt = stmt.where(ActionItem.owner_id == owner_id)
    if meeting_id:
        stmt = stmt.where(ActionItem.meeting_id == meeting_id)
    if overdue:
        stmt = stmt.where(ActionItem.status.in_(OPEN_ACTION_STATUSES), ActionItem.due_on < today)
    if query:
        pattern = like_pattern(query)
        stmt = stmt.where(or_(ActionItem.search_key.like(pattern, escape="\\"),
                              Meeting.search_key.like(pattern, escape="\\")))
    return stmt.order_by(ActionItem.closed_on.is_not(None), ActionItem.due_on, ActionItem.id)


def open_actions_of(user_id: int, today: date) -> tuple[int, int]:
    """(open, overdue) action items a person owns, for the home page."""
    rows = db.session.scalars(select(ActionItem.due_on).where(
        ActionItem.owner_id == user_id, ActionItem.status.in_(OPEN_ACTION_STATUSES))).all()
    return len(rows), sum(due < today for due in rows)


def meeting_years(lang: str, tzname: str) -> list[int]:
    """The years (in the viewer's calendar) that have meetings, newest first."""
    starts = db.session.scalars(select(Meeting.starts_at)).all()
    # A far instant left in older data has no year in every calendar: it is simply not offered as a filter.
    return sorted({year_in(s, lang, tzname) for s in starts if in_range(s)}, reverse=True)
