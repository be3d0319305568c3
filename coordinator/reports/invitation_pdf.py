"""The invitation letter for a visa: Persian on the right, Arabic on the left, the passport details in Latin
letters between, the number and the verification address at the foot.

The wording is fixed Persian and Arabic (not gettext), like the certificate: the letter prints both languages
whatever the language of the person who downloads it. `data` is exchanges.invitations.LetterData.
"""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Spacer

from ..l10n.calendars import format_date
from ..l10n.digits import localize_digits
from . import fonts
from .pdf_layout import BODY, CENTRED, HEADING, TITLE, Pair, Rule, Text, grid, numbered_canvas, register_fonts
from .rtl import ltr

MARGIN = 18 * mm

TEXT = {
    "fa": {
        "to": "به: سرکنسولگری محترم {host} در {home}",
        "subject": "موضوع: دعوت‌نامه برای صدور روادید",
        "body": ("احتراماً، {organisation} از {traveller}، تبعه {home}، دعوت می‌کند تا برای تدریس در دوره "
                 "مشترک «{course}» (کد {code}) در {centre} از {arrival} تا {departure} به {host} سفر کند. "
                 "خواهشمند است روادید لازم برای این مدت صادر شود."),
        "purpose": "هدف سفر: تدریس در دوره مشترک آموزش فنی و حرفه‌ای",
        "visit_body": ("احتراماً، {organisation} از {traveller}، تبعه {home}، دعوت می‌کند تا همراه هیئت "
                       "بازدید علمی «{course}» از {centre} و دیگر مراکز {host}، از {arrival} تا {departure} "
                       "به {host} سفر کند. خواهشمند است روادید لازم برای این مدت صادر شود."),
        "visit_purpose": "هدف سفر: بازدید علمی و تبادل تجربه در آموزش فنی و حرفه‌ای",
        "number": "شماره دعوت‌نامه: {number}",
        "date": "تاریخ: {date}",
    },
    "ar": {
        "to": "إلى: القنصلية العامة لـ{host} في {home} المحترمة",
        "subject": "الموضوع: دعوة لغرض منح تأشيرة",
        "body": ("تحية طيبة، تدعو {organisation} السيد/السيدة {traveller}، من مواطني {home}، إلى السفر إلى {host} "
                 "للتدريب في الدورة المشتركة «{course}» (الرمز {code}) في {centre} من {arrival} إلى {departure}. "
                 "نرجو منح التأشيرة اللازمة لهذه المدة."),
        "purpose": "الغرض من السفر: التدريب في دورة مشتركة للتدريب التقني والمهني",
        "visit_body": ("تحية طيبة، تدعو {organisation} السيد/السيدة {traveller}، من مواطني {home}، إلى السفر إلى "
                       "{host} ضمن وفد الزيارة العلمية «{course}» إلى {centre} وسائر مراكز {host} من {arrival} "
                       "إلى {departure}. نرجو منح التأشيرة اللازمة لهذه المدة."),
        "visit_purpose": "الغرض من السفر: زيارة علمية وتبادل الخبرات في التدريب التقني والمهني",
        "number": "رقم الدعوة: {number}",
        "date": "التاريخ: {date}",
    },
}
LATIN = ("Name as in passport", "Passport number", "Passport valid until", "Invitation number")


def _column(data, lang: str) -> list:
    t = TEXT[lang]
    # A study visit's delegate is invited with the visit's own wording (no course code).
    prefix = "visit_" if getattr(data, "purpose", "course") == "visit" else ""
    body = t[f"{prefix}body"].format(
        organisation=data.host_organisation[lang], traveller=data.traveller[lang], home=data.home_country[lang],
        host=data.host_country[lang], course=data.course[lang], code=ltr(data.course_code),
        centre=data.centre[lang], arrival=format_date(data.arrival, lang), departure=format_date(data.departure, lang))
    return [
        Text(data.host_organisation[lang], HEADING, lang),
        Text(t["number"].format(number=ltr(data.number)), BODY, lang),
        Text(t["date"].format(date=format_date(data.issued_on, lang)), BODY, lang),
        Text(t["to"].format(host=data.host_country[lang], home=data.home_country[lang]), BODY.but(space_before=8),
             lang),
        Text(t["subject"], BODY.but(bold=True, space_before=4), lang),
        Text(body, BODY.but(size=10.5, space_before=6), lang),
        Text(t[f"{prefix}purpose"], BODY.but(space_before=4), lang),
    ]


def render_invitation(data) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    width, height = A4
    doc = BaseDocTemplate(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                          bottomMargin=MARGIN, title=f"{data.number}", author="Coordinator", creator="Coordinator",
                          lang="fa", initialFontName=fonts.REGULAR)
    frame = Frame(MARGIN, MARGIN, width - 2 * MARGIN, height - 2 * MARGIN, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    latin_rows = [[LATIN[0], data.holder_name or "-"], [LATIN[1], data.passport_number],
                  [LATIN[2], data.passport_expires.isoformat() if data.passport_expires else "-"],
                  [LATIN[3], data.number]]
    story = [
        Text("دعوت‌نامه / رسالة دعوة / Letter of invitation", TITLE, "fa"),
        Rule(),
        Pair(_column(data, "fa"), _column(data, "ar")),
        Spacer(1, 10),
        grid(latin_rows, [60 * mm, frame._aW - 60 * mm], "en", header=False),
        Spacer(1, 14),
        Text(localize_digits("Verify: " + data.verify_url, "en"), CENTRED, "en"),
    ]

    def footer(canvas, page, pages):
        canvas.setFont(fonts.REGULAR, 7.5)
        canvas.drawCentredString(width / 2, 9 * mm, f"{data.number}  {page}/{pages}")

    doc.build(story, canvasmaker=numbered_canvas(footer))
    return buffer.getvalue()
