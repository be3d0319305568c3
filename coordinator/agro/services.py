"""Track and milestone rules: leads, statuses, dependencies without cycles, overdue by working days.
Services flush, never commit."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..auth.permissions import can
from ..catalog.models import Holiday, Side
from ..concurrency import lock
from ..courses.models import Course
from ..db import check_version
from ..errors import InvalidValues
from ..extensions import db
from ..l10n.bounds import DATE_MAX, DATE_MIN
from ..l10n.digits import Shown, strip_bidi
from ..notifications import events
from ..viewer import ShownDay, side_today
from .models import MILESTONE_STATUSES, Milestone, Track, TrackLead, milestone_dependencies

NAME_MAX, LEAD_MAX, TEXT_MAX = 200, 200, 8000
# A due date is moved past at most this many weekend days and holidays in a row.
MAX_SHIFT_DAYS = 60


class AgroInvalid(InvalidValues):
    """Every problem found in a form's values, as (field, message) pairs; the first is the message."""


class ShownPath:
    """A chain of milestones for a message, named in the reader's language."""

    def __init__(self, milestones, joined: bool = False) -> None:
        self.milestones, self.joined = list(milestones), joined

    def __str__(self) -> str:
        from ..viewer import viewer_lang

        rtl = viewer_lang() in ("fa", "ar")
        sep = {(True, True): "، ", (True, False): ", ", (False, True): " ← ", (False, False): " → "}[
            (self.joined, rtl)]
        return sep.join(f"«{m.name}»" for m in self.milestones)


def _clean(text) -> str:
    return " ".join(strip_bidi(text or "").split())


def _names(values: dict, problems: list) -> dict:
    data = {}
    for key in ("name_fa", "name_ar", "name_en"):
        data[key] = _clean(values.get(key))
        if len(data[key]) > NAME_MAX:
            problems.append((key, _l("Enter no more than %(count)s characters.", count=Shown(NAME_MAX))))
    if not data["name_fa"]:
        problems.append(("name_fa", _l("Enter the title in Persian.")))
    if not data["name_ar"]:
        problems.append(("name_ar", _l("Enter the title in Arabic.")))
    data["name_en"] = data["name_en"] or None
    return data


def _text(values: dict, key: str, problems: list) -> str:
    text = strip_bidi(values.get(key) or "").strip()
    if len(text) > TEXT_MAX:
        problems.append((key, _l("Enter no more than %(count)s characters.", count=Shown(TEXT_MAX))))
    return text


def active_sides() -> list[Side]:
    return list(db.session.scalars(select(Side).where(Side.active.is_(True)).order_by(Side.id)))


# Tracks -------------------------------------------------------------------------------------------------


def _track_values(values: dict) -> dict:
    problems: list = []
    data = _names(values, problems)
    data["description"] = _text(values, "description", problems)
    leads = {}
    for side_id, name in (values.get("leads") or {}).items():
        name = _clean(name)
        if len(name) > LEAD_MAX:
            problems.append((f"lead_{side_id}", _l("Enter no more than %(count)s characters.",
                                                   count=Shown(LEAD_MAX))))
        leads[side_id] = name
    if problems:
        raise AgroInvalid(problems)
    data["leads"] = leads
    return data


def _set_leads(track: Track, leads: dict[int, str]) -> None:
    """One lead per active side; a side left empty keeps no lead."""
    by_side = {lead.side_id: lead for lead in track.leads}
    for side in active_sides():
        name = leads.get(side.id, "")
        lead = by_side.get(side.id)
        if not name:
            if lead is not None and lead.user_id is None:
                track.leads.remove(lead)
            elif lead is not None:
                lead.name = ""
        elif lead is None:
            track.leads.append(TrackLead(side_id=side.id, name=name))
        elif lead.name != name:
            lead.name = name


def create_track(values: dict, user) -> Track:
    data = _track_values(values)
    leads = data.pop("leads")
    track = Track(**data)
    db.session.add(track)
    _set_leads(track, leads)
    db.session.flush()
    return track


def update_track(track: Track, values: dict, version, user) -> Track:
    check_version(track, version)
    data = _track_values(values)
    leads = data.pop("leads")
    for key, value in data.items():
        if getattr(track, key) != value:
            setattr(track, key, value)
    _set_leads(track, leads)
    db.session.flush()
    return track


# Dependencies -------------------------------------------------------------------------------------------


def find_cycle(edges: dict[int, set[int]], start: int) -> list[int] | None:
    """A path start → … → start following 'depends on' edges, or None (depth-first search)."""
    stack = [(dep, [start, dep]) for dep in sorted(edges.get(start, ()))]
    seen: set[int] = set()
    while stack:
        node, path = stack.pop()
        if node == start:
            return path
        if node in seen:
            continue
        seen.add(node)
        stack.extend((dep, [*path, dep]) for dep in sorted(edges.get(node, ())))
    return None


def _track_edges(track_id: int, milestone: Milestone, depends_on: list[Milestone]) -> dict[int, set[int]]:
    """The track's 'depends on' edges as stored now (read from the table: milestones loaded earlier in this
    request may hold stale lists), with `milestone`'s replaced by the ones asked for."""
    edges: dict[int, set[int]] = {}
    rows = db.session.execute(
        select(milestone_dependencies.c.milestone_id, milestone_dependencies.c.depends_on_id)
        .join(Milestone, Milestone.id == milestone_dependencies.c.milestone_id)
        .where(Milestone.track_id == track_id))
    for source, target in rows:
        edges.setdefault(source, set()).add(target)
    edges[milestone.id] = {d.id for d in depends_on}
    return edges


# Milestones ---------------------------------------------------------------------------------------------


def _milestone_values(values: dict, track: Track, user, milestone: Milestone | None) -> dict:
    problems: list = []
    data = _names(values, problems)
    data["evidence_notes"] = _text(values, "evidence_notes", problems)

    side = db.session.get(Side, values.get("side_id")) if isinstance(values.get("side_id"), int) else None
    kept_side = milestone.side_id if milestone is not None else None
    if side is None or not (side.active or side.id == kept_side):
        problems.append(("side_id", _l("Choose the side that owns the milestone.")))
        side = None
    elif not can(user, "milestone.manage", SimpleNamespace(side_id=side.id)):
        problems.append(("side_id", _l("You may keep your own side's milestones only.")))
        side = None
    data["side_id"] = side.id if side else None

    starts_on, due_on, done_on = values.get("starts_on"), values.get("due_on"), values.get("done_on")
    if not isinstance(due_on, date):
        problems.append(("due_on", _l("Enter the due date.")))
        due_on = None
    starts_on = starts_on if isinstance(starts_on, date) else None
    if starts_on and due_on and due_on < starts_on:
        problems.append(("due_on", _l("The due date cannot be before the start date.")))
    data["starts_on"], data["due_on"] = starts_on, due_on

    status = values.get("status")
    if status not in MILESTONE_STATUSES:
        problems.append(("status", _l("Choose a status.")))
    data["status"] = status

    reason = _clean(values.get("blocked_reason"))
    if status == "blocked" and not reason:
        problems.append(("blocked_reason", _l("Say why the milestone is blocked.")))
    data["blocked_reason"] = reason if status == "blocked" else ""

    progress = values.get("progress")
    if progress is None:
        progress = 0
    if not isinstance(progress, int) or not 0 <= progress <= 100:
        problems.append(("progress", _l("Enter a progress from %(low)s to %(high)s per cent.",
                                        low=Shown(0), high=Shown(100))))
    if status == "done":
        progress = 100
        done_on = done_on if isinstance(done_on, date) else (side_today(side) if side else None)
        if done_on and starts_on and done_on < starts_on:
            problems.append(("done_on", _l("The completion date cannot be before the start date.")))
        elif done_on and side and done_on > side_today(side):
            problems.append(("done_on", _l("The completion date cannot be in the future.")))
    else:
        done_on = None
    data["progress"], data["done_on"] = progress, done_on

    dep_ids = sorted({int(i) for i in values.get("depends_on_ids") or ()})
    depends_on = list(db.session.scalars(select(Milestone).where(Milestone.id.in_(dep_ids)))) if dep_ids else []
    if len(depends_on) != len(dep_ids) or any(d.track_id != track.id for d in depends_on):
        problems.append(("depends_on_ids", _l("A milestone may depend only on milestones of the same track.")))
        depends_on = []
    elif milestone is not None and milestone.id in dep_ids:
        problems.append(("depends_on_ids", _l("A milestone cannot depend on itself.")))
        depends_on = []
    elif milestone is not None and milestone.id is not None:
        cycle = find_cycle(_track_edges(track.id, milestone, depends_on), milestone.id)
        if cycle:
            by_id = {m.id: m for m in (*depends_on, milestone)}
            by_id.update({m.id: m for m in track.milestones})
            problems.append(("depends_on_ids", _l(
                "These dependencies would make a cycle: %(path)s. A milestone cannot wait on itself.",
                path=ShownPath(by_id[i] for i in cycle))))
            depends_on = []
    if status == "done":
        waiting = [d for d in depends_on if d.status != "done"]
        if waiting:
            problems.append(("status", _l("It cannot be done before what it depends on: %(names)s.",
                                          names=ShownPath(waiting, joined=True))))
        elif done_on:
            early = [d for d in depends_on if d.done_on and d.done_on > done_on]
            if early:
                problems.append(("done_on", _l(
                    "It cannot be done before what it depends on: %(name)s was done on %(day)s.",
                    name=early[0].name, day=ShownDay(early[0].done_on))))
    elif milestone is not None and milestone.status == "done" and milestone.id is not None:
        waiting_on_it = [m for m in track.milestones if m.status == "done" and milestone in m.depends_on]
        if waiting_on_it:
            problems.append(("status", _l("It must stay done: %(names)s, already done, depend on it.",
                                          names=ShownPath(waiting_on_it, joined=True))))
    data["depends_on"] = depends_on

    course_ids = sorted({int(i) for i in values.get("course_ids") or ()})
    courses = list(db.session.scalars(select(Course).where(Course.id.in_(course_ids)))) if course_ids else []
    if len(courses) != len(course_ids):
        problems.append(("course_ids", _l("Choose courses from the list.")))
    data["courses"] = courses
    if problems:
        raise AgroInvalid(problems)
    return data


def create_milestone(track: Track, values: dict, user) -> Milestone:
    """Add a milestone of the user's own side to a track."""
    data = _milestone_values(values, track, user, None)
    milestone = Milestone(track=track, **data)
    db.session.add(milestone)
    db.session.flush()
    return milestone


def update_milestone(milestone: Milestone, values: dict, version, user) -> Milestone:
    """Correct a milestone; a stale form is refused before anything else, and nothing is half-written."""
    check_version(milestone, version)
    # Two milestones made to depend on each other at once: each cycle check alone sees no cycle. Edits of one
    # track's milestones take turns on the track's row, so the second check sees the first edge.
    lock(Track, milestone.track_id)
    data = _milestone_values(values, milestone.track, user, milestone)
    was_due = milestone.due_on
    for key, value in data.items():
        if key in ("depends_on", "courses"):
            if {x.id for x in getattr(milestone, key)} != {x.id for x in value}:
                setattr(milestone, key, value)
        elif getattr(milestone, key) != value:
            setattr(milestone, key, value)
    db.session.flush()
    if was_due is not None and milestone.due_on is not None and milestone.due_on > was_due:
        # A slipped milestone is news for both sides: the track is joint, and others may depend on it.
        events.raise_event(
            "milestone.slipped", milestone, events.liaisons_of(*[s.id for s in active_sides()]), actor=user,
            data={"milestone": events.names(milestone), "track": events.names(milestone.track),
                  "was": events.day(was_due), "day": events.day(milestone.due_on)},
            link=("agro.milestone", {"milestone_id": milestone.id}))
    return milestone


# Overdue ------------------------------------------------------------------------------------------------


def effective_due(due_on: date, weekend, holidays) -> date:
    """The due date moved to the next working day of the owner side (past its weekend and holidays)."""
    weekend, day = set(weekend), due_on
    for _ in range(MAX_SHIFT_DAYS):
        if day.weekday() not in weekend and day not in holidays:
            return day
        day += timedelta(days=1)
    return day


def is_overdue_on(milestone, today: date, weekend, holidays) -> bool:
    """Not done, and today (in the owner side's clock) is past the effective due date."""
    if milestone.status == "done" or milestone.due_on is None or milestone.due_on >= today:
        return False  # the effective due date is never before the due date (nor past the calendar's end)
    return today > effective_due(milestone.due_on, weekend, holidays)


def _holidays(side_ids, start: date, end: date) -> dict[int, set[date]]:
    days: dict[int, set[date]] = {side_id: set() for side_id in side_ids}
    for side_id, day in db.session.execute(select(Holiday.side_id, Holiday.day).where(
            Holiday.side_id.in_(days), Holiday.centre_id.is_(None), Holiday.day >= start, Holiday.day <= end)):
        days[side_id].add(day)
    return days


def overdue_ids(milestones, now=None) -> set[int]:
    """The ids of the overdue milestones among these, each judged by its owner side's week and clock."""
    pending = [m for m in milestones if m.status != "done" and m.due_on is not None]
    result: set[int] = set()
    by_side: dict[int, list[Milestone]] = {}
    for m in pending:
        by_side.setdefault(m.side_id, []).append(m)
    # One query for every side's holidays, made even when nothing is pending, so a page runs the same
    # statements whichever sides (if any) its milestones belong to.
    # Clamped to the stored range: a far date left in older data must not overflow the window's arithmetic.
    first = max(min((m.due_on for m in pending), default=date.today()), DATE_MIN)
    last = min(max((m.due_on for m in pending), default=first), DATE_MAX)
    holidays = _holidays(by_side, first, last + timedelta(days=MAX_SHIFT_DAYS))
    for side_id, items in by_side.items():
        side = db.session.get(Side, side_id)
        today = side_today(side, now)
        result.update(m.id for m in items if is_overdue_on(m, today, side.weekend, holidays[side_id]))
    return result


def is_overdue(milestone: Milestone, now=None) -> bool:
    return milestone.id in overdue_ids([milestone], now)
