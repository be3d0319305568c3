"""Platypus building blocks for Persian, Arabic and English PDFs: pre-shaped text, two language columns,
tables whose columns run right to left, and "page X of Y" footers.

reportlab's Paragraph cannot shape Arabic script, so text is wrapped in logical order and shaped line by
line (rtl.wrap_logical), then drawn right-aligned for Persian and Arabic and left-aligned for English.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Table, TableStyle

from . import fonts
from .rtl import LTR, RTL, wrap_logical

INK = colors.HexColor("#1d2a38")
ACCENT = colors.HexColor("#0b6e69")
MUTED = colors.HexColor("#5b6675")
ALERT = colors.HexColor("#b3261e")
GRID = colors.HexColor("#c5ccd4")
HEAD_FILL = colors.HexColor("#e6f0ef")


@dataclass(frozen=True)
class Style:
    size: float = 9.5
    colour: object = INK
    bold: bool = False
    space_before: float = 0
    space_after: float = 2
    align: str = "start"  # "start" (right in RTL, left in LTR) or "centre"

    @property
    def leading(self) -> float:
        # Arabic script has tall ascenders and deep descenders: more room than Latin's 1.2.
        return self.size * 1.55

    def but(self, **changes) -> Style:
        return replace(self, **changes)


BODY = Style()
SMALL = Style(size=8, space_after=0)
TITLE = Style(size=15, colour=ACCENT, bold=True, space_after=4, align="centre")
HEADING = Style(size=11.5, colour=ACCENT, bold=True, space_before=8, space_after=3)
SUBHEADING = Style(size=10, bold=True, space_before=5, space_after=1)
CENTRED = Style(size=9, colour=MUTED, align="centre", space_after=1)


def is_rtl(lang: str) -> bool:
    return lang in ("fa", "ar")


FALLBACK = "DejaVuSans"
_fallback_lock = threading.Lock()
_covered: frozenset[int] = frozenset()


def register_fonts() -> None:
    """Noto Sans Arabic, plus DejaVu Sans (shipped with matplotlib) for the few signs it lacks (arrows)."""
    global _covered
    if _covered:
        return
    with _fallback_lock:
        if _covered:
            return
        fonts.register()
        if FALLBACK not in pdfmetrics.getRegisteredFontNames():
            import matplotlib  # only for the path of the DejaVu Sans it ships

            path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
            pdfmetrics.registerFont(TTFont(FALLBACK, str(path)))
        _covered = frozenset(pdfmetrics.getFont(fonts.REGULAR).face.charToGlyph)


def runs(line: str) -> list[tuple[str, str]]:
    """(font, text) pieces of a shaped line: the main font wherever it has the character."""
    pieces: list[tuple[str, str]] = []
    for ch in line:
        font = fonts.REGULAR if ord(ch) in _covered or ch == " " else FALLBACK
        if pieces and pieces[-1][0] == font:
            pieces[-1] = (font, pieces[-1][1] + ch)
        else:
            pieces.append((font, ch))
    return pieces


def width_of(text: str, size: float) -> float:
    return sum(stringWidth(piece, font, size) for font, piece in runs(text))


def starts_right_to_left(text: str) -> bool:
    """Whether the first letter with a direction is Arabic script (the rule of dir="auto")."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


class Text(Flowable):
    """A paragraph of plain text in one language, wrapped to the width it is given and split across pages."""

    def __init__(self, text: str, style: Style = BODY, lang: str = "fa", *, lines: list[str] | None = None,
                 first: bool = True, last: bool = True) -> None:
        super().__init__()
        self.text = text or ""
        self.style = style
        self.lang = lang
        self._lines = lines  # already shaped (the part of a split paragraph)
        self._fixed = lines is not None
        self._wrapped_at: float | None = None
        self._first, self._last = first, last  # which spaces of the whole paragraph this part carries
        self.keepWithNext = style.bold and style.space_before > 0  # a heading stays with what follows
        # Persian and Arabic read right to left; in the English report, so do minutes written in them.
        self.rtl = is_rtl(lang) or (lang == "en" and starts_right_to_left(self.text))

    def _wrap_lines(self, width: float) -> list[str]:
        base = RTL if self.rtl else LTR
        size = self.style.size
        return wrap_logical(self.text, lambda s: width_of(s, size), width, base)

    def wrap(self, availWidth, availHeight):
        # A part of a split paragraph keeps its lines; a whole paragraph re-wraps when the width changes.
        if not self._fixed and self._wrapped_at != availWidth:
            self._lines = self._wrap_lines(availWidth)
            self._wrapped_at = availWidth
        self.width = availWidth
        self.height = len(self._lines) * self.style.leading
        return self.width, self.height

    def getSpaceBefore(self):
        return self.style.space_before if self._first else 0

    def getSpaceAfter(self):
        return self.style.space_after if self._last else 0

    def split(self, availWidth, availHeight):
        self.wrap(availWidth, availHeight)
        fit = int(availHeight // self.style.leading)
        if fit <= 0 or fit >= len(self._lines) or len(self._lines) < 2:
            return []
        head = Text(self.text, self.style, self.lang, lines=self._lines[:fit], first=self._first, last=False)
        tail = Text(self.text, self.style, self.lang, lines=self._lines[fit:], first=False, last=self._last)
        head.keepWithNext = tail.keepWithNext = False
        return [head, tail]

    def draw(self):
        c, s = self.canv, self.style
        c.saveState()
        c.setFillColor(s.colour)
        if s.bold:
            # The font has one weight: stroke the outline as well for headings.
            c.setStrokeColor(s.colour)
            c.setLineWidth(s.size * 0.03)
        y = self.height - s.size * 1.1
        for line in self._lines:
            w = width_of(line, s.size)
            x = {"centre": (self.width - w) / 2}.get(s.align, self.width - w if self.rtl else 0)
            text = c.beginText(x, y)
            if s.bold:
                text.setTextRenderMode(2)
            for font, piece in runs(line):
                text.setFont(font, s.size)
                text.textOut(piece)
            c.drawText(text)
            y -= s.leading
        c.restoreState()


class Keep(list):
    """A block of flowables that stays on one page (a signature box and its heading)."""


class Rule(Flowable):
    """A thin horizontal line across the column."""

    def __init__(self, colour=GRID, thickness: float = 0.6, space: float = 4) -> None:
        super().__init__()
        self.colour, self.thickness, self.space = colour, thickness, space

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        return availWidth, self.thickness + 2 * self.space

    def draw(self):
        self.canv.setStrokeColor(self.colour)
        self.canv.setLineWidth(self.thickness)
        self.canv.line(0, self.space, self.width, self.space)


def _split_column(flowables: list[Flowable], width: float, height: float) -> tuple[list, list]:
    """The flowables (or parts of them) that fit in `height`, and the rest."""
    fit: list[Flowable] = []
    used = 0.0
    for index, f in enumerate(flowables):
        before = f.getSpaceBefore() if fit else 0
        _w, h = f.wrap(width, height)
        if used + before + h <= height:
            fit.append(f)
            used += before + h + f.getSpaceAfter()
            continue
        parts = f.split(width, height - used - before) if height - used - before > 0 else []
        if parts:
            fit.append(parts[0])
            rest = [*parts[1:], *flowables[index + 1:]]
        else:
            rest = flowables[index:]
        # A heading goes to the next page with what it introduces.
        while fit and getattr(fit[-1], "keepWithNext", False):
            rest.insert(0, fit.pop())
        return fit, rest
    return fit, []


class Pair(Flowable):
    """Two columns side by side, Persian on the right and Arabic on the left, as bilateral minutes are
    signed; each column flows on to the next page with the other."""

    def __init__(self, right: list[Flowable], left: list[Flowable], gutter: float = 16, *,
                 keep_together: bool = False) -> None:
        super().__init__()
        self.right, self.left, self.gutter = right, left, gutter
        self.keep_together = keep_together  # moves to the next page whole rather than split (signatures)

    def _column_width(self, availWidth: float) -> float:
        return (availWidth - self.gutter) / 2

    @staticmethod
    def _height(flowables, width) -> float:
        total = 0.0
        for i, f in enumerate(flowables):
            total += f.wrap(width, 1e6)[1] + (f.getSpaceBefore() if i else 0) + f.getSpaceAfter()
        return total

    def wrap(self, availWidth, availHeight):
        col = self._column_width(availWidth)
        self.width = availWidth
        self.height = max(self._height(self.right, col), self._height(self.left, col))
        return self.width, self.height

    def split(self, availWidth, availHeight):
        if self.keep_together:
            return []
        col = self._column_width(availWidth)
        right_fit, right_rest = _split_column(self.right, col, availHeight)
        left_fit, left_rest = _split_column(self.left, col, availHeight)
        if not right_fit and not left_fit:
            return []
        if not right_rest and not left_rest:
            return [self]
        return [Pair(right_fit, left_fit, self.gutter), Pair(right_rest, left_rest, self.gutter)]

    def draw(self):
        col = self._column_width(self.width)
        for flowables, x in ((self.right, col + self.gutter), (self.left, 0)):
            y = self.height
            for i, f in enumerate(flowables):
                _w, h = f.wrap(col, 1e6)
                y -= (f.getSpaceBefore() if i else 0) + h
                f.drawOn(self.canv, x, y)
                y -= f.getSpaceAfter()
        # A faint line between the two languages.
        self.canv.setStrokeColor(GRID)
        self.canv.setLineWidth(0.4)
        self.canv.line(col + self.gutter / 2, 0, col + self.gutter / 2, self.height)


def grid(rows: list[list], widths: list[float], lang: str, *, header: bool = True,
         highlight: set[int] | None = None) -> Table:
    """A table of Text cells; columns are given in reading order and laid out right to left for fa/ar.

    `widths` are in points. Rows named in `highlight` (overdue items, say) get a pale red background.
    """
    rtl = is_rtl(lang)
    cells = [[c if isinstance(c, (Flowable, list)) else Text(str(c), SMALL, lang) for c in row] for row in rows]
    if rtl:
        cells = [list(reversed(row)) for row in cells]
        widths = list(reversed(widths))
    commands = [
        ("FONT", (0, 0), (-1, -1), fonts.REGULAR),  # reportlab would otherwise name an unused Helvetica
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL))
    for row in sorted(highlight or ()):
        commands.append(("BACKGROUND", (0, row), (-1, row), colors.HexColor("#fbe9e7")))
    return Table(cells, colWidths=widths, repeatRows=1 if header else 0, style=TableStyle(commands),
                 hAlign="RIGHT" if rtl else "LEFT")


def numbered_canvas(footer: Callable[[Canvas, int, int], None]):
    """A canvas class that draws `footer(canvas, page, pages)` on every page once the page count is known."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            kwargs["initialFontName"] = kwargs.get("initialFontName") or fonts.REGULAR  # not an unused Helvetica
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict] = []

        def showPage(self):
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            pages = len(self._saved_pages)
            for number, state in enumerate(self._saved_pages, start=1):
                self.__dict__.update(state)
                footer(self, number, pages)
                super().showPage()
            super().save()

    return NumberedCanvas


def story(blocks: Callable[[str, float], list], lang: str, width: float, gutter: float = 16) -> list:
    """A report's flowables: its blocks in one language (a Keep block kept on one page), or with
    lang="bilingual" Persian and Arabic side by side, block for block (both built from the same records)."""
    if lang != "bilingual":
        flowables = []
        for block in blocks(lang, width):
            flowables += [KeepTogether(list(block))] if isinstance(block, Keep) else block
        return flowables
    column = (width - gutter) / 2
    return [Pair(right, left, gutter, keep_together=isinstance(right, Keep))
            for right, left in zip(blocks("fa", column), blocks("ar", column), strict=True)]
