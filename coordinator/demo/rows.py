"""Rows written with Core bulk inserts (the large data set) carry the search key the ORM would have stored."""

from __future__ import annotations

from ..l10n.folding import fold


def search_key(model, row: dict) -> str:
    """The key SearchableMixin.refresh_search_key would store for this row."""
    parts = (row.get(f) for f in model.__search_fields__)
    return fold(" | ".join(str(p) for p in parts if p))[:1000]
