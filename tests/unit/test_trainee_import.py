"""The trainee import's reader: file types by content, header checks, rows, dates in either calendar."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import pytest

from coordinator.l10n.digits import InputError
from coordinator.trainees import importing as ti

HEADER = list(ti.COLUMNS)
ROW = ["فاطمه کعبی", "", "f", "KHZ", "", "1380/05/12", "secondary", "09161234567", ""]


def csv_bytes(rows, delimiter=",", bom=False) -> bytes:
    text = "\r\n".join(delimiter.join(row) for row in rows) + "\r\n"
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")


def xlsx_bytes(rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def refusal(filename, data) -> str:
    with pytest.raises(ti.ImportRefused) as caught:
        ti.read_table(filename, data)
    return str(caught.value.message)


@pytest.mark.parametrize("delimiter, bom", [(",", False), (",", True), (";", True), (";", False)])
def test_csv_with_comma_or_semicolon_with_or_without_bom(app_ctx, delimiter, bom):
    rows = ti.read_table("t.csv", csv_bytes([HEADER, ROW, ROW], delimiter, bom))
    assert [number for number, _cells in rows] == [2, 3]
    assert rows[0][1] == dict(zip(HEADER, ROW, strict=True))


def test_columns_may_come_in_any_order_and_case_and_blank_lines_are_skipped(app_ctx):
    header = [h.upper() for h in reversed(HEADER)]
    data = csv_bytes([[""] * 9, header, list(reversed(ROW)), [""] * 9, [" ", "", ""], list(reversed(ROW))])
    rows = ti.read_table("T.CSV", data)
    assert [number for number, _cells in rows] == [3, 6]  # the file's own line numbers
    assert rows[0][1]["name_fa"] == "فاطمه کعبی" and rows[1][1]["birth_date"] == "1380/05/12"


def test_short_rows_are_padded_and_quoted_cells_kept(app_ctx):
    data = csv_bytes([HEADER, ['"کعبی, فاطمه"', "", "f"]])
    [(_number, cells)] = ti.read_table("t.csv", data)
    assert cells["name_fa"] == "کعبی, فاطمه" and cells["national_id"] == ""


@pytest.mark.parametrize("header, expected", [
    (HEADER[:-1], "lacks these columns: national_id"),
    ([*HEADER, "email"], "columns the import does not know: email"),
    (["name", *HEADER[1:], "x"], "Missing columns: name_fa. Unknown columns: name, x."),
    ([*HEADER, "phone"], "appear more than once in the header row: phone"),
])
def test_wrong_header_is_one_message_naming_the_columns(app_ctx, header, expected):
    assert expected in refusal("t.csv", csv_bytes([header, ROW]))


def test_row_limit(app_ctx):
    assert len(ti.read_table("t.csv", csv_bytes([HEADER] + [ROW] * ti.MAX_ROWS))) == ti.MAX_ROWS
    assert "at most 2000 trainees" in refusal("t.csv", csv_bytes([HEADER] + [ROW] * (ti.MAX_ROWS + 1)))


def test_size_limit(app_ctx):
    data = csv_bytes([HEADER, ROW]) + b" " * ti.MAX_BYTES
    with pytest.raises(ti.ImportRefused) as caught:
        ti.read_table("t.csv", data)
    assert caught.value.status == 413 and "larger than 2 MB" in str(caught.value.message)


@pytest.mark.parametrize("data, kind", [
    (b"name_fa,name_ar\r\n", "csv"),
    ("\ufeffنام".encode(), "csv"),
    ("علي".encode("cp1256"), "text"),
    ("name".encode("utf-16"), "text"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", ""),
    (b"%PDF-1.7\n\x00\x01", ""),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "xls"),
    (b"PK\x03\x04" + bytes(100), ""),
])
def test_content_kind_is_judged_by_the_bytes(data, kind):
    assert ti.content_kind(data) == kind


def test_zip_that_is_not_a_workbook_and_a_damaged_workbook(app_ctx):
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w/>")
    assert ti.content_kind(docx.getvalue()) == ""
    assert "neither a CSV file nor an Excel workbook" in refusal("t.xlsx", docx.getvalue())
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("[Content_Types].xml", "not xml at all")
        archive.writestr("xl/workbook.xml", "<<<")
    assert ti.content_kind(broken.getvalue()) == "xlsx"
    assert "workbook could not be read" in refusal("t.xlsx", broken.getvalue())


def test_workbook_that_unpacks_to_too_much_is_refused(app_ctx, monkeypatch):
    monkeypatch.setattr(ti, "MAX_UNPACKED", 1024 * 1024)
    data = xlsx_bytes([HEADER, ROW] + [[f"{i:0>500}"] for i in range(3000)])
    assert len(data) < ti.MAX_BYTES
    assert "unpacks to more than 1 MB" in refusal("t.xlsx", data)


def test_workbook_cells_become_text(app_ctx):
    data = xlsx_bytes([
        HEADER,
        ["فاطمه", None, "f", "KHZ", None, datetime(2001, 8, 3), "secondary", 9161234567, 1234567890.0],
        ["مریم", None, "f", "KHZ", None, date(1999, 1, 2), "none", "+964 770", 12.5],
    ])
    (_n1, first), (_n2, second) = ti.read_table("t.xlsx", data)
    assert (first["birth_date"], first["phone"], first["national_id"], first["name_ar"]) == (
        "2001/08/03", "9161234567", "1234567890", "")
    assert (second["birth_date"], second["phone"], second["national_id"]) == ("1999/01/02", "+964 770", "12.5")


def test_only_the_first_sheet_is_read(app_ctx):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(HEADER)
    book.active.append(ROW)
    book.create_sheet("other").append(["x"])
    out = io.BytesIO()
    book.save(out)
    assert len(ti.read_table("t.xlsx", out.getvalue())) == 1


@pytest.mark.parametrize("text, expected", [
    ("1380/05/12", date(2001, 8, 3)),
    ("۱۳۸۰/۰۵/۱۲", date(2001, 8, 3)),
    ("١٣٨٠-٥-١٢", date(2001, 8, 3)),
    ("2001/08/03", date(2001, 8, 3)),
    ("2001.8.3", date(2001, 8, 3)),
    ("\u200e2000/02/29\u200e", date(2000, 2, 29)),
])
def test_import_dates_take_the_calendar_from_the_year(app_ctx, text, expected):
    assert ti.parse_import_date(text) == expected


@pytest.mark.parametrize("text", ["1850/01/01", "2200/01/01", "03/08/2001", "1380/13/01", "2001/02/29", "hello",
                                  "1380/05", "13800512"])
def test_import_dates_are_refused_rather_than_guessed(app_ctx, text):
    with pytest.raises(InputError):
        ti.parse_import_date(text)


def test_template_is_a_header_and_one_example_per_side():
    khz = ti.template_rows("KHZ", "rural_job_seekers")
    msn = ti.template_rows("MSN", "")
    assert khz.startswith("\ufeff" + ",".join(HEADER) + "\r\n") and ",KHZ,rural_job_seekers,1380/05/12," in khz
    assert ",MSN,,2001/03/15," in msn and len(msn.strip().splitlines()) == 2
