"""The meeting report as a PDF: Persian, Arabic or English alone, or Persian and Arabic side by side.

Managers of both sides sign and file it, so it is generated from the records: attendees, agenda with
minutes and decisions, action items, and the progress figures since the previous meeting (the same
service as the dashboard, so the numbers agree).
"""

from __future__ import annotations

import io
from datetime import date

from flask_babel import force_locale, pgettext
from flask_babel import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, Image, PageTemplate, Spacer, Table, TableStyle
from sqlalchemy import select

from ...catalog.models import Side
from ...extensions import db
from ...l10n.digits import localize_digits
from ...l10n.locales import babel_locale
from ...plan.budget import period_totals
from ...reports import fonts
from ...reports.pdf_layout import MUTED, SMALL, Text, numbered_canvas, register_fonts, story, width_of
from ...viewer import side_today
from ..models import ActionItem
from ..services import plan_for, progress_since_previous
from . import sections
from .sections import ReportData, label_in

LANGS = ("fa", "ar", "en", "bilingual")
PAGE = A4
MARGIN = 16 * mm
FOOTER_Y = 9 * mm
GUTTER = 16
SECTIONS = (
    sections.header,
    sections.details,
    sections.attendees,
    sections.agenda,
    sections.actions,
)


def _columns(lang: str) -> tuple[str, ...]:
    return ("fa", "ar") if lang == "bilingual" else (lang,)


def load_data(meeting, *, today: date | None = None, progress=None) -> ReportData:
    """Everything the report shows; `progress` defaults to the figures since the previous meeting."""
    sides = list(db.session.scalars(select(Side).where(Side.active.is_(True)).order_by(Side.id)))
    if meeting.host_side not in sides:
        sides.append(meeting.host_side)
    sides.sort(key=lambda s: s.id != meeting.host_side_id)  # the host side first
    if today is None:
        today = side_today(meeting.host_side)
    actions = list(db.session.scalars(
        select(ActionItem).where(ActionItem.meeting_id == meeting.id).order_by(ActionItem.due_on, ActionItem.id)))
    if progress is None:
        _period, progress = progress_since_previous(meeting)
    plan = plan_for(progress.period) if progress is not None else None
    budget = period_totals(progress.period.start, progress.period.end) if progress is not None else []
    return ReportData(meeting=meeting, sides=sides, today=today, actions=actions, progress=progress, plan=plan,
                      budget=budget)


def _charts(data: ReportData, lang: str, width: float) -> list:
    """The progress charts in one language, as images; a chart with nothing to show is left out."""
    report = data.progress
    if report is None:
        return []
    from ...reports import charts  # matplotlib is loaded when the first chart is drawn, not when the app starts

    found = []

    def breakdown(key):
        try:
            return report.breakdown(key)
        except StopIteration:
            return None

    def figure_label(key, default):
        figure = next((f for f in report.all_figures() if f.key == key), None)
        return label_in(figure.label, lang) if figure is not None else default

    # The series are named as the dashboard names the figures, so the two read alike.
    enrolled, certified = breakdown("trainees.enrolled.by_side"), breakdown("trainees.certified.by_side")
    if enrolled is not None and certified is not None and (enrolled.total or certified.total):
        by_side = {r.key.rsplit(".", 1)[1]: r.value for r in certified.rows}
        found.append(charts.bar_chart(
            [label_in(r.label, lang) for r in enrolled.rows],
            [charts.Series(figure_label("trainees.enrolled", _("Enrolled")), tuple(r.value for r in enrolled.rows)),
             charts.Series(figure_label("trainees.certified", ""),
                           tuple(by_side.get(r.key.rsplit(".", 1)[1], 0) for r in enrolled.rows))],
            lang, title=_("Trainees by side")))
    days = breakdown("exchanges.trainer_days.by_dir")
    if days is not None and days.total:
        found.append(charts.bar_chart(
            [label_in(r.label, lang) for r in days.rows],
            [charts.Series(figure_label("exchanges.trainer_days", _("Trainer-days")),
                           tuple(r.value for r in days.rows))],
            lang, title=_("Trainer-days by direction")))
    # i18n: bars of a chart of action items (Arabic: a non-human plural, feminine)
    bars = {"action_items.closed": pgettext("action items", "Closed"),
            "action_items.open": pgettext("action items", "Open"),
            "action_items.overdue": pgettext("action items", "Overdue")}
    figures = [f for f in report.all_figures() if f.key in bars]
    if any(f.value for f in figures):
        found.append(charts.bar_chart([bars[f.key] for f in figures],
                                      [charts.Series(_("Action items"), tuple(f.value for f in figures))], lang,
                                      title=_("Action items")))
    per_row = 2 if width > 400 else 1
    chart_width = (width - 8 * (per_row - 1)) / per_row
    images = [Image(io.BytesIO(png), width=chart_width, height=chart_width * 2.3 / 3.6) for png in found]
    if per_row == 1 or len(images) < 2:
        return images
    rows = [images[i:i + 2] + [""] * (2 - len(images[i:i + 2])) for i in range(0, len(images), 2)]
    if lang in ("fa", "ar"):
        rows = [list(reversed(r)) for r in rows]
    return [Table(rows, colWidths=[chart_width + 4] * 2,
                  style=TableStyle([("FONT", (0, 0), (-1, -1), fonts.REGULAR), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                     ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))]


def _blocks(data: ReportData, lang: str, width: float) -> list[list]:
    """All blocks of one language's column, in order."""
    with force_locale(babel_locale(lang)):
        blocks = []
        for section in SECTIONS:
            blocks += section(data, lang, width)
        blocks += sections.progress_tables(data, lang, width)
        blocks += sections.plan_table(data, lang, width)
        blocks += sections.budget_table(data, lang, width)
        images = _charts(data, lang, width)
        if images:
            blocks.append([Spacer(1, 4), *images])
        blocks += sections.signatures(data, lang, width)
        return blocks


def _footer(lang: str):
    """Draws "page X of Y" in each column's language and digits at the foot of every page."""
    templates = {}
    for code in _columns(lang):
        with force_locale(babel_locale(code)):
            templates[code] = _("Page %(page)s of %(pages)s")
    width = PAGE[0]

    def draw(canvas, page: int, pages: int) -> None:
        canvas.saveState()
        canvas.setFillColor(MUTED)
        positions = {"fa": width * 0.75, "ar": width * 0.25} if lang == "bilingual" else {lang: width / 2}
        for code, x in positions.items():
            text = templates[code] % {"page": localize_digits(str(page), code),
                                      "pages": localize_digits(str(pages), code)}
            flowable = Text(text, SMALL.but(colour=MUTED, align="centre"), code)
            box = width_of(text, SMALL.size) + 40
            flowable.wrap(box, 20)
            flowable.drawOn(canvas, x - box / 2, FOOTER_Y)
        canvas.restoreState()

    return draw


def build_meeting_report(meeting, lang: str = "bilingual", *, today: date | None = None, progress=None) -> bytes:
    """The report as PDF bytes; lang is "fa", "ar", "en" or "bilingual" (Persian and Arabic side by side)."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    register_fonts()
    data = load_data(meeting, today=today, progress=progress)
    buffer = io.BytesIO()
    width, height = PAGE
    doc = BaseDocTemplate(
        buffer, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN,
        title=f"{meeting.name_fa} / {meeting.name_ar}", author="Coordinator", creator="Coordinator",
        subject=" / ".join(s.organisation_en or s.organisation_fa for s in data.sides),
        lang={"bilingual": "fa"}.get(lang, lang), initialFontName=fonts.REGULAR,
    )
    frame = Frame(MARGIN, MARGIN, width - 2 * MARGIN, height - 2 * MARGIN, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    flowables = story(lambda language, width: _blocks(data, language, width), lang, frame._aW, GUTTER)
    doc.build(flowables, canvasmaker=numbered_canvas(_footer(lang)))
    return buffer.getvalue()
