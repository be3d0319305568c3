"""Rules behind a recognisable certificate: passport numbers, Latin names, ISCO-08 codes, signature images,
and the import's new optional columns."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from coordinator.catalog import isco
from coordinator.certificates.signatories import check_image
from coordinator.errors import InvalidValues
from coordinator.trainees import importing as ti
from coordinator.trainees.services import LATIN_NAME_RE, PASSPORT_RE, normalise_passport


@pytest.mark.parametrize(("typed", "stored"), [
    ("K12345678", "K12345678"), ("k1234 5678", "K12345678"), ("A۱۲۳۴۵۶۷۸", "A12345678"),
    ("\u200eA-123-456\u200e", "A123456"), ("", ""),
])
def test_passport_numbers_are_normalised(typed, stored):
    assert normalise_passport(typed) == stored


@pytest.mark.parametrize(("number", "valid"), [
    ("K12345678", True), ("A1234567", True), ("123456", True), ("AB1234567", True),
    ("12345", False), ("ABCDEFGH", False), ("A1234567890", False), ("K1234567٨", False),
])
def test_passport_number_format_icao(number, valid):
    assert bool(PASSPORT_RE.fullmatch(number)) is valid


@pytest.mark.parametrize(("name", "valid"), [
    ("Fatemeh Kaabi", True), ("Ali Al-Saadi", True), ("D'Souza", True), ("Hélène", True),
    ("فاطمه", False), ("Ali 2", False), ("-Ali", False),
])
def test_latin_names(name, valid):
    assert bool(LATIN_NAME_RE.fullmatch(name)) is valid


def test_isco_codes_come_from_the_reference_list_in_three_languages():
    assert isco.is_code("7212") and not isco.is_code("9999") and not isco.is_code("721") and not isco.is_code("")
    assert isco.normalise(" ۷۲۱۲\u200f ") == "7212" and isco.normalise("٧٢١٢") == "7212"
    assert isco.title("7212", "en") == "Welders and flamecutters"
    assert isco.title("7212", "fa") == "جوشکاران و برشکاران با شعله"
    assert isco.title("7212", "ar") == "اللحّامون وقاطعو المعادن باللهب"
    assert isco.title("9999", "fa") == "" and isco.title(None, "en") == ""
    for code, names in isco.UNIT_GROUPS.items():
        assert len(code) == 4 and code.isdigit() and code[0] != "0", code  # unit groups; armed forces (0) apart
        assert all(names), code
    assert isco.choices("fa")[0][0] == min(isco.UNIT_GROUPS)


def _image(kind: str, size=(40, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (0, 0, 0)).save(out, kind)
    return out.getvalue()


def test_signature_images_are_png_or_jpeg_that_decode(app_ctx):
    assert check_image("s.png", _image("PNG"), "signature").kind == "png"
    assert check_image("s.JPG", _image("JPEG"), "seal").kind == "jpeg"
    refusals = {
        "gif": ("s.gif", _image("GIF")),
        "disguised": ("s.png", _image("JPEG")),
        "truncated": ("s.png", _image("PNG")[:30]),
        "huge": ("s.png", _image("PNG", (4100, 10))),
    }
    messages = {}
    for key, (name, data) in refusals.items():
        with pytest.raises(InvalidValues) as caught:
            check_image(name, data, "seal")
        assert caught.value.field == "seal"
        messages[key] = str(caught.value.message)
    assert "PNG or JPEG" in messages["gif"]
    assert "its content is JPEG" in messages["disguised"]
    assert "damaged" in messages["truncated"]
    assert "4100" in messages["huge"] or "۴۱۰۰" in messages["huge"] or "٤١٠٠" in messages["huge"]


def test_import_reads_the_optional_columns_under_persian_and_arabic_headings(app_ctx):
    header = [*ti.COLUMNS, "نام پدر", "نام لاتین", "رقم جواز السفر"]
    row = ["فاطمه کعبی", "", "f", "KHZ", "", "1380/05/12", "secondary", "09161234567", "", "عبدالله",
           "Fatemeh Kaabi", "k۱۲۳۴۵۶۷۸"]
    data = ("\r\n".join(",".join(r) for r in (header, row)) + "\r\n").encode()
    (_number, cells), = ti.read_table("t.csv", data)
    assert (cells["father_name_fa"], cells["name_en"], cells["passport_number"]) == ("عبدالله", "Fatemeh Kaabi",
                                                                                     "k۱۲۳۴۵۶۷۸")
    # Files made from the older template, without these columns, still read.
    (_number, cells), = ti.read_table("t.csv", ("\r\n".join(",".join(r) for r in (ti.COLUMNS, row[:9]))
                                                + "\r\n").encode())
    assert "passport_number" not in cells
