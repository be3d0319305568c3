"""Excel workbooks of tables, right-to-left for Persian and Arabic readers."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value):
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return value


def _as_text(cell) -> None:
    """Spreadsheet programs run text that starts with = + - @ as a formula: keep such text plain text."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True


def workbook(title: str, headers: Sequence[str], rows: Iterable[Sequence], rtl: bool = True) -> bytes:
    return workbook_of_sheets([(title, headers, rows)], rtl)


def workbook_of_sheets(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence]]], rtl: bool = True) -> bytes:
    """A workbook with one sheet per (title, headers, rows), in that order."""
    book = Workbook()
    for index, (title, headers, rows) in enumerate(sheets):
        sheet = book.active if index == 0 else book.create_sheet()
        _fill(sheet, title, headers, rows, rtl)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _fill(sheet, title: str, headers: Sequence[str], rows: Iterable[Sequence], rtl: bool) -> None:
    sheet.title = (title or "Sheet")[:31]
    sheet.sheet_view.rightToLeft = rtl
    sheet.append([str(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(str(h)) for h in headers]
    for row in rows:
        values = [_safe(v) for v in row]
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            _as_text(cell)
        for i, value in enumerate(values):
            text = value.isoformat() if isinstance(value, (date, datetime)) else str(value or "")
            widths[i] = max(widths[i], min(len(text), 60))
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width + 2
    sheet.freeze_panes = "A2"
