"""The progress figures as an Excel sheet: one line per figure, then one per breakdown row; a second sheet
holds plan against actual."""

from __future__ import annotations

from flask_babel import gettext as _

from ..reports.excel import Sheet, workbook_of_sheets
from ..viewer import format_day, viewer_lang
from .model import ProgressReport


def workbook_of(report: ProgressReport, plan=None) -> bytes:
    """Headers and labels in the viewer's language; numbers stay numbers (formula-safe text via the helper).

    The period is a line above the table; the last column keeps each figure's machine key (for comparisons
    between workbooks) but is hidden: readers see only translated labels. With a plan, a second sheet holds
    plan against actual."""
    period = report.period
    rows = []
    for section in report.sections:
        for fig in section.figures:
            rows.append((str(section.title), str(fig.label), "", fig.value, fig.key))
        for breakdown in section.breakdowns:
            figure_label = str(report.figure(breakdown.key.rsplit(".", 1)[0]).label)
            for row in breakdown.rows:
                rows.append((str(section.title), f"{figure_label} — {breakdown.label}", str(row.label), row.value,
                             row.key))
    title = _("Progress %(start)s to %(end)s", start=format_day(period.start, "short"),
              end=format_day(period.end, "short"))
    headers = [_("Area"), _("Figure"), _("Breakdown"), _("Value"), _("Key")]
    sheets = [Sheet(_("Progress figures"), headers, rows, hidden=(4,), note=title)]
    if plan is not None:
        sheets.append(plan_sheet(plan))
    return workbook_of_sheets(sheets, rtl=viewer_lang() != "en", lang=viewer_lang())


def plan_sheet(plan) -> Sheet:
    """Plan / actual / % per side and figure, behind plan first (as on the dashboard); shares in per cent."""
    headers = [_("Side"), _("Figure"), _("Plan"), _("Actual"), _("Percent of plan"), _("Behind plan"), _("Key")]
    rows = [(str(r.side.name), str(r.label), r.target_shown, r.actual.quantize(r.target_shown) if r.kind == "share"
             else r.actual, r.percent, _("Yes") if r.behind else "", r.key) for r in plan.rows]
    return Sheet(_("Plan against actual"), headers, rows, hidden=(6,))
