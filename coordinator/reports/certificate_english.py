"""The certificate's optional English page: the same facts as the Persian and Arabic page, for readers abroad
(names in Latin letters as the passport spells them, Gregorian dates, the ISCO-08 occupation), with the same
number, QR code, signatures and seals. Fixed English wording, not gettext, like the other two languages."""

from __future__ import annotations

from ..catalog import isco
from ..l10n.calendars import format_date
from ..l10n.locales import pick
from .certificate_drawing import (
    ACCENT,
    HEIGHT,
    INK,
    LTR,
    MARGIN,
    MUTED,
    WIDTH,
    Line,
    Painter,
    frame,
    signature_block,
    watermark,
)
from .rtl import shape

TEXT = {
    "programme": "Joint Technical and Vocational Training Programme of {sides}",
    "title": "Certificate of Completion",
    "intro": "This is to certify that",
    "father": "Father's name: {name}",
    "passport": "Passport No. {number}",
    "national_id": "National ID No. {id}",
    "completed": "has successfully completed the joint training course",
    "code": "Course code: {code}",
    "standard": "Skill standard: {code} — {name}",
    "isco": "ISCO-08 occupation (unit group): {code} — {title}",
    "hours": "Training hours: theory {theory}, practice {practice}, total {total} hours",
    "delivered": "Hours of training delivered: {hours}, of which {share}% practical",
    "dates": "From {start} to {end}",
    "centre": "Held at: {centre}",
    "completed_on": "Completed on: {date}",
    "result": "Assessment result: theory {theory}, practice {practice} out of 100",
    "number": "Certificate No. {number}",
    "issued": "Issued on: {date}",
    "translation": "English version of the Persian and Arabic certificate; check it at the address of the QR code.",
    "sign_here": "Signature and seal",
    "revoked": "REVOKED",
}
BLOCK_WIDTH = WIDTH - 2 * MARGIN - 120
BLOCKS_BOTTOM = 200
QR_SIZE = 92
SIGNATURES_Y = 34


def _lines(certificate, sides, delivered, completed, score) -> list[Line]:
    enrolment = certificate.enrolment
    trainee, course = enrolment.trainee, enrolment.course
    standard, centre = course.skill_standard, course.host_centre
    t = TEXT
    lines = [Line(pick(s, "organisation", "en"), 10.5, ACCENT) for s in sides]
    lines += [
        Line(t["programme"].format(sides=" and ".join(pick(s, "name", "en") for s in sides)), 9, MUTED),
        Line(t["title"], 27, ACCENT, bold=True, gap_before=14),
        Line(t["intro"], 13, gap_before=6),
        Line(pick(trainee, "name", "en"), 25, INK, bold=True, gap_before=4),
    ]
    identity = []
    if pick(trainee, "father_name", "en"):
        identity.append(t["father"].format(name=pick(trainee, "father_name", "en")))
    if trainee.passport_number:
        identity.append(t["passport"].format(number=trainee.passport_number))
    if trainee.national_id:
        identity.append(t["national_id"].format(id=trainee.national_id))
    if identity:
        lines.append(Line(" · ".join(identity), 10.5, MUTED))
    lines += [
        Line(t["completed"], 12.5, gap_before=2),
        Line(pick(course, "name", "en"), 17, ACCENT, bold=True, gap_before=6),
        Line(t["code"].format(code=course.code), 11, MUTED),
        Line(t["standard"].format(code=standard.code, name=pick(standard, "name", "en")), 12.5, gap_before=10),
    ]
    if standard.isco_code:
        lines.append(Line(t["isco"].format(code=standard.isco_code, title=isco.title(standard.isco_code, "en")), 11))
    lines += [
        Line(t["hours"].format(theory=course.theory_hours, practice=course.practice_hours,
                               total=course.total_hours), 12.5),
        Line(t["dates"].format(start=format_date(course.start_date, "en"), end=format_date(course.end_date, "en")),
             12.5),
        Line(t["centre"].format(centre=", ".join(p for p in (pick(centre, "name", "en"), centre.city_in("en"))
                                                 if p)), 12.5),
        Line(t["completed_on"].format(date=format_date(completed, "en")), 12.5),
    ]
    if delivered is not None and delivered[0]:
        lines.append(Line(t["delivered"].format(hours=delivered[0], share=delivered[1]), 11, MUTED))
    if enrolment.theory_score is not None and enrolment.practice_score is not None:
        lines.append(Line(t["result"].format(theory=score(enrolment.theory_score),
                                             practice=score(enrolment.practice_score)), 11, MUTED))
    lines.append(Line(t["translation"], 8, MUTED, gap_before=6))
    return lines


def english_page(p: Painter, certificate, sides, url: str, delivered, signatures: dict, *, qr, completed, issued,
                 score) -> None:
    """The English page of one certificate, after its Persian and Arabic page."""
    c = p.c
    frame(c)
    top = HEIGHT - MARGIN - 6
    p.blocks([(_lines(certificate, sides, delivered, completed, score), WIDTH / 2)], top, BLOCKS_BOTTOM,
             BLOCK_WIDTH, LTR)
    p.draw(shape(TEXT["number"].format(number=certificate.number), LTR), WIDTH / 2, BLOCKS_BOTTOM - 16, 10.5, INK)
    p.draw(shape(TEXT["issued"].format(date=format_date(issued, "en")), LTR), WIDTH / 2, BLOCKS_BOTTOM - 31, 10.5,
           INK)
    # Each side's signatory in the place it has on the Persian and Arabic page: the first side on the right.
    places = (WIDTH - MARGIN - BLOCK_WIDTH / 4, MARGIN + BLOCK_WIDTH / 4)
    for side, x_centre in zip(sorted(sides, key=lambda s: s.id), places, strict=False):
        block = signatures.get(side.id)
        lines = []
        if block is not None:
            name = block.name.get("en") or block.name.get("fa") or block.name.get("ar") or ""
            post = block.post.get("en") or block.post.get("fa") or block.post.get("ar") or ""
            lines = [(name, 9.5, INK), (post, 8.5, INK), (pick(side, "organisation", "en"), 7.5, MUTED)]
        signature_block(p, block, x_centre, SIGNATURES_Y, lines, LTR, TEXT["sign_here"])
    qr(c, url, WIDTH / 2 - QR_SIZE / 2, 62, QR_SIZE)
    p.draw(certificate.number, WIDTH / 2, 48, 10.5, INK)
    p.draw(url, WIDTH / 2, 34, 6.5, MUTED)
    if not certificate.valid:
        watermark(p, [TEXT["revoked"]])
    c.showPage()
