"""Excel workbooks of tables, right-to-left for Persian and Arabic readers.

Dates are real date cells (sortable, filterable) shown in the reader's order: the Persian calendar for Persian
readers (Excel's calendar type 16), day/month/year for Arabic readers, ISO for English. The header row is frozen
and carries a filter button on every column."""

from __future__ import annotations

import io
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

DATE_FORMATS = {"fa": "[$-fa-IR,16]yyyy/mm/dd;@", "ar": "dd/mm/yyyy", "en": "yyyy-mm-dd"}
DATE_WIDTH = 12


def _safe(value):
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return value


def _as_text(cell) -> None:
    """Spreadsheet programs run text that starts with = + - @ as a formula: keep such text plain text."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True


@dataclass
class Sheet:
    """One table: `hidden` lists the 0-based columns kept for machines (keys) but hidden from readers; `note`
    is a line above the header (the period)."""
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence]
    hidden: Collection[int] = ()
    note: str = ""


def workbook(title: str, headers: Sequence[str], rows: Iterable[Sequence], rtl: bool = True, *,
             lang: str | None = None, hidden: Collection[int] = (), note: str = "") -> bytes:
    """One sheet: an optional note line, the header row (frozen, with filters), then the rows. `lang` picks
    the date format (by default Persian when right-to-left, else English)."""
    return workbook_of_sheets([Sheet(title, headers, rows, hidden, note)], rtl, lang=lang)


def workbook_of_sheets(sheets: Iterable[Sheet | tuple], rtl: bool = True, *, lang: str | None = None) -> bytes:
    """A workbook with one sheet per `Sheet` (or (title, headers, rows)), in that order."""
    lang = lang or ("fa" if rtl else "en")
    date_format = DATE_FORMATS.get(lang, DATE_FORMATS["en"])
    book = Workbook()
    for index, sheet_spec in enumerate(sheets):
        spec = sheet_spec if isinstance(sheet_spec, Sheet) else Sheet(*sheet_spec)
        sheet = book.active if index == 0 else book.create_sheet()
        _fill(sheet, spec, rtl, date_format)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _fill(sheet, spec: Sheet, rtl: bool, date_format: str) -> None:
    headers = spec.headers
    sheet.title = (spec.title or "Sheet")[:31]
    sheet.sheet_view.rightToLeft = rtl
    if spec.note:
        sheet.append([spec.note])
        sheet.cell(1, 1).font = Font(bold=True)
    header_row = sheet.max_row + 1 if spec.note else 1
    sheet.append([str(h) for h in headers])
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    widths = [len(str(h)) for h in headers]
    for row in spec.rows:
        values = [_safe(v) for v in row]
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, (date, datetime)):
                cell.number_format = date_format
            else:
                _as_text(cell)
        for i, value in enumerate(values):
            size = DATE_WIDTH if isinstance(value, (date, datetime)) else min(len(str(value or "")), 60)
            widths[i] = max(widths[i], size)
    for i, width in enumerate(widths, start=1):
        dimension = sheet.column_dimensions[get_column_letter(i)]
        dimension.width = width + 2
        dimension.hidden = (i - 1) in spec.hidden
    if headers:
        sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(headers))}{sheet.max_row}"
    sheet.freeze_panes = f"A{header_row + 1}"
