"""Meeting rules: times in the host side's clock, states, attendees, follow-up of open action items.
Services flush, never commit.

Decisions: open action items of earlier meetings are carried over when a meeting is *opened* (draft → open),
not when it is created, so a meeting planned far ahead picks up what is still open on the day it is opened;
opening again after going back to draft adds only what is new. A closed meeting is read-only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from functools import cache
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, bindparam, or_, select
from sqlalchemy.orm import lazyload

from ..auth.models import User
from ..catalog.models import Side
from ..db import check_version
from ..errors import InvalidValues, TransitionError
from ..extensions import db
from ..l10n.digits import Shown, strip_bidi
from ..l10n.timezones import local_to_utc, to_zone, utcnow
from ..notifications.events import day, names, raise_event
from . import signatures
from .models import (
    MEETING_STATUSES,
    OPEN_ACTION_STATUSES,
    ActionItem,
    AgendaItem,
    Meeting,
    MeetingAttendee,
    MeetingSeries,
)

# "Progress since the previous meeting" (a meeting's page and report show it) is computed by the progress
# area, which counts this area's action items and so sits above it: create_app hands its function over.
# meeting → (period, report); and plan against actual for a period.
PROGRESS: dict[str, Callable] = {}
NAME_MAX, VENUE_MAX, URL_MAX, GUEST_MAX, ORG_MAX, JOB_MAX = 200, 300, 500, 200, 300, 200
FIELDS = ("name_fa", "name_ar", "name_en", "host_side_id", "series_id", "starts_at", "ends_at", "venue", "online_url")
# state change → (states it may start from, state it leads to)
TRANSITIONS = {
    "open": (("draft",), "open"),
    "draft": (("open",), "draft"),
    "start": (("open",), "in_progress"),
    "close": (("in_progress",), "closed"),
}
TRANSITION_LABELS = {
    "open": _l("Open the meeting"),
    "draft": _l("Back to draft"),
    "start": _l("Start the meeting"),
    "close": _l("Close the meeting"),
}
TRANSITION_CONFIRMS = {
    "open": _l("Open the meeting? Action items still open from earlier meetings will be added to its agenda."),
    "draft": _l("Take the meeting back to draft?"),
    "start": _l("Start the meeting now?"),
    "close": _l("Close the meeting? Its record can no longer be changed afterwards."),
}
FOLLOW_UP_TITLES = {"fa": "پیگیری اقدامات باز", "ar": "متابعة الإجراءات المفتوحة",
                    "en": "Follow-up of open action items"}


class MeetingInvalid(InvalidValues):
    """Every problem found in a meeting form, as (field, message) pairs; the first is the message."""


def clean(text) -> str:
    return " ".join(strip_bidi(text or "").split())


def too_long(limit: int):
    return _l("Enter no more than %(count)s characters.", count=Shown(limit))


def titles(values: dict, problems: list, limit: int = NAME_MAX) -> dict:
    """The Persian, Arabic and optional English title of a record."""
    data = {}
    for key in ("name_fa", "name_ar", "name_en"):
        data[key] = clean(values.get(key))
        if len(data[key]) > limit:
            problems.append((key, too_long(limit)))
    if not data["name_fa"]:
        problems.append(("name_fa", _l("Enter the title in Persian.")))
    if not data["name_ar"]:
        problems.append(("name_ar", _l("Enter the title in Arabic.")))
    data["name_en"] = data["name_en"] or None
    return data


def ensure_editable(meeting: Meeting, *, correcting: bool = True) -> None:
    """A closed meeting's record is final: nothing of it changes through the meeting any more. Every service
    that corrects the record calls this first, so the minutes signed so far are signed again (a refusal
    rolls the removal back with the rest)."""
    if meeting.is_closed:
        raise TransitionError(_l("This meeting is closed: its record can no longer be changed."))
    if correcting:
        signatures.reopen(meeting)


def valid_url(text: str) -> bool:
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in text


# Meetings -----------------------------------------------------------------------------------------------


def _combine(day, clock, side: Side | None):
    if isinstance(day, date) and isinstance(clock, time) and side is not None:
        return local_to_utc(day, clock, side.timezone)
    return None


def check_values(values: dict, user, meeting: Meeting | None = None) -> dict:
    problems: list = []
    data = titles(values, problems)
    side_id = values.get("host_side_id")
    side = db.session.get(Side, side_id) if isinstance(side_id, int) else None
    kept = meeting.host_side_id if meeting is not None else None
    if side is None or not (side.active or side.id == kept):
        problems.append(("host_side_id", _l("Choose the host side.")))
        side = None
    elif user.role == "liaison" and side.id != user.side_id:
        problems.append(("host_side_id", _l("You may record meetings hosted by your own side only.")))
        side = None
    data["host_side_id"] = side.id if side else None
    if "series_id" in values:  # the API does not send it: a meeting edited there keeps its series
        series_id = values.get("series_id")
        if series_id is not None and (not isinstance(series_id, int)
                                      or db.session.get(MeetingSeries, series_id) is None):
            problems.append(("series_id", _l("Choose a meeting series from the list.")))
        data["series_id"] = series_id if isinstance(series_id, int) else None
    day, start, end_day, end = (values.get(k) for k in ("starts_on", "start_time", "ends_on", "end_time"))
    if not isinstance(day, date):
        problems.append(("starts_on", _l("Enter the date of the meeting.")))
    if not isinstance(start, time):
        problems.append(("start_time", _l("Enter the starting time.")))
    if not isinstance(end, time):
        problems.append(("end_time", _l("Enter the finishing time.")))
    end_day = end_day if isinstance(end_day, date) else day
    data["starts_at"], data["ends_at"] = _combine(day, start, side), _combine(end_day, end, side)
    if data["starts_at"] and data["ends_at"] and data["ends_at"] <= data["starts_at"]:
        problems.append(("end_time", _l("The meeting must end after it starts.")))
    data["venue"] = clean(values.get("venue"))
    if len(data["venue"]) > VENUE_MAX:
        problems.append(("venue", too_long(VENUE_MAX)))
    data["online_url"] = strip_bidi(values.get("online_url") or "")
    if len(data["online_url"]) > URL_MAX:
        problems.append(("online_url", too_long(URL_MAX)))
    elif data["online_url"] and not valid_url(data["online_url"]):
        problems.append(("online_url", _l("Enter a web address starting with http:// or https://.")))
    if not data["venue"] and not data["online_url"] and not problems:
        problems.append(("venue", _l("Enter the venue or the link of the online meeting.")))
    if problems:
        raise MeetingInvalid(problems)
    return data


def create_meeting(values: dict, user) -> Meeting:
    data = check_values(values, user)
    meeting = Meeting(created_by_id=user.id, status="draft", **data)
    db.session.add(meeting)
    db.session.flush()
    return meeting


def update_meeting(meeting: Meeting, values: dict, version, user) -> Meeting:
    """Correct a meeting's title, host, times or place; a stale form is refused before anything else."""
    check_version(meeting, version)
    ensure_editable(meeting)
    data = check_values(values, user, meeting)
    for key, value in data.items():
        if getattr(meeting, key) != value:
            setattr(meeting, key, value)
    db.session.flush()
    return meeting


def local_parts(meeting: Meeting) -> dict:
    """The meeting's times as typed: date and clock in the host side's zone."""
    tz = meeting.host_side.timezone
    start, end = to_zone(meeting.starts_at, tz), to_zone(meeting.ends_at, tz)
    return {"starts_on": start.date(), "start_time": start.time().replace(tzinfo=None),
            "ends_on": end.date() if end.date() != start.date() else None,
            "end_time": end.time().replace(tzinfo=None)}


def available_transitions(meeting: Meeting) -> list[str]:
    return [name for name, (sources, _target) in TRANSITIONS.items() if meeting.status in sources]


def transition(meeting: Meeting, name: str, user, version, now: datetime | None = None) -> Meeting:
    """Move the meeting along; opening it carries over open action items, closing it stamps the time."""
    check_version(meeting, version)
    ensure_editable(meeting, correcting=False)
    sources, target = TRANSITIONS.get(name, ((), None))
    if meeting.status not in sources:
        raise TransitionError(_l("A meeting that is “%(status)s” cannot be moved this way.",
                                 status=MEETING_STATUSES.get(meeting.status, meeting.status)))
    if target == "closed":
        signatures.ensure_signed(meeting)
    meeting.status = target
    if target == "open":
        carry_over(meeting)
        raise_event("meeting.scheduled", meeting, [a.user for a in meeting.attendees if a.user is not None],
                    actor=user, data={"meeting": names(meeting), "day": day(to_zone(meeting.starts_at,
                                                                                     meeting.host_side.timezone))},
                    link=("meetings.detail", {"meeting_id": meeting.id}))
    if target == "closed":
        meeting.closed_at = now or utcnow()
    db.session.flush()
    if target == "closed":
        # The minutes (and the report PDF) are final: whoever attended or owns one of its action items.
        owners = db.session.scalars(select(User).where(User.id.in_(
            select(ActionItem.owner_id).where(ActionItem.meeting_id == meeting.id)))).all()
        raise_event("meeting.minutes_ready", meeting,
                    [*(a.user for a in meeting.attendees if a.user is not None), *owners], actor=user,
                    data={"meeting": names(meeting), "day": day(to_zone(meeting.starts_at,
                                                                         meeting.host_side.timezone))},
                    link=("meetings.detail", {"meeting_id": meeting.id}))
    return meeting


# Carry-over and the previous meeting --------------------------------------------------------------------


def earlier_open_actions(meeting: Meeting) -> list[ActionItem]:
    """Action items still open from meetings that start before this one, and study visits' follow-ups given
    before it: the managers' meeting follows both up."""
    return list(db.session.scalars(
        select(ActionItem).outerjoin(Meeting, ActionItem.meeting_id == Meeting.id)
        .where(or_(and_(Meeting.starts_at < meeting.starts_at, Meeting.id != meeting.id),
                   and_(ActionItem.meeting_id.is_(None), ActionItem.created_at < meeting.starts_at)),
               ActionItem.status.in_(OPEN_ACTION_STATUSES))
        .order_by(ActionItem.due_on, ActionItem.id)))


def follow_up_item(meeting: Meeting) -> AgendaItem | None:
    return next((item for item in meeting.agenda if item.kind == "follow_up"), None)


def carry_over(meeting: Meeting) -> AgendaItem | None:
    """Put every still-open action item of earlier meetings on one follow-up agenda item (idempotent)."""
    pending = earlier_open_actions(meeting)
    item = follow_up_item(meeting)
    if item is None:
        if not pending:
            return None
        # First on the agenda: the review of what was promised comes before new business.
        for other in meeting.agenda:
            other.position += 1
        item = AgendaItem(kind="follow_up", position=1, name_fa=FOLLOW_UP_TITLES["fa"],
                          name_ar=FOLLOW_UP_TITLES["ar"], name_en=FOLLOW_UP_TITLES["en"])
        meeting.agenda.insert(0, item)
    linked = {a.id for a in item.carried}
    item.carried.extend(a for a in pending if a.id not in linked)
    db.session.flush()
    return item


def progress_since_previous(meeting: Meeting):
    """(period, report) of the programme's progress from the day after the previous meeting to this one's day."""
    return PROGRESS["since_previous"](meeting)


def plan_for(period):
    """Plan against actual for a period (a progress report's): the progress area's answer, or None."""
    answer = PROGRESS.get("plan")
    return answer(period) if answer is not None else None


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The latest meeting held (not a draft) that starts before this one: "progress since the last meeting".
    A meeting of a series looks back to the previous meeting of its series only."""
    values = {"starts_at": meeting.starts_at, "meeting_id": meeting.id}
    if meeting.series_id is not None:
        values["series_id"] = meeting.series_id
    return db.session.scalar(_previous_statement(meeting.series_id is not None), values)


@cache
def _previous_statement(in_series: bool):
    """Built once (building it cost as much as running it)."""
    stmt = select(Meeting).where(Meeting.starts_at < bindparam("starts_at"), Meeting.id != bindparam("meeting_id"),
                                 Meeting.status != "draft")
    if in_series:
        stmt = stmt.where(Meeting.series_id == bindparam("series_id"))
    # Its host side and series only when read (the host side is usually in the session already): the page and
    # the progress period read its name and start.
    stmt = stmt.options(lazyload(Meeting.host_side), lazyload(Meeting.series))
    return stmt.order_by(Meeting.starts_at.desc(), Meeting.id.desc()).limit(1)


def create_series(values: dict, user) -> MeetingSeries:
    """A series of meetings (the quarterly managers' meetings), named in Persian and Arabic."""
    problems: list = []
    data = titles(values, problems)
    if problems:
        raise MeetingInvalid(problems)
    series = MeetingSeries(**data)
    db.session.add(series)
    db.session.flush()
    return series


# Attendees ----------------------------------------------------------------------------------------------


def add_attendee(meeting: Meeting, values: dict, user) -> MeetingAttendee:
    """A user of the system (once per meeting) or a guest with name, organisation, job title and side."""
    ensure_editable(meeting)
    problems: list = []
    person = None
    user_id = values.get("user_id")
    if user_id not in (None, ""):
        person = db.session.get(User, user_id) if isinstance(user_id, int) else None
        if person is None or not person.is_active:
            problems.append(("user_id", _l("Choose a person from the list.")))
        elif any(a.user_id == person.id for a in meeting.attendees):
            problems.append(("user_id", _l("This person is already on the list of attendees.")))
    data = {key: clean(values.get(key)) for key in ("guest_name", "organisation", "job_title")}
    for key, limit in (("guest_name", GUEST_MAX), ("organisation", ORG_MAX), ("job_title", JOB_MAX)):
        if len(data[key]) > limit:
            problems.append((key, too_long(limit)))
    if person is None and not data["guest_name"] and not problems:
        problems.append(("user_id", _l("Choose a person from the list or enter a guest's name.")))
    side_id = values.get("side_id")
    side = db.session.get(Side, side_id) if isinstance(side_id, int) else None
    if side_id not in (None, "") and side is None:
        problems.append(("side_id", _l("Choose a side from the list.")))
    if problems:
        raise MeetingInvalid(problems)
    if person is not None:
        data["guest_name"] = ""
        side = side or person.side
    attendee = MeetingAttendee(meeting=meeting, user=person,
                               side_id=side.id if side else None, present=bool(values.get("present", True)),
                               **data)
    db.session.add(attendee)
    db.session.flush()
    return attendee


def set_presence(attendee: MeetingAttendee, present: bool, user) -> MeetingAttendee:
    ensure_editable(attendee.meeting)
    attendee.present = bool(present)
    db.session.flush()
    return attendee


def make_head(attendee: MeetingAttendee, user) -> MeetingAttendee:
    """Mark the person who heads their side's delegation (and signs the report for it); the side's previous
    head, if any, is no longer marked."""
    ensure_editable(attendee.meeting)
    side_id = attendee.sitting_side_id
    if side_id is None:
        raise MeetingInvalid([("side_id", _l("Only a person of one of the sides can head its delegation."))])
    if not attendee.present:
        raise MeetingInvalid([("present", _l("Only a person present at the meeting can head a delegation."))])
    for other in attendee.meeting.attendees:
        if other is not attendee and other.heads_delegation and other.sitting_side_id == side_id:
            other.heads_delegation = False
    attendee.heads_delegation = True
    db.session.flush()
    return attendee


def remove_attendee(attendee: MeetingAttendee, user) -> None:
    ensure_editable(attendee.meeting)
    db.session.delete(attendee)
    db.session.flush()
