"""The Excel helper: date cells in each language's order, filters and frozen header, hidden key columns."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from coordinator.reports.excel import DATE_FORMATS, workbook


def _sheet(data: bytes):
    return load_workbook(io.BytesIO(data)).active


@pytest.mark.parametrize("lang, rtl", [("fa", True), ("ar", True), ("en", False)])
def test_dates_are_date_cells_in_the_readers_order(lang, rtl):
    sheet = _sheet(workbook("T", ["Name", "Day", "Key"], [("=1+1", date(2026, 12, 5), "a.b")], rtl, lang=lang))
    day = sheet["B2"]
    assert day.is_date and day.value == datetime(2026, 12, 5)
    assert day.number_format == DATE_FORMATS[lang]
    assert sheet["A2"].data_type == "s"  # formula-like text stays text
    assert sheet.sheet_view.rightToLeft is rtl
    assert sheet.auto_filter.ref == "A1:C2" and sheet.freeze_panes == "A2"


def test_note_above_the_table_and_hidden_columns():
    rows = [("x", 1, "k1"), ("y", 2, "k2")]
    sheet = _sheet(workbook("T", ["Name", "Value", "Key"], rows, note="Period", hidden=(2,)))
    assert sheet["A1"].value == "Period" and sheet["A2"].value == "Name"
    assert sheet.auto_filter.ref == "A2:C4" and sheet.freeze_panes == "A3"
    assert sheet.column_dimensions["C"].hidden and not sheet.column_dimensions["B"].hidden
