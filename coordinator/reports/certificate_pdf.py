"""The certificate of completion as a PDF: Persian on the right half, Arabic on the left, a QR code between.

The wording is fixed Persian and Arabic, not gettext: the certificate prints both languages whatever the
language of the person downloading it, like the month names in l10n.calendars.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from itertools import groupby
from zoneinfo import ZoneInfo

from flask import url_for
from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas
from sqlalchemy import select

from ..catalog.models import Side
from ..extensions import db
from ..l10n.calendars import format_date
from ..l10n.digits import localize_digits
from ..l10n.locales import pick
from . import fonts
from .rtl import RTL, ltr, shape, wrap_logical

PAGE = landscape(A4)
WIDTH, HEIGHT = PAGE
MARGIN = 40
GUTTER = 24  # between the two language blocks
BLOCK_WIDTH = (WIDTH - 2 * MARGIN - GUTTER) / 2
QR_SIZE = 92
QR_QUIET_ZONE = 4  # modules of white around the code, as the standard asks
BLOCKS_BOTTOM = 170  # the footer (number, issue date, QR code) lives below
ASCENT, DESCENT = 1.0, 0.45  # baseline-to-baseline = ASCENT × size + DESCENT × size above
MAX_SCALE = 1.12
INK = colors.HexColor("#1d2a38")
ACCENT = colors.HexColor("#0b6e69")
MUTED = colors.HexColor("#5b6675")
REVOKED_RED = colors.HexColor("#c62828")

TEXT = {
    "fa": {
        "programme": "برنامه مشترک آموزش فنی و حرفه‌ای {sides}",
        "and": " و ",
        "title": "گواهی‌نامه پایان دوره",
        "intro": "بدین‌وسیله گواهی می‌شود که",
        "completed": "دوره مشترک آموزشی زیر را با موفقیت به پایان رسانده است:",  # Persian verbs have no gender
        "code": "کد دوره: {code}",
        "standard": "استاندارد مهارت: {code} — {name}",
        "hours": "ساعات آموزش: نظری {theory}، عملی {practice}، جمع {total} ساعت",
        "dates": "از {start} تا {end}",
        "centre": "محل برگزاری: {centre}",
        "completed_on": "تاریخ پایان دوره: {date}",
        "national_id": "شماره ملی: {id}",
        "delivered": "ساعات آموزش ارائه‌شده: {hours} ساعت، سهم عملی {share}٪",
        "result": "نتیجه ارزشیابی: نظری {theory}، عملی {practice} از ۱۰۰",
        "number": "شماره گواهی‌نامه: {number}",
        "issued": "تاریخ صدور: {date}",
        "revoked": "باطل شده",
    },
    "ar": {
        "programme": "البرنامج المشترك للتدريب التقني والمهني بين {sides}",
        "and": " و",
        "title": "شهادة إتمام دورة تدريبية",
        "intro": {"f": "نشهد بأنّ المتدرّبة", "m": "نشهد بأنّ المتدرّب"},
        "completed": {"f": "قد أتمّت بنجاح الدورة التدريبية المشتركة الآتية:",
                      "m": "قد أتمّ بنجاح الدورة التدريبية المشتركة الآتية:"},
        "code": "رمز الدورة: {code}",
        "standard": "المعيار المهاري: {code} — {name}",
        "hours": "عدد الساعات: نظري {theory}، عملي {practice}، المجموع {total} ساعة",
        "dates": "من {start} إلى {end}",
        "centre": "مكان التدريب: {centre}",
        "completed_on": "تاريخ إتمام الدورة: {date}",
        "national_id": "الرقم الوطني: {id}",
        "delivered": "الساعات التدريبية المنفّذة: {hours} ساعة، الحصة العملية {share}٪",
        "result": "نتيجة التقييم: نظري {theory}، عملي {practice} من ١٠٠",
        "number": "رقم الشهادة: {number}",
        "issued": "تاريخ الإصدار: {date}",
        "revoked": "ملغاة",
    },
}


@dataclass
class Line:
    text: str  # logical order; shaped when drawn
    size: float
    colour: object = INK
    bold: bool = False
    gap_before: float = 0


def _pick(value, gender: str):
    return value.get(gender, value["m"]) if isinstance(value, dict) else value


def _block(lang: str, certificate, sides: list[Side], delivered=None) -> list[Line]:
    """The lines of one language's half, in reading order."""
    t = TEXT[lang]
    enrolment = certificate.enrolment
    trainee, course = enrolment.trainee, enrolment.course
    standard, centre = course.skill_standard, course.host_centre
    gender = trainee.gender

    def digits(value) -> str:
        return localize_digits(str(value), lang)

    side_names = t["and"].join(pick(s, "name", lang) for s in sides)
    city = centre.city_in(lang)
    lines = [Line(pick(s, "organisation", lang), 10.5, ACCENT) for s in sides]
    lines += [
        Line(t["programme"].format(sides=side_names), 9, MUTED),
        Line(t["title"], 27, ACCENT, bold=True, gap_before=14),
        Line(_pick(t["intro"], gender), 13, gap_before=6),
        Line(pick(trainee, "name", lang), 25, INK, bold=True, gap_before=4),
        Line(_pick(t["completed"], gender), 12.5, gap_before=2),
        Line(pick(course, "name", lang), 17, ACCENT, bold=True, gap_before=6),
        Line(t["code"].format(code=ltr(course.code)), 11, MUTED),
        Line(t["standard"].format(code=ltr(standard.code), name=pick(standard, "name", lang)), 12.5, gap_before=10),
        Line(t["hours"].format(theory=digits(course.theory_hours), practice=digits(course.practice_hours),
                               total=digits(course.total_hours)), 12.5),
        Line(t["dates"].format(start=format_date(course.start_date, lang), end=format_date(course.end_date, lang)),
             12.5),
        Line(t["centre"].format(centre="، ".join(p for p in (pick(centre, "name", lang), city) if p)), 12.5),
        Line(t["completed_on"].format(date=format_date(_completed_on(certificate), lang)), 12.5),
    ]
    if trainee.national_id:
        lines.append(Line(t["national_id"].format(id=ltr(digits(trainee.national_id))), 11, MUTED))
    if delivered is not None and delivered[0]:
        hours, share = delivered
        lines.append(Line(t["delivered"].format(hours=digits(hours), share=digits(share)), 11, MUTED))
    if enrolment.theory_score is not None and enrolment.practice_score is not None:
        lines.append(Line(t["result"].format(theory=digits(_score(enrolment.theory_score)),
                                             practice=digits(_score(enrolment.practice_score))), 11, MUTED))
    return lines


def _score(value) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _completed_on(certificate):
    """The completion date printed: the certificate's own, else (older ones) the course's, never after issue."""
    if certificate.completed_on is not None:
        return certificate.completed_on
    course = certificate.enrolment.course
    return min(course.completed_on or course.end_date, _issue_day(certificate))


def _issue_day(certificate):
    """The day of issue in the host side's clock (an instant is stored in UTC)."""
    zone = ZoneInfo(certificate.enrolment.course.host_side.timezone)
    return certificate.issued_at.astimezone(zone).date()


class _Painter:
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

    def layout(self, lines: list[Line], width: float, scale: float) -> tuple[list[tuple[str, Line, float]], float]:
        """Wrapped, shaped lines with their baseline offsets from the top, and the total height."""
        placed, y, previous = [], 0.0, 0.0
        for line in lines:
            size = line.size * scale
            y += line.gap_before * scale
            for shaped in wrap_logical(line.text, lambda s, size=size: self.width(s, size), width, RTL):
                # Room for this line's letters above the baseline and the previous line's descenders
                # (deep in Arabic script) below its own: a small line under a large name needs the latter.
                y += size * ASCENT + previous * DESCENT
                previous = size
                placed.append((shaped, line, y))
        return placed, y

    def blocks(self, columns: list[tuple[list[Line], float]], top: float, bottom: float) -> None:
        """Draw the language blocks side by side from `top`: a little larger when they are short, smaller when
        long names would reach `bottom`."""
        scale = MAX_SCALE
        for _ in range(8):
            height = max(self.layout(lines, BLOCK_WIDTH, scale)[1] for lines, _x in columns)
            if height <= top - bottom:
                break
            scale *= max(0.7, (top - bottom) / height)
        for lines, x_centre in columns:
            for shaped, line, y in self.layout(lines, BLOCK_WIDTH, scale)[0]:
                self.draw(shaped, x_centre, top - y, line.size * scale, line.colour, line.bold)


def _frame(c: canvas.Canvas) -> None:
    c.setStrokeColor(ACCENT)
    c.setLineWidth(3)
    c.rect(16, 16, WIDTH - 32, HEIGHT - 32)
    c.setLineWidth(0.8)
    c.rect(24, 24, WIDTH - 48, HEIGHT - 48)


def _qr(c: canvas.Canvas, url: str, x: float, y: float, size: float) -> None:
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


def _watermark(p: _Painter) -> None:
    c = p.c
    c.saveState()
    c.translate(WIDTH / 2, HEIGHT / 2)
    c.rotate(28)
    # The alpha travels with the colour: reportlab sets fill and stroke alpha from it.
    colour = colors.Color(REVOKED_RED.red, REVOKED_RED.green, REVOKED_RED.blue, alpha=0.28)
    for y, text in ((85, shape(TEXT["fa"]["revoked"], RTL)), (5, shape(TEXT["ar"]["revoked"], RTL)),
                    (-80, "REVOKED")):
        p.draw(text, 0, y, 66, colour)
    c.restoreState()


def render_certificate(certificate, verify_url: str | None = None, delivered=None) -> bytes:
    """The certificate as PDF bytes; the QR code points to the public verification page of its number.
    `delivered`: (hours, practical share in percent) of the training delivered, printed when given."""
    return render_certificates([certificate], {certificate.id: delivered}, verify_url)


def render_certificates(certificates, delivered: dict | None = None, verify_url: str | None = None) -> bytes:
    """Certificates as one PDF, a page each (a course's certificates, printed at once)."""
    font = fonts.register()
    sides_all = list(db.session.scalars(select(Side).where(Side.active.is_(True)).order_by(Side.id)))
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=PAGE, pageCompression=1, initialFontName=font)
    c.setTitle(f"Certificate {certificates[0].number}" if len(certificates) == 1 else "Certificates")
    c.setSubject(" / ".join(s.organisation_en or s.organisation_fa for s in sides_all))
    c.setCreator("Coordinator")
    p = _Painter(c, font)
    for certificate in certificates:
        course = certificate.enrolment.course
        sides = sorted(sides_all, key=lambda s: s.id != course.host_side_id)  # the host side's body first
        url = verify_url or url_for("verify.certificate", number=certificate.number, _external=True)
        _page(p, certificate, sides, url, (delivered or {}).get(certificate.id))
    c.save()
    return buffer.getvalue()


def _page(p: _Painter, certificate, sides, url: str, delivered) -> None:
    c = p.c
    issued = _issue_day(certificate)
    _frame(c)

    top = HEIGHT - MARGIN - 6
    fa_centre = WIDTH - MARGIN - BLOCK_WIDTH / 2
    ar_centre = MARGIN + BLOCK_WIDTH / 2
    p.blocks([(_block("fa", certificate, sides, delivered), fa_centre),
              (_block("ar", certificate, sides, delivered), ar_centre)], top, BLOCKS_BOTTOM)
    c.setStrokeColor(ACCENT)
    c.setLineWidth(0.6)
    c.line(WIDTH / 2, BLOCKS_BOTTOM, WIDTH / 2, HEIGHT - MARGIN - 20)

    # Footer: the number and issue date under each block, the QR code and the ASCII number in the middle.
    footer_y = 100
    for lang, x_centre in (("fa", fa_centre), ("ar", ar_centre)):
        t = TEXT[lang]
        p.draw(shape(t["number"].format(number=ltr(certificate.number)), RTL), x_centre, footer_y, 11.5, INK)
        p.draw(shape(t["issued"].format(date=format_date(issued, lang)), RTL), x_centre, footer_y - 20, 11.5, INK)
    _qr(c, url, WIDTH / 2 - QR_SIZE / 2, 62, QR_SIZE)
    p.draw(certificate.number, WIDTH / 2, 48, 10.5, INK)
    p.draw(url, WIDTH / 2, 34, 6.5, MUTED)

    if not certificate.valid:
        _watermark(p)
    c.showPage()
