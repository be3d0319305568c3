"""A track's milestones laid out as a Gantt-like chart in the viewer's calendar, as SVG coordinates.

Time flows right to left for Persian and Arabic readers and left to right in English. Only coordinates
and classes are computed here: the page draws them with SVG presentation attributes (no style attributes,
which the content security policy forbids)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import jdatetime

from ..l10n.bounds import in_range
from ..l10n.calendars import calendar_of, format_month_year

# A milestone without a start date is drawn from this many days before it is due.
DEFAULT_SPAN_DAYS = 14
CHART_WIDTH = 960
HEADER, ROW, BAR = 30, 38, 14
STATUS_FILL = {"planned": "#8a96a3", "in_progress": "#2b7a78", "done": "#3c8d40", "blocked": "#b7791f"}
OVERDUE_STROKE = "#c53030"


@dataclass
class MonthBand:
    x: float
    width: float
    label: str
    shaded: bool


@dataclass
class Bar:
    milestone: object
    x: float
    width: float
    y: float
    progress_x: float
    progress_width: float
    label_x: float
    fill: str
    css: str
    overdue: bool
    starts_on: date
    due_on: date


@dataclass
class Timeline:
    width: float
    height: float
    rtl: bool
    months: list[MonthBand] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    today_x: float | None = None
    header: int = HEADER
    bar_height: int = BAR


def month_start(d: date, lang: str) -> date:
    if calendar_of(lang) == "jalali":
        j = jdatetime.date.fromgregorian(date=d)
        return jdatetime.date(j.year, j.month, 1).togregorian()
    return d.replace(day=1)


def next_month_start(d: date, lang: str) -> date:
    """The first day of the month after the one d falls in, in the viewer's calendar."""
    if calendar_of(lang) == "jalali":
        j = jdatetime.date.fromgregorian(date=d)
        return jdatetime.date(j.year + (j.month == 12), j.month % 12 + 1, 1).togregorian()
    return date(d.year + (d.month == 12), d.month % 12 + 1, 1)


def bar_start(milestone) -> date:
    if milestone.starts_on and milestone.starts_on <= milestone.due_on:
        return milestone.starts_on
    return milestone.due_on - timedelta(days=DEFAULT_SPAN_DAYS)


def build(milestones, lang: str, today: date, overdue: set[int], rtl: bool | None = None) -> Timeline:
    """The chart of these milestones (ordered as given), with today marked and overdue bars flagged."""
    rtl = lang in ("fa", "ar") if rtl is None else rtl
    # A date outside the stored range (older data) would stretch the chart over millennia or past what the
    # calendars convert: such a milestone stays in the track's table and is left off the chart.
    milestones = [m for m in milestones if m.due_on is not None and in_range(m.due_on) and in_range(m.starts_on)]
    days = [today] + [bar_start(m) for m in milestones] + [m.due_on for m in milestones]
    first = month_start(min(days), lang)
    end = next_month_start(max(days), lang)  # exclusive
    span = (end - first).days
    per_day = CHART_WIDTH / span
    width = CHART_WIDTH

    def x_of(start: date, stop: date) -> tuple[float, float]:
        """x and width of the days start..stop (stop included)."""
        left = (start - first).days * per_day
        size = ((stop - start).days + 1) * per_day
        return (width - left - size if rtl else left), size

    chart = Timeline(width=width, height=HEADER + ROW * max(len(milestones), 1) + 8, rtl=rtl)
    month, shaded = first, False
    while month < end:
        following = next_month_start(month, lang)
        x, size = x_of(month, following - timedelta(days=1))
        chart.months.append(MonthBand(round(x, 1), round(size, 1),
                                      format_month_year(month + timedelta(days=3), lang), shaded))
        month, shaded = following, not shaded

    for row, m in enumerate(milestones):
        start = bar_start(m)
        x, size = x_of(start, m.due_on)
        done = round(size * max(0, min(m.progress or 0, 100)) / 100, 1)
        late = m.id in overdue
        chart.bars.append(Bar(
            milestone=m, x=round(x, 1), width=round(size, 1), y=HEADER + row * ROW + 18,
            progress_x=round(x + size - done, 1) if rtl else round(x, 1), progress_width=done,
            label_x=round(x + size, 1) if rtl else round(x, 1), fill=STATUS_FILL.get(m.status, "#8a96a3"),
            css=f"bar status-{m.status}" + (" overdue" if late else ""), overdue=late, starts_on=start,
            due_on=m.due_on))
    if first <= today < end:
        x, size = x_of(today, today)
        chart.today_x = round(x + size / 2, 1)
    return chart
