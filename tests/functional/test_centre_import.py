"""Centres and private institutes in bulk: Persian/Arabic headers, preview then confirm, a bad row (unknown
kind, expired licence) keeps the whole file out with the row's reason."""

from __future__ import annotations

import html as html_module
import io
from datetime import date

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from coordinator.catalog.models import Centre
from coordinator.extensions import db

HEADER = "طرف,نوع,نام فارسی,نام عربی,شهر,شهر عربی,شماره مجوز,اعتبار مجوز تا,اعتبارسنجی\n"
GOOD = HEADER + ("KHZ,آزاد,آموزشگاه آزاد کارون,معهد كارون الأهلي,اهواز,الأهواز,KH-77,1410/01/01,دارد\n"
                 "MSN,حكومي,مرکز آموزش حرفه‌ای قلعه صالح,مركز قلعة صالح المهني,قلعه صالح,قلعة صالح,,,\n")


@pytest.fixture
def admin(users, login):
    login("admin")


def centres(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Centre))


def upload(client, name, data):
    return client.post("/admin/centres/import", data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_preview_then_confirm_imports_every_row(app, client, admin, sides):
    preview = upload(client, "centres.csv", GOOD.encode())
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "آموزشگاه آزاد کارون" in html and "مركز قلعة صالح المهني" in html
    assert centres(app) == 0  # a preview saves nothing
    cells = html.split('name="cells" value="', 1)[1].split('"', 1)[0]
    done = client.post("/admin/centres/import/confirm", data={"cells": html_module.unescape(cells)})
    assert done.status_code == 302
    with app.app_context():
        institute = db.session.scalar(select(Centre).where(Centre.licence_number == "KH-77"))
        assert (institute.kind, institute.accreditation, institute.side_id) == ("private", "accredited",
                                                                                sides["KHZ"].id)
        assert institute.licence_valid_until == date(2031, 3, 21)  # 1 Farvardin 1410
        assert db.session.scalar(select(Centre.kind).where(Centre.name_ar == "مركز قلعة صالح المهني")) == \
            "government"


def test_unknown_kind_and_expired_licence_keep_the_file_out(app, client, admin, sides):
    bad = HEADER + ("KHZ,کارخانه,مرکز الف,مركز أ,اهواز,الأهواز,,,\n"
                    "KHZ,آزاد,آموزشگاه ب,معهد ب,اهواز,الأهواز,KH-1,2020/01/01,دارد\n"
                    "KHZ,دولتی,مرکز ج,مركز ج,اهواز,الأهواز,,,\n")
    response = upload(client, "centres.csv", bad.encode())
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "کارخانه" in html and 'name="cells"' not in html
    assert "مجوز" in html  # the expired licence row says so (Persian page)
    # A forged confirmation with the same cells is judged again and refused.
    forged = client.post("/admin/centres/import/confirm", data={
        "cells": '[[2, {"side": "KHZ", "kind": "آزاد", "name_fa": "ب", "name_ar": "ب", "city_fa": "x", '
                 '"city_ar": "y", "licence_number": "K", "licence_valid_until": "2020/01/01"}]]'})
    assert forged.status_code == 400
    assert centres(app) == 0


def test_an_excel_workbook_with_arabic_headers(app, client, admin, sides):
    book = Workbook()
    sheet = book.active
    sheet.append(["الجانب", "النوع", "الاسم بالفارسية", "الاسم بالعربية", "المدينة بالفارسية", "المدينة بالعربية"])
    sheet.append(["ميسان", "مهني", "مرکز میمونه", "مركز الميمونة", "میمونه", "الميمونة"])
    data = io.BytesIO()
    book.save(data)
    response = upload(client, "centres.xlsx", data.getvalue())
    assert response.status_code == 200 and "مركز الميمونة" in response.get_data(as_text=True)
    assert upload(client, "centres.txt", b"x").status_code == 400
