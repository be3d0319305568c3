"""Duplicate detection is not defeated by disguise: invisible characters, look-alike letters, +98 for 0."""

from __future__ import annotations

import pytest

from tests.functional.test_trainees import HEADER, count, csv_bytes, field_errors, form, make, upload

# Each looks exactly like "علی موسوی" on screen (or nearly: a Pashto E for ی, a Kurdish O for و).
DISGUISED_NAMES = (
    "علی\u2060 موسوی",  # word joiner
    "عل\u034fی موسوی",  # combining grapheme joiner
    "علی\ufe00 موسوی",  # variation selector
    "علی\u2063 موسوی",  # invisible separator
    "علی موسوی\u180e",  # Mongolian vowel separator
    "علی\u3164 موسوی\u3164",  # Hangul filler (default-ignorable: renderers draw nothing)
    "علې موسوی",  # U+06D0 for ی
    "علی مۆسوی",  # U+06C6 for و
)
SAME_PHONES = ("+98 916 123 4567", "0098 916 123 4567", "۰۹۱۶۱۲۳۴۵۶۷")


@pytest.fixture(autouse=True)
def import_folder(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "IMPORT_FOLDER", str(tmp_path / "imports"))


@pytest.fixture
def english(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def existing(app, sides):
    return make(app, sides["KHZ"].id, name_fa="علی موسوی", gender="m", phone="09161234567")


@pytest.mark.parametrize("name", DISGUISED_NAMES)
@pytest.mark.parametrize("phone", SAME_PHONES)
def test_a_disguised_name_or_phone_is_still_a_duplicate(app, english, login, users, sides, existing, name, phone):
    login("liaison.khz")
    response = english.post("/trainees/new", data=form(sides, name_fa=name, name_ar="", gender="m", phone=phone,
                                                         birth_date="2001-08-03"))
    assert response.status_code == 400 and count(app) == 1
    errors = field_errors(response.text, "different_person")
    assert errors and "علی موسوی" in errors[0], errors


def test_an_iraqi_phone_with_its_country_code_is_the_same_phone(app, english, login, users, sides):
    make(app, sides["MSN"].id, name_fa="", name_ar="زينب الساعدي", phone="+9647701234567")
    login("liaison.msn")
    data = form(sides, name_fa="", name_ar="زينب الساعدى", side_id=str(sides["MSN"].id), phone="0770 123 4567",
                birth_date="2001-08-03")
    response = english.post("/trainees/new", data=data)
    assert response.status_code == 400 and field_errors(response.text, "different_person")
    assert count(app) == 1


def test_the_import_finds_disguised_duplicates(app, english, login, users, sides, existing):
    login("liaison.khz")
    rows = [HEADER, f"{DISGUISED_NAMES[0]},,m,KHZ,,1375/1/3,bachelor,+98 916 123 4567,",
            f"{DISGUISED_NAMES[6]},,m,KHZ,,1375/1/3,bachelor,00989161234567,"]
    response = upload(english, csv_bytes(rows), "trainees.csv")
    assert response.status_code == 400 and count(app) == 1
    assert response.text.count("Already registered: علی موسوی (no national ID)") == 2
