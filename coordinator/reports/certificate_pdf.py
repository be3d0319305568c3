"""The certificate of completion as a PDF: Persian on the right half, Arabic on the left, a QR code between, each
side's signature and seal at the foot; optionally an English page after it (certificate_english.py).

The wording is fixed Persian and Arabic, not gettext: the certificate prints both languages whatever the
language of the person downloading it, like the month names in l10n.calendars.
"""

from __future__ import annotations

import io
from zoneinfo import ZoneInfo

from flask import url_for
from reportlab.pdfgen import canvas
from sqlalchemy import select

from ..catalog import isco
from ..catalog.models import Side
from ..extensions import db
from ..l10n.calendars import format_date
from ..l10n.digits import localize_digits
from ..l10n.locales import pick
from . import fonts
from .certificate_drawing import (
    ACCENT,
    HEIGHT,
    INK,
    MARGIN,
    MUTED,
    PAGE,
    RTL,
    WIDTH,
    Line,
    Painter,
    frame,
    qr,
    signature_block,
    watermark,
)
from .certificate_english import english_page
from .rtl import ltr, shape

GUTTER = 24  # between the two language blocks
BLOCK_WIDTH = (WIDTH - 2 * MARGIN - GUTTER) / 2
QR_SIZE = 92
BLOCKS_BOTTOM = 200  # the footer (number, issue date, signatures, QR code) lives below
SIGNATURES_Y = 34
_qr = qr  # a name of this module: tests watch what the QR code encodes

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
        "father": "نام پدر: {name}",
        "passport": "شماره گذرنامه: {number}",
        "isco": "گروه شغلی ISCO-08: {code} — {title}",
        "sign_here": "امضا و مهر",
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
        "father": "اسم الأب: {name}",
        "passport": "رقم جواز السفر: {number}",
        "isco": "المجموعة المهنية ISCO-08: {code} — {title}",
        "sign_here": "التوقيع والختم",
        "delivered": "الساعات التدريبية المنفّذة: {hours} ساعة، الحصة العملية {share}٪",
        "result": "نتيجة التقييم: نظري {theory}، عملي {practice} من ١٠٠",
        "number": "رقم الشهادة: {number}",
        "issued": "تاريخ الإصدار: {date}",
        "revoked": "ملغاة",
    },
}


def _pick(value, gender: str):
    return value.get(gender, value["m"]) if isinstance(value, dict) else value


def _identity(t: dict, trainee, digits) -> str:
    """Father's name, national ID and passport number, those recorded, on one line."""
    parts = []
    father = pick(trainee, "father_name", "fa" if t is TEXT["fa"] else "ar")
    if father:
        parts.append(t["father"].format(name=father))
    if trainee.national_id:
        parts.append(t["national_id"].format(id=ltr(digits(trainee.national_id))))
    if trainee.passport_number:
        parts.append(t["passport"].format(number=ltr(trainee.passport_number)))
    return "، ".join(parts)


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
    ]
    identity = _identity(t, trainee, digits)
    if identity:
        lines.append(Line(identity, 10.5, MUTED))
    lines += [
        Line(_pick(t["completed"], gender), 12.5, gap_before=2),
        Line(pick(course, "name", lang), 17, ACCENT, bold=True, gap_before=6),
        Line(t["code"].format(code=ltr(course.code)), 11, MUTED),
        Line(t["standard"].format(code=ltr(standard.code), name=pick(standard, "name", lang)), 12.5, gap_before=10),
    ]
    if standard.isco_code:
        lines.append(Line(t["isco"].format(code=ltr(digits(standard.isco_code)),
                                           title=isco.title(standard.isco_code, lang)), 11))
    lines += [
        Line(t["hours"].format(theory=digits(course.theory_hours), practice=digits(course.practice_hours),
                               total=digits(course.total_hours)), 12.5),
        Line(t["dates"].format(start=format_date(course.start_date, lang), end=format_date(course.end_date, lang)),
             12.5),
        Line(t["centre"].format(centre="، ".join(p for p in (pick(centre, "name", lang), city) if p)), 12.5),
        Line(t["completed_on"].format(date=format_date(completed_on(certificate), lang)), 12.5),
    ]
    if delivered is not None and delivered[0]:
        hours, share = delivered
        lines.append(Line(t["delivered"].format(hours=digits(hours), share=digits(share)), 11, MUTED))
    if enrolment.theory_score is not None and enrolment.practice_score is not None:
        lines.append(Line(t["result"].format(theory=digits(score(enrolment.theory_score)),
                                             practice=digits(score(enrolment.practice_score))), 11, MUTED))
    return lines


def score(value) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def completed_on(certificate):
    """The completion date printed: the certificate's own, else (older ones) the course's, never after issue."""
    if certificate.completed_on is not None:
        return certificate.completed_on
    course = certificate.enrolment.course
    return min(course.completed_on or course.end_date, issue_day(certificate))


def issue_day(certificate):
    """The day of issue in the host side's clock (an instant is stored in UTC)."""
    zone = ZoneInfo(certificate.enrolment.course.host_side.timezone)
    return certificate.issued_at.astimezone(zone).date()


def render_certificate(certificate, verify_url: str | None = None, delivered=None, signatures=None,
                       english: bool = False) -> bytes:
    """The certificate as PDF bytes; the QR code points to the public verification page of its number.
    `delivered`: (hours, practical share in percent) of the training delivered, printed when given;
    `signatures`: side id → signatory block (certificates.signatories.Block); `english`: add the English page."""
    return render_certificates([certificate], {certificate.id: delivered}, verify_url, signatures, english)


def render_certificates(certificates, delivered: dict | None = None, verify_url: str | None = None,
                        signatures: dict | None = None, english: bool = False) -> bytes:
    """Certificates as one PDF, a page each (two with the English page): a course's certificates, printed at once."""
    font = fonts.register()
    sides_all = list(db.session.scalars(select(Side).where(Side.active.is_(True)).order_by(Side.id)))
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=PAGE, pageCompression=1, initialFontName=font)
    c.setTitle(f"Certificate {certificates[0].number}" if len(certificates) == 1 else "Certificates")
    c.setSubject(" / ".join(s.organisation_en or s.organisation_fa for s in sides_all))
    c.setCreator("Coordinator")
    p = Painter(c, font)
    for certificate in certificates:
        course = certificate.enrolment.course
        sides = sorted(sides_all, key=lambda s: s.id != course.host_side_id)  # the host side's body first
        url = verify_url or url_for("verify.certificate", number=certificate.number, _external=True)
        shown = (delivered or {}).get(certificate.id)
        _page(p, certificate, sides, url, shown, signatures or {})
        if english:
            english_page(p, certificate, sides, url, shown, signatures or {}, qr=_qr,
                         completed=completed_on(certificate), issued=issue_day(certificate), score=score)
    c.save()
    return buffer.getvalue()


def _signatories(p: Painter, sides_all, signatures: dict, places) -> None:
    """Each side's signatory under a half, in that half's language, with the post in the other too. The sides
    take the halves in a fixed order (the first registered on the right, where Persian reads), not host first:
    a side's official signs in the same place on every certificate."""
    for side, (lang, other, x_centre) in zip(sorted(sides_all, key=lambda s: s.id), places, strict=False):
        block = signatures.get(side.id)
        lines = []
        if block is not None:
            name = block.name.get(lang) or block.name.get(other) or ""
            post = block.post.get(lang) or block.post.get(other) or ""
            lines = [(name, 9.5, INK), (post, 8.5, INK)]
            if block.post.get(other) and block.post.get(other) != post:
                lines.append((block.post[other], 7.5, MUTED))
        signature_block(p, block, x_centre, SIGNATURES_Y, lines, RTL, TEXT[lang]["sign_here"])


def _page(p: Painter, certificate, sides, url: str, delivered, signatures: dict) -> None:
    c = p.c
    issued = issue_day(certificate)
    frame(c)

    top = HEIGHT - MARGIN - 6
    fa_centre = WIDTH - MARGIN - BLOCK_WIDTH / 2
    ar_centre = MARGIN + BLOCK_WIDTH / 2
    p.blocks([(_block("fa", certificate, sides, delivered), fa_centre),
              (_block("ar", certificate, sides, delivered), ar_centre)], top, BLOCKS_BOTTOM, BLOCK_WIDTH)
    c.setStrokeColor(ACCENT)
    c.setLineWidth(0.6)
    c.line(WIDTH / 2, BLOCKS_BOTTOM, WIDTH / 2, HEIGHT - MARGIN - 20)

    # Footer: the number and issue date under each block, each side's signature and seal below them, the QR
    # code and the ASCII number in the middle.
    footer_y = BLOCKS_BOTTOM - 16
    for lang, x_centre in (("fa", fa_centre), ("ar", ar_centre)):
        t = TEXT[lang]
        p.draw(shape(t["number"].format(number=ltr(certificate.number)), RTL), x_centre, footer_y, 10.5, INK)
        p.draw(shape(t["issued"].format(date=format_date(issued, lang)), RTL), x_centre, footer_y - 15, 10.5, INK)
    _signatories(p, sides, signatures, (("fa", "ar", fa_centre), ("ar", "fa", ar_centre)))
    _qr(c, url, WIDTH / 2 - QR_SIZE / 2, 62, QR_SIZE)
    p.draw(certificate.number, WIDTH / 2, 48, 10.5, INK)
    p.draw(url, WIDTH / 2, 34, 6.5, MUTED)

    if not certificate.valid:
        watermark(p, [TEXT["fa"]["revoked"], TEXT["ar"]["revoked"], "REVOKED"])
    c.showPage()
