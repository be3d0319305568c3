"""A cross-border moment shown in every active side's clock."""

from __future__ import annotations

from functools import cache

from flask import current_app, g, has_request_context

from ..db import attach_loaded, column_values
from ..extensions import db
from ..l10n.timezones import format_both_clocks
from ..viewer import viewer_lang
from .models import Side

# Watched by coordinator/watch.py: the active sides are kept between requests while it is not written.
KEPT_FROM = ("sides",)
KEPT_KEY = ("active sides",)


@cache
def _active_sides_statement():
    return db.select(Side).where(Side.active.is_(True)).order_by(Side.id)


@cache
def _active_rows_statement():
    return db.select(*Side.__table__.columns).where(Side.active.is_(True)).order_by(Side.id)


def _kept_rows() -> list[dict] | None:
    """The active sides' column values, kept per process while the sides table is not written (watch.py) and at
    most SESSION_TRUST_SECONDS; None when there is no mark to trust (then the request asks the database)."""
    kept = current_app.extensions.get("kept_per_process")
    if kept is None:
        return None
    rows = kept.get(KEPT_KEY)
    if rows is None:
        mark = kept.watch.mark()  # read before the query: a change during it moves it
        if mark is None:
            return None
        rows = [column_values(Side, row) for row in db.session.execute(_active_rows_statement())]
        kept.put(KEPT_KEY, rows, mark)
    return rows


def active_sides() -> list[Side]:
    """The active sides in id order, read once per request (and kept between requests while no side changes):
    the clocks below and a page that lists the sides (a meeting's signatures) share them."""
    if has_request_context() and "active_sides" in g:
        return list(g.active_sides)
    rows = _kept_rows() if has_request_context() else None
    if rows is None:
        sides = db.session.scalars(_active_sides_statement()).all()
    else:
        sides = [attach_loaded(db.session(), Side, values) for values in rows]
    if has_request_context():
        g.active_sides = sides
    return list(sides)


def side_clocks() -> list[tuple[str, str]]:
    """(label, zone) for each active side, looked up once per request."""
    if has_request_context() and "side_clocks" in g:
        return g.side_clocks
    clocks = [(side.name, side.timezone) for side in active_sides()]
    if has_request_context():
        g.side_clocks = clocks
    return clocks


def both_clocks(value) -> str:
    """A cross-border moment in every side's clock: Tehran and Baghdad are 30 minutes apart."""
    if not value:
        return ""
    return format_both_clocks(value, viewer_lang(), side_clocks())
