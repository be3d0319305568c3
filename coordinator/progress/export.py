"""The progress figures as an Excel sheet: one line per figure, then one per breakdown row."""

from __future__ import annotations

from flask_babel import gettext as _

from ..reports.excel import workbook
from ..viewer import format_day, viewer_lang
from .model import ProgressReport


def workbook_of(report: ProgressReport) -> bytes:
    """Headers and labels in the viewer's language; numbers stay numbers (formula-safe text via the helper).

    The period is a line above the table; the last column keeps each figure's machine key (for comparisons
    between workbooks) but is hidden: readers see only translated labels."""
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
    return workbook(_("Progress figures"), headers, rows, rtl=viewer_lang() != "en", lang=viewer_lang(),
                    hidden=(4,), note=title)
