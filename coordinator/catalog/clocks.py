"""A cross-border moment shown in every active side's clock."""

from __future__ import annotations

from flask import g, has_request_context

from ..extensions import db
from ..l10n.timezones import format_both_clocks
from ..viewer import viewer_lang
from .models import Side


def side_clocks() -> list[tuple[str, str]]:
    """(label, zone) for each active side, looked up once per request."""
    if has_request_context() and "side_clocks" in g:
        return g.side_clocks
    sides = db.session.scalars(db.select(Side).where(Side.active.is_(True)).order_by(Side.id)).all()
    clocks = [(side.name, side.timezone) for side in sides]
    if has_request_context():
        g.side_clocks = clocks
    return clocks


def share_sides(sides) -> None:
    """A page that has read the active sides in id order (the same query as above) hands them over, so its
    clocks need no query of their own."""
    if has_request_context() and "side_clocks" not in g:
        g.side_clocks = [(side.name, side.timezone) for side in sides]


def both_clocks(value) -> str:
    """A cross-border moment in every side's clock: Tehran and Baghdad are 30 minutes apart."""
    if not value:
        return ""
    return format_both_clocks(value, viewer_lang(), side_clocks())
