"""The trainee import reads Persian and Arabic headings and values (side, gender, target group, education as
people write them), not only the template's English codes; a heading in another language is refused clearly."""

from __future__ import annotations

from coordinator.auth.models import User
from coordinator.extensions import db
from coordinator.trainees import importing as ti


def csv_bytes(rows) -> bytes:
    return ("\r\n".join(",".join(row) for row in rows) + "\r\n").encode("utf-8")


def test_arabic_headings_and_values(app_ctx, sides, users):
    data = csv_bytes([
        ["الاسم بالفارسية", "الاسم بالعربية", "الجنس", "المحافظة", "الفئة المستهدفة", "تاريخ الميلاد",
         "المستوى التعليمي", "رقم الهاتف", "الرقم الوطني"],
        ["", "زينب كاظم", "أنثى", "ميسان", "النساء المعيلات لأسرهن", "2001-04-03", "إعدادية", "07701234567", ""],
    ])
    rows = ti.check_rows(ti.read_table("maysan.csv", data), db.session.get(User, users["liaison_msn"].id))
    (row,) = rows
    assert row.errors == []
    assert row.values["side_id"] == sides["MSN"].id and row.values["gender"] == "f"
    assert row.values["education"] == "secondary" and row.values["target_group_ids"]


def test_persian_headings_and_values(app_ctx, sides, users):
    data = csv_bytes([
        ["نام فارسی", "نام عربی", "جنسیت", "استان", "گروه هدف", "تاریخ تولد", "تحصیلات", "تلفن", "کد ملی"],
        ["علی نیسی", "", "مرد", "خوزستان", "", "1380/05/12", "کارشناسی", "09161234567", ""],
    ])
    (row,) = ti.check_rows(ti.read_table("khz.csv", data), db.session.get(User, users["liaison_khz"].id))
    assert row.errors == []
    assert (row.values["side_id"], row.values["gender"], row.values["education"]) == (
        sides["KHZ"].id, "m", "bachelor")


def test_a_heading_in_another_language_is_named_in_the_refusal(app):
    data = csv_bytes([["Name", *ti.COLUMNS[1:]], ["x", "", "f", "KHZ", "", "", "secondary", "1", ""]])
    with app.test_request_context(headers={"Accept-Language": "en"}):
        try:
            ti.read_table("x.csv", data)
        except ti.ImportRefused as refused:
            message = str(refused.message)
        else:
            raise AssertionError("a header of unknown columns was accepted")
    assert "name_fa" in message and "name" in message
