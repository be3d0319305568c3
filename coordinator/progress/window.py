"""A period's days as UTC bounds per side, and the SQL conditions that place dates and instants in it.

Plain dates (due_on, done_on, closed_on, returned_on ...) are days in their record's owner side's calendar
and compare directly with [start, end]. An instant (an audit entry, a certificate's issue, a departure) is
placed on the day it fell on in its record's side's clock: with one side in Asia/Tehran and the other in
Asia/Baghdad, 23:45 UTC is already the next day in both. The conversion is done here, in Python, once per
side (the UTC instants of local midnight before `start` and after `end`), so the SQL stays a portable
`instant >= lo AND instant < hi` per side, the same on SQLite and PostgreSQL, and can use the indexes: each
condition also carries the range covering every side's bounds, on the instant column alone, which an index on
that column serves (the per-side OR alone mixes in the side's column, often another table's, and no index
serves it).

Reference data (sides, target groups) is read once per request, whoever asks for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from flask import g, has_request_context, request
from sqlalchemy import and_, false, or_, select

from ..catalog.models import Side
from ..extensions import db
from ..l10n.timezones import local_to_utc
from .model import Names, Period


@dataclass(frozen=True)
class SideInfo:
    id: int
    code: str
    timezone: str
    active: bool
    names: Names


@dataclass(frozen=True)
class Window:
    """A period with, for each side, the UTC instants where its local `start` begins and `end` ends."""

    period: Period
    sides: tuple[SideInfo, ...]
    bounds: dict[int, tuple[datetime, datetime]]

    @property
    def start(self):
        return self.period.start

    @property
    def end(self):
        return self.period.end

    @property
    def side_id(self):
        return self.period.side_id

    @property
    def earliest(self) -> datetime | None:
        """The first instant of the period on any side's clock (None without sides)."""
        return min((lo for lo, _hi in self.bounds.values()), default=None)

    @property
    def latest(self) -> datetime | None:
        """The instant after the period's last day on every side's clock (None without sides)."""
        return max((hi for _lo, hi in self.bounds.values()), default=None)

    def instant_in(self, column, side_column):
        """The instant falls on a day of the period in the clock of the side in `side_column`."""
        if not self.bounds:
            return false()
        return and_(column >= self.earliest, column < self.latest,
                    or_(*[and_(side_column == sid, column >= lo, column < hi)
                          for sid, (lo, hi) in self.bounds.items()]))

    def instant_by_end(self, column, side_column):
        """The instant fell on or before the period's last day (in that side's clock)."""
        if not self.bounds:
            return false()
        return and_(column < self.latest,
                    or_(*[and_(side_column == sid, column < hi) for sid, (_lo, hi) in self.bounds.items()]))

    def instant_from_start(self, column, side_column):
        """The instant fell on or after the period's first day (in that side's clock)."""
        if not self.bounds:
            return false()
        return and_(column >= self.earliest,
                    or_(*[and_(side_column == sid, column >= lo) for sid, (lo, _hi) in self.bounds.items()]))

    def day_in(self, column):
        return and_(column >= self.start, column <= self.end)

    def side_filter(self, side_column):
        """True when both sides are asked for, else the record's side must be the one asked for."""
        return side_column == self.side_id if self.side_id is not None else None


def per_request(key: str, load):
    """`load()` once per request (the dashboard asks for the sides five times); afresh outside a request.

    Kept with the request it was read in: a test's app context may outlive several requests."""
    if not has_request_context():
        return load()
    current = request._get_current_object()
    held = g.get("progress_reference")
    if held is None or held[0] is not current:
        held = g.progress_reference = (current, {})
    if key not in held[1]:
        held[1][key] = load()
    return held[1][key]


def load_sides() -> tuple[SideInfo, ...]:
    return per_request("sides", _read_sides)


def _read_sides() -> tuple[SideInfo, ...]:
    rows = db.session.execute(
        select(Side.id, Side.code, Side.timezone, Side.active, Side.name_fa, Side.name_ar, Side.name_en)
        .order_by(Side.id)).all()
    return tuple(SideInfo(r.id, r.code, r.timezone, r.active, Names(r.name_fa, r.name_ar, r.name_en or ""))
                 for r in rows)


def window(period: Period, sides: tuple[SideInfo, ...] | None = None) -> Window:
    sides = load_sides() if sides is None else sides
    bounds = {s.id: (local_to_utc(period.start, time(0), s.timezone),
                     local_to_utc(period.end + timedelta(days=1), time(0), s.timezone)) for s in sides}
    return Window(period, sides, bounds)
