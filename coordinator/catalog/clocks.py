"""A cross-border moment shown in every active side's clock."""

from __future__ import annotations

from functools import cache

from flask import g, has_request_context

from ..extensions import db
from ..l10n.timezones import format_both_clocks
from ..viewer import viewer_lang
from .models import Side


@cache
def _active_sides_statement():
    return db.select(Side).where(Side.active.is_(True)).order_by(Side.id)


def active_sides() -> list[Side]:
    """The active sides in id order, read once per request: the clocks below and a page that lists the sides
    (a meeting's signatures) share the one query."""
    if has_request_context() and "active_sides" in g:
        return list(g.active_sides)
    sides = db.session.scalars(_active_sides_statement()).all()
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


def share_sides(sides) -> None:
    """A page that has read the active sides in id order (the same query as `active_sides`) hands them over, so
    its clocks and whatever else asks need no query of their own."""
    if has_request_context() and "active_sides" not in g:
        g.active_sides = list(sides)


def both_clocks(value) -> str:
    """A cross-border moment in every side's clock: Tehran and Baghdad are 30 minutes apart."""
    if not value:
        return ""
    return format_both_clocks(value, viewer_lang(), side_clocks())
