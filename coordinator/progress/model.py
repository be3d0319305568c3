"""The progress report model: plain, frozen data that the dashboard, the Excel export, the meeting page and
the meeting PDF all render. Computed by `coordinator.progress.services.progress(period)`.

Shape::

    ProgressReport(period, sections=(Section(key="courses", title=..., figures=(Figure, ...),
                                             breakdowns=(Breakdown, ...)), ...))

* Every `Figure` and every `BreakdownRow` carries a stable `key` (letters, digits, ".", "_", "-"), used in
  URLs (/dashboard/figures/<key>) and tests. `services.records_for(key, period)` returns the records behind
  it, filtered exactly as the count was.
* `value` is an int. `unit` says what it counts: "records" (the drill-down lists exactly `value` rows),
  "days" (trainer-days: the drill-down lists the assignments that contribute them) or "items".
* Labels are lazy: `str(label)` gives the text in the language of the moment (lazy gettext strings, or
  `Names`/`DirectionLabel` for data such as side names). Render them late (in the template or renderer).

Section keys: courses, trainees, exchanges, curricula, equipment, milestones, action_items, competitions.
Figure keys (section.figure): see `services.FIGURE_KEYS`; e.g. "courses.approved", "trainees.enrolled",
"milestones.overdue". Breakdown row keys extend their figure's key: "trainees.enrolled.side-1",
"trainees.enrolled.gender-f", "trainees.certified.group-3" ("group-none" = no target group),
"exchanges.trainer_days.dir-1-2" (origin side 1 → host side 2), "competitions.medals.medal-gold". A key may
combine dimensions of its figure ("competitions.medals.side-1.medal-gold") for `records_for`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from ..l10n.locales import pick

UNITS = ("records", "days", "items")


@dataclass(frozen=True)
class Period:
    """The days [start, end], both included, optionally narrowed to one side's records (None: both)."""

    start: date
    end: date
    side_id: int | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("end before start")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end


@dataclass(frozen=True)
class Names:
    """A name kept in each language (a side, a target group): `str()` picks the current language."""

    fa: str
    ar: str
    en: str = ""

    def in_lang(self, lang: str) -> str:
        return pick(self, None, lang)

    def __str__(self) -> str:
        return pick(self, None)


@dataclass(frozen=True)
class DirectionLabel:
    """'Khuzestan → Maysan' (origin → host); the arrow turns in right-to-left languages."""

    origin: Names
    host: Names
    origin_code: str = ""
    host_code: str = ""

    def in_lang(self, lang: str) -> str:
        from ..exchanges.figures import direction_label

        return direction_label(self.origin.in_lang(lang), self.host.in_lang(lang), lang)

    def __str__(self) -> str:
        from ..l10n.locales import current_lang

        return self.in_lang(current_lang())


@dataclass(frozen=True)
class Figure:
    """One named number. `help` says precisely what is counted (shown as a tooltip / footnote)."""

    key: str
    label: object  # lazy string
    value: int
    unit: str = "records"
    help: object = ""  # lazy string
    attention: bool = False  # something overdue: shown first, highlighted when value > 0

    @property
    def section(self) -> str:
        return self.key.split(".", 1)[0]


@dataclass(frozen=True)
class BreakdownRow:
    key: str  # a drillable figure key of its own
    label: object  # lazy string, Names or DirectionLabel
    value: int


@dataclass(frozen=True)
class Breakdown:
    """A figure split by one dimension (side, gender, target group, direction, medal ...)."""

    key: str  # e.g. "trainees.enrolled.by_side"
    label: object
    rows: tuple[BreakdownRow, ...] = ()
    unit: str = "records"

    @property
    def total(self) -> int:
        return sum(r.value for r in self.rows)

    @property
    def peak(self) -> int:
        """The largest value: the scale of a bar chart (at least 1, so empty charts divide safely)."""
        return max([r.value for r in self.rows] + [1])


@dataclass(frozen=True)
class Section:
    key: str
    title: object
    figures: tuple[Figure, ...] = ()
    breakdowns: tuple[Breakdown, ...] = ()


@dataclass(frozen=True)
class ProgressReport:
    period: Period
    sections: tuple[Section, ...] = field(default_factory=tuple)

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def all_figures(self) -> Iterator[Figure]:
        for s in self.sections:
            yield from s.figures

    def figure(self, key: str) -> Figure:
        return next(f for f in self.all_figures() if f.key == key)

    def value(self, key: str) -> int:
        """The value of a figure or of a breakdown row, by key (0 for an unknown breakdown row)."""
        for s in self.sections:
            for f in s.figures:
                if f.key == key:
                    return f.value
            for b in s.breakdowns:
                for r in b.rows:
                    if r.key == key:
                        return r.value
        raise KeyError(key)

    def breakdown(self, key: str) -> Breakdown:
        return next(b for s in self.sections for b in s.breakdowns if b.key == key)

    @property
    def attention(self) -> tuple[Figure, ...]:
        """The overdue figures (action items, milestones, equipment returns), shown before the rest."""
        return tuple(f for f in self.all_figures() if f.attention)
