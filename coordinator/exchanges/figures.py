"""Exchange figures: trainer-days abroad by direction (home side → host side) and by skill standard.

A trainer-day is a calendar day, on the HOST side's clock, on which the trainer is abroad: any day from
the day of travel_out_at to the day of travel_back_at (both included) of an assignment that crosses the
border (trainer's side ≠ course's host side) and is confirmed, travelled or completed. Days are clipped
to the period asked for.

Why a Python loop rather than aggregate SQL: the day count depends on each host side's time zone, which
SQLite cannot apply and PostgreSQL applies with its own syntax; the same code must run on both. The loop
is bounded: one query fetches only the assignments whose travel overlaps the period (with a day's
margin for the zones), a few hundred a year at most, and each costs constant work.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from ..catalog.models import Side, SkillStandard
from ..courses.models import Course
from ..extensions import db
from ..l10n import calendars
from ..l10n.timezones import to_zone
from .models import Assignment, Trainer

COUNTED = ("confirmed", "travelled", "completed")
RTL_LANGS = ("fa", "ar")
# Longest period the page accepts, so one request's work stays bounded.
MAX_PERIOD_DAYS = 366 * 5


@dataclass
class Direction:
    origin: Side
    host: Side
    days: int = 0

    def label(self, lang: str) -> str:
        return direction_label(self.origin.name_in(lang), self.host.name_in(lang), lang)


@dataclass
class SkillDays:
    skill: SkillStandard
    days: int = 0


@dataclass
class Figures:
    start: date
    end: date
    directions: list[Direction] = field(default_factory=list)
    skills: list[SkillDays] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(d.days for d in self.directions)


def direction_label(origin: str, host: str, lang: str) -> str:
    """'Khuzestan → Maysan'. In right-to-left text the arrow must point left to read origin → host."""
    arrow = "←" if lang in RTL_LANGS else "→"
    return f"{origin} {arrow} {host}"


def days_abroad(travel_out_at: datetime, travel_back_at: datetime, host_tz: str, start: date, end: date) -> int:
    """Calendar days in the host's zone from departure to return (both included), within [start, end]."""
    if travel_back_at < travel_out_at:
        return 0
    first = max(to_zone(travel_out_at, host_tz).date(), start)
    last = min(to_zone(travel_back_at, host_tz).date(), end)
    return (last - first).days + 1 if last >= first else 0


def year_of(today: date, lang: str) -> tuple[date, date]:
    """The first and last day of today's year in the language's calendar (Solar Hijri for fa)."""
    calendar = calendars.calendar_of(lang)
    return calendars.year_span(calendars.year_of(today, calendar), calendar)


def trainer_days(start: date, end: date) -> Figures:
    """Trainer-days of [start, end] by direction (every ordered pair of active sides) and by skill."""
    # A day's margin either way: a local day can begin up to 14 hours before or after midnight UTC.
    low = datetime.combine(start - timedelta(days=1), time(), tzinfo=UTC)
    high = datetime.combine(end + timedelta(days=2), time(), tzinfo=UTC)
    rows = db.session.execute(
        select(Assignment.travel_out_at, Assignment.travel_back_at, Trainer.side_id, Course.host_side_id,
               Course.skill_standard_id, Side.timezone)
        .join(Trainer, Assignment.trainer_id == Trainer.id)
        .join(Course, Assignment.course_id == Course.id)
        .join(Side, Course.host_side_id == Side.id)
        .where(Assignment.status.in_(COUNTED), Trainer.side_id != Course.host_side_id,
               Assignment.travel_out_at < high, Assignment.travel_back_at >= low)
    ).all()
    by_direction: dict[tuple[int, int], int] = defaultdict(int)
    by_skill: dict[int, int] = defaultdict(int)
    for out_at, back_at, origin_id, host_id, skill_id, host_tz in rows:
        days = days_abroad(out_at, back_at, host_tz, start, end)
        if days:
            by_direction[(origin_id, host_id)] += days
            by_skill[skill_id] += days

    sides = {s.id: s for s in db.session.scalars(select(Side).order_by(Side.id))}
    pairs = [(a, b) for a in sides.values() for b in sides.values() if a.id != b.id and a.active and b.active]
    pairs += [(sides[o], sides[h]) for o, h in by_direction if not (sides[o].active and sides[h].active)]
    figures = Figures(start, end)
    figures.directions = [Direction(o, h, by_direction.get((o.id, h.id), 0)) for o, h in pairs]
    skills = db.session.scalars(select(SkillStandard).where(SkillStandard.id.in_(list(by_skill)))).all() \
        if by_skill else []
    figures.skills = sorted((SkillDays(s, by_skill[s.id]) for s in skills), key=lambda x: (-x.days, x.skill.code))
    return figures
