"""What every certificate page draws: the painter (shaped, centred, fitted lines), the frame, the QR code, the
'revoked' watermark and the signature-and-seal blocks."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from .rtl import LTR, RTL, shape, wrap_logical

PAGE = landscape(A4)
WIDTH, HEIGHT = PAGE
MARGIN = 40
QR_QUIET_ZONE = 4  # modules of white around the code, as the standard asks
ASCENT, DESCENT = 1.0, 0.45  # baseline-to-baseline = ASCENT × size + DESCENT × size above
MAX_SCALE = 1.12
INK = colors.HexColor("#1d2a38")
ACCENT = colors.HexColor("#0b6e69")
MUTED = colors.HexColor("#5b6675")
REVOKED_RED = colors.HexColor("#c62828")
# The signature-and-seal block: images above a line, the name and post below it.
SIGNATURE_BOX = (130, 46)  # the signature fits in this (width, height)
SEAL_SIZE = 62  # the seal fits in a square of this side, partly over the signature as stamps are
SIGN_LINE = 150


@dataclass
class Line:
    text: str  # logical order; shaped when drawn
    size: float
    colour: object = INK
    bold: bool = False
    gap_before: float = 0


class Painter:
    def __init__(self, c: canvas.Canvas, font: str) -> None:
        self.c = c
        self.font = font

    def width(self, text: str, size: float) -> float:
        return stringWidth(text, self.font, size)

    def draw(self, shaped: str, x_centre: float, y: float, size: float, colour, bold=False) -> None:
        """A shaped line centred on x_centre; 'bold' strokes the outline too (the font has one weight)."""
        c = self.c
        # Colours and the text render mode are graphics state that outlives a text object (and reportlab
        # skips "0 Tr" when its own text object never left mode 0): keep each line's state to itself.
        c.saveState()
        text = c.beginText()
        text.setFont(self.font, size)
        text.setFillColor(colour)
        if bold:
            c.setStrokeColor(colour)
            c.setLineWidth(size * 0.035)
            text.setTextRenderMode(2)
        text.setTextOrigin(x_centre - self.width(shaped, size) / 2, y)
        text.textOut(shaped)
        c.drawText(text)
        c.restoreState()

    def fit(self, text: str, base_dir: str, size: float, max_width: float) -> tuple[str, float]:
        """One shaped line, made smaller until it fits (names and posts are short; never wrapped)."""
        shaped = shape(text, base_dir)
        width = self.width(shaped, size)
        return shaped, size if width <= max_width else max(size * max_width / width, size * 0.6)

    def layout(self, lines: list[Line], width: float, scale: float,
               base_dir: str = RTL) -> tuple[list[tuple[str, Line, float]], float]:
        """Wrapped, shaped lines with their baseline offsets from the top, and the total height."""
        placed, y, previous = [], 0.0, 0.0
        for line in lines:
            size = line.size * scale
            y += line.gap_before * scale
            for shaped in wrap_logical(line.text, lambda s, size=size: self.width(s, size), width, base_dir):
                # Room for this line's letters above the baseline and the previous line's descenders
                # (deep in Arabic script) below its own: a small line under a large name needs the latter.
                y += size * ASCENT + previous * DESCENT
                previous = size
                placed.append((shaped, line, y))
        return placed, y

    def blocks(self, columns: list[tuple[list[Line], float]], top: float, bottom: float, width: float,
               base_dir: str = RTL) -> None:
        """Draw the language blocks side by side from `top`: a little larger when they are short, smaller when
        long names would reach `bottom`."""
        scale = MAX_SCALE
        for _ in range(8):
            height = max(self.layout(lines, width, scale, base_dir)[1] for lines, _x in columns)
            if height <= top - bottom:
                break
            scale *= max(0.7, (top - bottom) / height)
        for lines, x_centre in columns:
            for shaped, line, y in self.layout(lines, width, scale, base_dir)[0]:
                self.draw(shaped, x_centre, top - y, line.size * scale, line.colour, line.bold)


def frame(c: canvas.Canvas) -> None:
    c.setStrokeColor(ACCENT)
    c.setLineWidth(3)
    c.rect(16, 16, WIDTH - 32, HEIGHT - 32)
    c.setLineWidth(0.8)
    c.rect(24, 24, WIDTH - 48, HEIGHT - 48)


def qr(c: canvas.Canvas, url: str, x: float, y: float, size: float) -> None:
    """The QR code, drawn module by module (a graphics Drawing would add an unused Helvetica to the PDF)."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(url)
    code.make()
    count = code.getModuleCount()
    module = size / (count + 2 * QR_QUIET_ZONE)
    c.saveState()
    c.setFillColor(colors.black)
    for row, modules in enumerate(code.modules):
        column = 0
        for dark, run in groupby(bool(m) for m in modules):
            length = len(list(run))
            if dark:
                c.rect(x + (column + QR_QUIET_ZONE) * module, y + size - (row + QR_QUIET_ZONE + 1) * module,
                       length * module, module, stroke=0, fill=1)
            column += length
    c.restoreState()


def watermark(p: Painter, words: list[str]) -> None:
    """'Revoked' across the page, in each of `words` (logical order) from top to bottom."""
    c = p.c
    c.saveState()
    c.translate(WIDTH / 2, HEIGHT / 2)
    c.rotate(28)
    # The alpha travels with the colour: reportlab sets fill and stroke alpha from it.
    colour = colors.Color(REVOKED_RED.red, REVOKED_RED.green, REVOKED_RED.blue, alpha=0.28)
    step = 170 / max(len(words) - 1, 1)
    for i, word in enumerate(words):
        p.draw(shape(word, RTL), 0, 85 - i * step, 66, colour)
    c.restoreState()


def _image(c: canvas.Canvas, path, x_centre: float, y: float, width: float, height: float) -> None:
    """An uploaded image fitted in a box (centred, proportions kept); a file gone missing is left out."""
    try:
        reader = ImageReader(str(path))
        w, h = reader.getSize()
    except (OSError, ValueError):
        return
    ratio = min(width / w, height / h)
    c.drawImage(reader, x_centre - w * ratio / 2, y + (height - h * ratio) / 2, w * ratio, h * ratio,
                mask="auto")


def signature_block(p: Painter, block, x_centre: float, y: float, lines: list[tuple[str, float, object]],
                    base_dir: str, caption: str) -> None:
    """A side's signature and seal over a line, then its name and post (`lines`: text, size, colour), from
    baseline `y` upwards. Without a signatory (`block` None) the line and `caption` alone: signed by hand."""
    c = p.c
    line_y = y + sum(size * 1.3 for _t, size, _c in lines) + 4
    if block is not None and block.signature is not None:
        _image(c, block.signature, x_centre - 18, line_y + 2, *SIGNATURE_BOX)
    if block is not None and block.seal is not None:
        _image(c, block.seal, x_centre + 48, line_y - 4, SEAL_SIZE, SEAL_SIZE)
    c.saveState()
    c.setStrokeColor(MUTED)
    c.setLineWidth(0.5)
    c.line(x_centre - SIGN_LINE / 2, line_y, x_centre + SIGN_LINE / 2, line_y)
    c.restoreState()
    if block is None or not lines:
        p.draw(shape(caption, base_dir), x_centre, line_y - 11, 8, MUTED)
        return
    baseline = line_y
    for text, size, colour in lines:
        baseline -= size * 1.3
        shaped, fitted = p.fit(text, base_dir, size, SIGN_LINE + 60)
        p.draw(shaped, x_centre, baseline, fitted, colour)


__all__ = ["LTR", "RTL", "Line", "Painter", "frame", "qr", "signature_block", "watermark"]
