"""Finding meetings and action items: list filters, what a trainer may see, overdue items."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache

from sqlalchemy import bindparam, inspect, literal_column, or_, select, union_all
from sqlalchemy.orm import contains_eager, defaultload, joinedload, lazyload
from sqlalchemy.orm.attributes import set_committed_value

from ..agro.models import Milestone
from ..auth.participation import participation_ids
from ..courses.models import Course
from ..curricula.models import Curriculum
from ..equipment.models import Booking, EquipmentItem
from ..exchanges.models import Assignment
from ..extensions import db
from ..l10n import calendars
from ..l10n.bounds import in_range
from ..l10n.calendars import GREGORIAN_YEARS, JALALI_YEARS
from ..l10n.folding import like_pattern
from ..l10n.locales import pick
from ..l10n.timezones import local_to_utc, to_zone
from .models import (
    ACTION_LINKS,
    MEETING_STATUSES,
    OPEN_ACTION_STATUSES,
    ActionItem,
    AgendaItem,
    Decision,
    Meeting,
    MeetingAttendee,
)


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
            .options(contains_eager(ActionItem.meeting), joinedload(ActionItem.visit).lazyload("*")))
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


# A meeting's page -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkShown:
    """What an action item's link shows: its kind, the id of the record whose page it opens (a booking opens its
    item's page) and the names written on it (an assignment is named by its course, a booking by its item)."""

    kind: str
    target_id: int
    name_fa: str
    name_ar: str
    name_en: str | None

    @property
    def name(self) -> str:
        return pick(self)


@cache
def _link_statement(kinds: tuple[str, ...]):
    """One statement for the linked records of action items, a branch of a UNION ALL for each kind of link they
    have (PostgreSQL takes longer to plan all five branches than to run them); built once for each set of kinds.
    Plain table columns, run on the connection: the names are all it reads, so no entity is loaded."""
    actions, ids = ActionItem.__table__, bindparam("ids", expanding=True)
    courses, assignments = Course.__table__, Assignment.__table__
    bookings, items = Booking.__table__, EquipmentItem.__table__
    curricula, milestones = Curriculum.__table__, Milestone.__table__
    # kind → (the id its page is opened by, the table whose names it shows, the joins from the action item)
    shapes = {
        "course": (courses.c.id, courses, [(courses, courses.c.id == actions.c.course_id)]),
        "assignment": (assignments.c.id, courses, [(assignments, assignments.c.id == actions.c.assignment_id),
                                                   (courses, courses.c.id == assignments.c.course_id)]),
        "curriculum": (curricula.c.id, curricula, [(curricula, curricula.c.id == actions.c.curriculum_id)]),
        "booking": (bookings.c.item_id, items, [(bookings, bookings.c.id == actions.c.booking_id),
                                                (items, items.c.id == bookings.c.item_id)]),
        "milestone": (milestones.c.id, milestones, [(milestones, milestones.c.id == actions.c.milestone_id)]),
    }
    selects = []
    for kind in kinds:
        target, named, joins = shapes[kind]
        source = actions
        for table, on in joins:
            source = source.join(table, on)
        selects.append(select(actions.c.id, literal_column(f"'{kind}'"), target,
                              named.c.name_fa, named.c.name_ar, named.c.name_en)
                       .select_from(source).where(actions.c.id.in_(ids)))
    return selects[0] if len(selects) == 1 else union_all(*selects)


def links_shown(action_items) -> dict[int, LinkShown]:
    """Each action item's link as its page shows it, in one statement for all of them (instead of loading every
    linked record whole, with its own eager relationships, for the one name it shows). The link is the one
    `ActionItem.link_ref` names (an item linked to several records shows the first in ACTION_LINKS' order)."""
    refs = {action.id: ref for action in action_items if (ref := action.link_ref) is not None}
    if not refs:
        return {}
    kinds = {kind for kind, _ident in refs.values()}
    statement = _link_statement(tuple(kind for kind in ACTION_LINKS if kind in kinds))
    return {action_id: LinkShown(kind, target_id, name_fa, name_ar, name_en)
            for action_id, kind, target_id, name_fa, name_ar, name_en
            in db.session.connection().execute(statement, {"ids": list(refs)})
            if refs[action_id][0] == kind}


@cache
def _agenda_statements():
    """Built once: building them cost more than running them."""
    agenda = (select(AgendaItem, Decision).outerjoin(Decision, Decision.agenda_item_id == AgendaItem.id)
              .where(AgendaItem.meeting_id == bindparam("meeting_id"))
              .order_by(AgendaItem.position, AgendaItem.id, Decision.id))
    # The owner is named (not their side, which the owner's account would join in as well).
    actions = (select(ActionItem).where(ActionItem.agenda_item_id.in_(bindparam("ids", expanding=True)))
               .options(joinedload(ActionItem.owner).lazyload("*")).order_by(ActionItem.id))
    return agenda, actions


def load_agenda(meeting: Meeting) -> list[AgendaItem]:
    """The meeting's agenda with each item's decisions and action items, put in place as loaded collections: two
    plain queries (the items with their decisions joined, then the action items), which cost less than chained
    eager loaders take to set up for the few rows a meeting has."""
    items: dict[int, AgendaItem] = {}
    decisions: dict[int, list] = {}
    agenda_statement, actions_statement = _agenda_statements()
    for item, decision in db.session.execute(agenda_statement, {"meeting_id": meeting.id}):
        if item.id not in items:
            items[item.id], decisions[item.id] = item, []
        if decision is not None:
            decisions[item.id].append(decision)
    actions: dict[int, list] = {ident: [] for ident in items}
    if items:
        for action in db.session.scalars(actions_statement, {"ids": list(items)}):
            actions[action.agenda_item_id].append(action)
    for ident, item in items.items():
        set_committed_value(item, "decisions", decisions[ident])
        set_committed_value(item, "action_items", actions[ident])
    set_committed_value(meeting, "agenda", list(items.values()))
    return meeting.agenda
