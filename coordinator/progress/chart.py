"""Horizontal bars of a breakdown as SVG coordinates: growing from the right for Persian and Arabic
readers, from the left in English. Only numbers are computed here; the template draws them with SVG
attributes (the content security policy forbids style attributes and scripts)."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Breakdown

WIDTH, HEIGHT = 240, 14


@dataclass(frozen=True)
class Bar:
    row: object  # the BreakdownRow
    x: float
    width: float


def bars(breakdown: Breakdown, rtl: bool) -> list[Bar]:
    peak = breakdown.peak
    result = []
    for row in breakdown.rows:
        size = round(WIDTH * row.value / peak, 1) if row.value else 0.0
        result.append(Bar(row, round(WIDTH - size, 1) if rtl else 0.0, size))
    return result
