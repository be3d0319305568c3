"""The trainee import with random files and rows: a table of judged rows or a clear refusal, never a crash."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coordinator.auth.models import User
from coordinator.extensions import db
from coordinator.trainees import importing as ti

SETTINGS = settings(max_examples=60, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
MARKS = "\u200f\u200e\u061c\u200c"
CELL = st.one_of(
    st.text(st.sampled_from(list("0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩/-. ") + list(MARKS)), max_size=14),
    st.sampled_from(["f", "m", "زن", "مرد", "أنثى", "ذكر", "KHZ", "MSN", "khz", "secondary", "diploma", "",
                     "1380/05/12", "۱۳۸۰/۰۵/۱۲", "2001-08-03", "٢٠٠١/٠٨/٠٣", "1380/12/30", "2001/02/29",
                     "=cmd|' /C calc'!A0", "@SUM(1+1)", "<b>x</b>", "x" * 600]),
    st.text(max_size=30),
)
ROW = st.lists(CELL, min_size=0, max_size=len(ti.COLUMNS) + 2)


def as_csv(rows, header=ti.COLUMNS, delimiter=",") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def judge(filename: str, data: bytes, user) -> None:
    try:
        lines = ti.read_table(filename, data)
    except ti.ImportRefused as exc:
        assert str(exc.message)
        return
    rows = ti.check_rows(lines, user)
    assert len(rows) == len(lines)
    for row in rows:
        assert all(str(message) for _column, message in row.errors)
        assert set(ti.COLUMNS) <= set(row.shown) <= set(ti.ALL_COLUMNS)


@pytest.fixture
def admin(app_ctx, users):
    return db.session.get(User, users["admin"].id)


@SETTINGS
@given(rows=st.lists(ROW, max_size=8), delimiter=st.sampled_from([",", ";"]))
def test_random_csv_rows_are_judged_row_by_row(admin, rows, delimiter):
    judge("trainees.csv", as_csv(rows, delimiter=delimiter), admin)


@SETTINGS
@given(header=st.lists(st.one_of(st.sampled_from(ti.COLUMNS), st.text(max_size=12)), max_size=12),
       rows=st.lists(ROW, max_size=3))
def test_random_headers_are_refused_with_a_message_or_read(admin, header, rows):
    judge("trainees.csv", as_csv(rows, header=header), admin)


@SETTINGS
@given(data=st.binary(max_size=2000), name=st.sampled_from(["t.csv", "t.xlsx", "t.xls", "t.txt", "t"]))
def test_random_bytes_are_refused_cleanly(admin, data, name):
    judge(name, data, admin)


@settings(max_examples=15, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=st.lists(st.lists(st.one_of(CELL, st.integers(-10**6, 10**6), st.floats(allow_nan=True), st.none(),
                                        st.dates()), max_size=len(ti.COLUMNS)), max_size=5))
def test_random_workbook_cells_are_judged(admin, rows):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(list(ti.COLUMNS))
    for row in rows:
        # openpyxl refuses control characters in cells: a real Excel file cannot hold them either.
        book.active.append([c if not isinstance(c, str) else "".join(ch for ch in c if ch >= " ") for c in row])
    out = io.BytesIO()
    book.save(out)
    judge("trainees.xlsx", out.getvalue(), admin)
