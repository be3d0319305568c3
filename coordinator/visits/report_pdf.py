"""The visit report as a PDF: Persian and Arabic side by side (or one language), drawn from the records:
the visit, its places, programme, delegation, lessons and follow-ups, then its photos (report_photos). The
layout pieces (shaped right-to-left text, tables laid out in reading order, page numbers) are the meeting
report's, from reports.pdf_layout."""

from __future__ import annotations

import io

from flask_babel import force_locale
from flask_babel import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from ..l10n.calendars import format_date
from ..l10n.digits import localize_digits
from ..l10n.locales import babel_locale, pick
from ..reports import fonts
from ..reports.pdf_layout import (
    ALERT,
    BODY,
    CENTRED,
    HEADING,
    MUTED,
    SMALL,
    SUBHEADING,
    TITLE,
    Rule,
    Text,
    grid,
    numbered_canvas,
    register_fonts,
    story,
    width_of,
)
from .models import Visit
from .report_photos import photo_flowables

LANGS = ("fa", "ar", "en", "bilingual")
PAGE = A4
MARGIN = 16 * mm
GUTTER = 16


def _days(visit: Visit, value, lang: str) -> str:
    """A day in each side's own calendar: Jalali for Iran, Gregorian with Iraqi month names for Iraq."""
    shown = []
    for side in (visit.host_side, visit.guest_side):
        text = format_date(value, "fa" if side.calendar == "jalali" else "ar", "long")
        if text not in shown:
            shown.append(text)
    if lang == "en":
        shown.insert(0, format_date(value, "en", "long"))
    return " / ".join(shown)


def _header(visit: Visit, lang: str, width: float) -> list[list]:
    block = [Text(pick(s, "organisation", lang), CENTRED, lang) for s in (visit.host_side, visit.guest_side)]
    block += [Rule(space=3), Text(_("Study visit report"), CENTRED.but(size=10.5, colour=MUTED), lang),
              Text(visit.name_in(lang), TITLE, lang)]
    if visit.status != "reported":
        block.append(Text(_("Draft: the visit is “%(status)s”; this report may still change.",
                            status=visit.status_label), CENTRED.but(colour=ALERT), lang))
    return [block]


def _details(visit: Visit, lang: str, width: float) -> list[list]:
    rows = [
        [_("Host side"), visit.host_side.name_in(lang)],
        [_("Visiting side"), visit.guest_side.name_in(lang)],
        [_("First day"), _days(visit, visit.starts_on, lang)],
        [_("Last day"), _days(visit, visit.ends_on, lang)],
        [_("Status"), str(visit.status_label)],
    ]
    purpose = pick(visit, "purpose", lang if lang != "en" else None)
    if purpose:
        rows.append([_("Purpose"), purpose])
    if visit.host_contacts:
        rows.append([_("Host contacts"), visit.host_contacts])
    cells = [[Text(label, SMALL.but(colour=MUTED), lang), Text(value, SMALL, lang)] for label, value in rows]
    return [[grid(cells, [width * 0.26, width * 0.74], lang, header=False)]]


def _places(visit: Visit, lang: str, width: float) -> list[list]:
    block: list = [Text(_("Places visited"), HEADING, lang)]
    if not visit.places:
        return [[*block, Text(_("No places were recorded."), BODY.but(colour=MUTED), lang)]]
    block += [Text(f"• {p.name_in(lang)} ({p.kind_label})", BODY, lang) for p in visit.places]
    return [block]


def _programme(visit: Visit, lang: str, width: float) -> list[list]:
    block: list = [Text(_("Programme, day by day"), HEADING, lang)]
    if not visit.days:
        return [[*block, Text(_("No programme was recorded."), BODY.but(colour=MUTED), lang)]]
    rows = [[_("Day"), _("Programme")]]
    rows += [[format_date(d.day, lang, "weekday"), d.text_in(lang)] for d in visit.days]
    block.append(grid(rows, [width * 0.3, width * 0.7], lang))
    return [block]


def _delegation(visit: Visit, lang: str, width: float) -> list[list]:
    block: list = [Text(_("Delegation"), HEADING, lang)]
    if not visit.delegates:
        return [[*block, Text(_("No one in the delegation yet."), BODY.but(colour=MUTED), lang)]]
    rows = [[_("Name"), _("Post"), _("Side")]]
    for d in visit.delegates:
        name = pick(d.traveller, "name", lang)
        if d.heads:
            name = f"{name} ({_('Head of the delegation')})"
        rows.append([name, pick(d, "post", lang), d.traveller.side.name_in(lang)])
    block.append(grid(rows, [width * 0.4, width * 0.35, width * 0.25], lang))
    return [block]


def _lessons(visit: Visit, lang: str, width: float) -> list[list]:
    blocks: list[list] = [[Text(_("What was learned"), HEADING, lang)]]
    if not visit.lessons:
        blocks[0].append(Text(_("No topics written yet."), BODY.but(colour=MUTED), lang))
        return blocks
    for number, lesson in enumerate(visit.lessons, start=1):
        block: list = [Text(f"{localize_digits(str(number), lang)}. {lesson.topic_in(lang)}", SUBHEADING, lang)]
        if lesson.observations:
            block += [Text(_("Observations"), SMALL.but(bold=True), lang), Text(lesson.observations, BODY, lang)]
        if lesson.practices:
            block += [Text(_("Practices to adopt"), SMALL.but(bold=True), lang), Text(lesson.practices, BODY, lang)]
        block.append(Text(_("Follow-ups"), SMALL.but(bold=True), lang))
        if lesson.follow_ups:
            rows = [[_("Follow-up"), _("Owner"), _("Due date"), _("Status")]]
            rows += [[a.name_in(lang), f"{a.owner.display_name} ({a.side.name_in(lang)})",
                      format_date(a.due_on, lang, "short"), str(a.status_label)] for a in lesson.follow_ups]
            block.append(grid(rows, [width * 0.33, width * 0.27, width * 0.21, width * 0.19], lang))
        else:
            block.append(Text(_("No follow-ups."), SMALL.but(colour=MUTED), lang))
        blocks.append(block)
    return blocks


SECTIONS = (_header, _details, _places, _programme, _delegation, _lessons)


def _blocks(visit: Visit, lang: str, width: float) -> list[list]:
    with force_locale(babel_locale(lang)):
        blocks = []
        for section in SECTIONS:
            blocks += section(visit, lang, width)
        return blocks


def _footer(lang: str):
    codes = ("fa", "ar") if lang == "bilingual" else (lang,)
    templates = {}
    for code in codes:
        with force_locale(babel_locale(code)):
            templates[code] = _("Page %(page)s of %(pages)s")
    width = PAGE[0]

    def draw(canvas, page: int, pages: int) -> None:
        canvas.saveState()
        positions = {"fa": width * 0.75, "ar": width * 0.25} if lang == "bilingual" else {lang: width / 2}
        for code, x in positions.items():
            text = templates[code] % {"page": localize_digits(str(page), code),
                                      "pages": localize_digits(str(pages), code)}
            flowable = Text(text, SMALL.but(colour=MUTED, align="centre"), code)
            box = width_of(text, SMALL.size) + 40
            flowable.wrap(box, 20)
            flowable.drawOn(canvas, x - box / 2, 9 * mm)
        canvas.restoreState()

    return draw


def build_visit_report(visit: Visit, lang: str = "bilingual") -> bytes:
    """The report as PDF bytes; lang is "fa", "ar", "en" or "bilingual" (Persian and Arabic side by side)."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    register_fonts()
    buffer = io.BytesIO()
    width, height = PAGE
    doc = BaseDocTemplate(buffer, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                          bottomMargin=MARGIN, title=f"{visit.name_fa} / {visit.name_ar}", author="Coordinator",
                          creator="Coordinator", lang={"bilingual": "fa"}.get(lang, lang),
                          initialFontName=fonts.REGULAR)
    frame = Frame(MARGIN, MARGIN, width - 2 * MARGIN, height - 2 * MARGIN, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    flowables = story(lambda language, width: _blocks(visit, language, width), lang, frame._aW, GUTTER)
    flowables += photo_flowables(visit, lang, frame._aW, frame._aH)
    doc.build(flowables, canvasmaker=numbered_canvas(_footer(lang)))
    return buffer.getvalue()
