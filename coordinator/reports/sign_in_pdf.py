"""The sign-in sheet of one course session: a bilingual header, the trainees' names, a column to sign.

Printed and signed on paper in the classroom, so the wording is fixed Persian and Arabic (like the
certificate), whatever the language of the person printing it; the day is given in both calendars.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from ..l10n.calendars import format_date
from ..l10n.digits import localize_digits
from ..l10n.locales import pick
from . import fonts
from .rtl import RTL, ltr, shape

WIDTH, HEIGHT = A4
MARGIN = 36
ROW = 24  # a signature needs the room
INK = colors.HexColor("#1d2a38")
MUTED = colors.HexColor("#5b6675")
LINE = colors.HexColor("#9aa4b1")

TEXT = {
    "title_fa": "برگه حضور و امضای کارآموزان",
    "title_ar": "ورقة حضور المتدرّبين وتوقيعهم",
    "number": "ردیف / ت",
    "name": "نام کارآموز / اسم المتدرّب",
    "signature": "امضا / التوقيع",
    "session_fa": "جلسه {day}، ساعت {start} تا {end}",
    "session_ar": "جلسة {day}، من الساعة {start} إلى {end}",
    "page": "صفحه / صفحة {page}",
}


@dataclass
class SheetRow:
    name: str  # as written: Persian and/or Arabic script


def _trainee_name(trainee) -> str:
    names = [n for n in (trainee.name_fa, trainee.name_ar) if n]
    return " — ".join(dict.fromkeys(names))  # both scripts when both were written, once when the same


class _Sheet:
    def __init__(self, c: canvas.Canvas, font: str) -> None:
        self.c, self.font = c, font

    def right(self, text: str, x: float, y: float, size: float, colour=INK) -> None:
        shaped = shape(text, RTL)
        self.c.setFont(self.font, size)
        self.c.setFillColor(colour)
        self.c.drawString(x - stringWidth(shaped, self.font, size), y, shaped)

    def centre(self, text: str, y: float, size: float, colour=INK) -> None:
        shaped = shape(text, RTL)
        self.c.setFont(self.font, size)
        self.c.setFillColor(colour)
        self.c.drawString((WIDTH - stringWidth(shaped, self.font, size)) / 2, y, shaped)


def render_sign_in_sheet(course, session, trainees) -> bytes:
    """The sheet as PDF bytes; `trainees` in the roster's order. Pages repeat the header and the columns."""
    font = fonts.register()
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4, pageCompression=1, initialFontName=font)
    c.setTitle(f"Sign-in sheet {course.code} {session.day.isoformat()}")
    c.setCreator("Coordinator")
    sheet = _Sheet(c, font)
    start, end = f"{session.start_time:%H:%M}", f"{session.end_time:%H:%M}"
    # Columns from the right edge (the sheet reads right to left): number, name, signature.
    x_right = WIDTH - MARGIN
    x_name = x_right - 64  # wide enough for the bilingual heading "ردیف / ت"
    x_signature = MARGIN + 170
    rows = [SheetRow(_trainee_name(t)) for t in trainees]
    per_page = int((HEIGHT - 2 * MARGIN - 200) // ROW)
    pages = [rows[i:i + per_page] for i in range(0, len(rows), per_page)] or [[]]
    for page_number, page in enumerate(pages, start=1):
        y = HEIGHT - MARGIN - 16
        sheet.centre(TEXT["title_fa"], y, 16)
        y -= 22
        sheet.centre(TEXT["title_ar"], y, 16)
        y -= 24
        sheet.centre(f"{course.name_fa} — {ltr(course.code)}", y, 12)
        y -= 17
        sheet.centre(course.name_ar, y, 12)
        y -= 19
        sheet.centre(TEXT["session_fa"].format(day=format_date(session.day, "fa"),
                                               start=localize_digits(start, "fa"), end=localize_digits(end, "fa")),
                     y, 11)
        y -= 16
        sheet.centre(TEXT["session_ar"].format(day=format_date(session.day, "ar"),
                                               start=localize_digits(start, "ar"), end=localize_digits(end, "ar")),
                     y, 11)
        y -= 16
        centre = course.host_centre
        sheet.centre(f"{pick(centre, 'name', 'fa')} / {pick(centre, 'name', 'ar')}", y, 10, MUTED)
        y -= 26
        c.setStrokeColor(LINE)
        c.setLineWidth(0.6)
        top = y + ROW - 6
        sheet.right(TEXT["number"], x_right - 4, y, 10, MUTED)
        sheet.right(TEXT["name"], x_name - 4, y, 10, MUTED)
        sheet.right(TEXT["signature"], x_signature - 4, y, 10, MUTED)
        first = (page_number - 1) * per_page
        for index, row in enumerate(page, start=first + 1):
            c.line(MARGIN, y - 8, x_right, y - 8)
            y -= ROW
            sheet.right(localize_digits(str(index), "fa"), x_right - 4, y, 11)
            sheet.right(row.name, x_name - 4, y, 11)
        c.line(MARGIN, y - 8, x_right, y - 8)
        for x in (MARGIN, x_signature, x_name, x_right):
            c.line(x, top, x, y - 8)
        c.line(MARGIN, top, x_right, top)
        sheet.centre(TEXT["page"].format(page=localize_digits(str(page_number), "fa")), MARGIN - 12, 8, MUTED)
        c.showPage()
    c.save()
    return buffer.getvalue()
