"""The group list a trainee group shows at the border crossing: Persian on the right, Arabic on the left, the
travellers in one table (names as recorded and as in the passport, father's name, passport or ID number,
nationality), page numbers at the foot.

Fixed Persian and Arabic wording (not gettext), like the invitation letter: the list is read by both sides'
border officers whatever the language of the person who prints it. `data` is exchanges.group_trips.GroupListData.
"""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Spacer

from ..l10n.calendars import format_date
from ..l10n.digits import localize_digits
from . import fonts
from .pdf_layout import BODY, HEADING, SMALL, TITLE, Pair, Rule, Text, grid, numbered_canvas, register_fonts
from .rtl import ltr

MARGIN = 14 * mm

TEXT = {
    "fa": {
        "heading": "فهرست کارآموزان برای عبور از مرز",
        "course": "دوره مشترک: {course} (کد {code})",
        "host": "میزبان: {centre}، {host}",
        "side": "گروه اعزامی: {side} ({home})",
        "crossing": "گذرگاه مرزی: {crossing}",
        "dates": "رفت: {out} ساعت {time} — برگشت: {back}",
        "escort": "سرپرست گروه: {escort}",
        "count": "تعداد: {count} نفر",
    },
    "ar": {
        "heading": "قائمة المتدربين لعبور الحدود",
        "course": "الدورة المشتركة: {course} (الرمز {code})",
        "host": "الجهة المضيفة: {centre}، {host}",
        "side": "المجموعة الموفدة: {side} ({home})",
        "crossing": "المنفذ الحدودي: {crossing}",
        "dates": "الذهاب: {out} الساعة {time} — العودة: {back}",
        "escort": "مرافق المجموعة: {escort}",
        "count": "العدد: {count} شخصاً",
    },
}
# A study visit's delegation: the lines that differ from a course's trainee group (no centre, code or hour).
VISIT_TEXT = {
    "fa": {
        "heading": "فهرست اعضای هیئت برای عبور از مرز",
        "course": "بازدید علمی: {course}",
        "host": "میزبان: {host}",
        "side": "هیئت اعزامی: {side} ({home})",
        "dates": "از {out} تا {back}",
        "escort": "رئیس هیئت: {escort}",
    },
    "ar": {
        "heading": "قائمة أعضاء الوفد لعبور الحدود",
        "course": "الزيارة العلمية: {course}",
        "host": "الجهة المضيفة: {host}",
        "side": "الوفد الزائر: {side} ({home})",
        "dates": "من {out} إلى {back}",
        "escort": "رئيس الوفد: {escort}",
    },
}
# Column heads in reading order (right to left on the page): both languages, the Latin one where officers read it.
HEADS = ("ردیف / ت", "نام / الاسم", "Name as in passport", "نام پدر / اسم الأب",
         "گذرنامه یا شناسه / الجواز أو الهوية", "تابعیت / الجنسية")


def _column(data, lang: str) -> list:
    t = TEXT[lang] | (VISIT_TEXT[lang] if data.purpose == "visit" else {})
    return [
        Text(t["heading"], HEADING, lang),
        Text(t["course"].format(course=data.course[lang], code=ltr(data.course_code)), BODY, lang),
        Text(t["host"].format(centre=data.centre[lang], host=data.host_country[lang]), BODY, lang),
        Text(t["side"].format(side=data.side[lang], home=data.home_country[lang]), BODY, lang),
        Text(t["crossing"].format(crossing=data.crossing[lang]), BODY, lang),
        Text(t["dates"].format(out=format_date(data.departure, lang), time=ltr(data.departure_time),
                               back=format_date(data.return_day, lang)), BODY, lang),
        Text(t["escort"].format(escort=data.escort), BODY, lang),
        Text(t["count"].format(count=localize_digits(str(len(data.rows)), lang)), BODY, lang),
    ]


def render_group_list(data) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    width, height = landscape(A4)
    doc = BaseDocTemplate(buffer, pagesize=(width, height), leftMargin=MARGIN, rightMargin=MARGIN,
                          topMargin=MARGIN, bottomMargin=MARGIN + 4 * mm, title=f"{data.course_code} group list",
                          author="Coordinator", creator="Coordinator", lang="fa", initialFontName=fonts.REGULAR)
    frame = Frame(MARGIN, MARGIN + 4 * mm, width - 2 * MARGIN, height - 2 * MARGIN - 4 * mm, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    usable = frame._aW
    widths = [14 * mm, 62 * mm, 52 * mm, 40 * mm, 48 * mm]
    widths.append(usable - sum(widths))
    rows = [[Text(head, SMALL.but(bold=True), "en" if head.isascii() else "fa") for head in HEADS]]
    for number, row in enumerate(data.rows, start=1):
        names = [Text(row.name_fa, SMALL, "fa")]
        if row.name_ar != row.name_fa:
            names.append(Text(row.name_ar, SMALL, "ar"))
        rows.append([
            Text(localize_digits(str(number), "fa"), SMALL, "fa"),
            names,
            Text(row.name_latin or "-", SMALL, "en"),
            Text(row.father or "-", SMALL, "fa"),
            Text((row.document or "-") + ("" if row.is_passport or not row.document else " (ID)"), SMALL, "en"),
            [Text(row.nationality["fa"], SMALL, "fa"), Text(row.nationality["ar"], SMALL, "ar")],
        ])
    story = [
        Text("فهرست گروه / قائمة المجموعة / Group list", TITLE, "fa"),
        Rule(),
        Pair(_column(data, "fa"), _column(data, "ar")),
        Spacer(1, 8),
        grid(rows, widths, "fa"),
    ]
    footer_text = f"{data.course_code}  {data.departure.isoformat()} - {data.return_day.isoformat()}"

    def footer(canvas, page, pages):
        canvas.setFont(fonts.REGULAR, 7.5)
        canvas.drawCentredString(width / 2, 8 * mm, f"{footer_text}  {page}/{pages}")

    doc.build(story, canvasmaker=numbered_canvas(footer))
    return buffer.getvalue()
