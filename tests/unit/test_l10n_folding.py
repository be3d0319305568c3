"""Folding: a name typed with Arabic or Persian letters, digits or marks finds the same record."""

import unicodedata

import pytest

from coordinator.l10n import fold, like_pattern
from coordinator.l10n.folding import identity_key, phone_key


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("علي", "علی"),  # Arabic yeh / Persian yeh
        ("مصطفى", "مصطفی"),  # alef maksura
        ("كتاب", "کتاب"),  # Arabic kaf / Persian kaf
        ("می‌روم", "میروم"),  # ZWNJ
        ("مـحـمـد", "محمد"),  # tatweel
        ("مُحَمَّد", "محمد"),  # harakat and shadda
        ("أحمد", "احمد"),
        ("إسلام", "اسلام"),
        ("آب", "اب"),
        ("فاطمة", "فاطمه"),
        ("خانهٔ", "خانه"),  # heh + hamza above
        ("خانۀ", "خانه"),  # heh with yeh above
        ("مؤسسه", "موسسه"),
        ("مسئول", "مسیول"),
        ("کد ۱۲۳", "کد 123"),
        ("كود ١٢٣", "کود 123"),
        ("ﻻ", "لا"),  # presentation-form ligature (NFKC)
        ("  Ali   Reza ", "ali reza"),
        ("\u200fعلی\u200e", "علی"),
    ],
)
def test_both_spellings_fold_to_the_same_key(typed, stored):
    assert fold(typed) == fold(stored)


# Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt, Unicode 15): all draw nothing.
DEFAULT_IGNORABLE = [(0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
                     (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
                     (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
                     (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF)]


@pytest.mark.parametrize("invisible", ["\u2060", "\u034f", "\ufe00", "\u2063", "\u180e", "\u3164", "\u200b",
                                       "\u200d", "\u00ad", "\ufeff", "\u115f", "\uffa0", "\U000e0041"])
def test_an_invisible_character_inside_a_name_changes_nothing(invisible):
    assert fold(f"علی{invisible} رضا{invisible}یی") == fold("علی رضایی")


def test_every_default_ignorable_and_format_character_folds_away():
    ignorable = {chr(c) for first, last in DEFAULT_IGNORABLE for c in range(first, last + 1)}
    # Format characters, read from the running Python's own Unicode data: a newer Unicode adds some.
    ignorable |= {chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"}
    leftover = [f"U+{ord(ch):04X}" for ch in sorted(ignorable) if fold(f"a{ch}b") != "ab"]
    assert leftover == []


@pytest.mark.parametrize(
    "look_alike, plain",
    [
        ("علې", "علی"),  # U+06D0 E (Pashto, Uyghur)
        ("علۍ", "علی"), ("علێ", "علی"), ("علؽ", "علی"), ("علؾ", "علی"), ("علؿ", "علی"), ("علۑ", "علی"),
        ("علٸ", "علی"),  # high hamza yeh
        ("ڪریم", "کریم"),  # U+06AA swash kaf (Sindhi)
        ("ګریم", "کریم"), ("ڬریم", "کریم"), ("ڮریم", "کریم"), ("ػریم", "کریم"), ("ؼریم", "کریم"),
        ("زهرە", "زهره"), ("زهرھ", "زهره"), ("زهرہ", "زهره"), ("زهرۃ", "زهره"), ("زهرۿ", "زهره"),
        ("ٲحمد", "احمد"), ("ٳحمد", "احمد"), ("ٵحمد", "احمد"),
        ("مۆسوی", "موسوی"), ("مۇسوی", "موسوی"), ("مۋسوی", "موسوی"), ("مٶسوی", "موسوی"), ("مٷسوی", "موسوی"),
        ("محمدؕ", "محمد"),  # a small high letter written over a word
    ],
)
def test_look_alike_letters_fold_to_the_plain_letter(look_alike, plain):
    assert fold(look_alike) == fold(plain)


def test_letters_persian_and_iraqi_arabic_tell_apart_stay_apart():
    # گ, ڤ, چ, پ and ژ are letters of their own in Persian and in Iraqi Arabic, not look-alikes.
    assert len({fold(letter) for letter in "کگ"}) == 2
    assert len({fold(letter) for letter in "فڤ"}) == 2
    assert len({fold(word) for word in ("گل", "کل", "چک", "جک", "پل", "بل", "ژاله", "زاله")}) == 8


@pytest.mark.parametrize(
    "typed",
    ["09161234567", "۰۹۱۶ ۱۲۳ ۴۵۶۷", "٠٩١٦-١٢٣-٤٥٦٧", "+989161234567", "+98 916 123 4567", "0098 916 123 4567",
     "+98 (0) 916 123 4567", "(+98) 916-123-4567", "\u200e+98 916 123 4567\u200f", "＋98 916 1234567"],
)
def test_an_iranian_phone_has_one_key_however_it_is_written(typed):
    assert phone_key(typed) == "09161234567"


@pytest.mark.parametrize("typed", ["07701234567", "+9647701234567", "00964 770 123 4567", "+964 (0)770 123 4567",
                                   "٠٧٧٠١٢٣٤٥٦٧"])
def test_an_iraqi_phone_has_one_key_however_it_is_written(typed):
    assert phone_key(typed) == "07701234567"


def test_phone_key_details():
    assert phone_key(None) == "" and phone_key("no phone") == ""
    assert phone_key("+44 20 7946 0000") == phone_key("0044 20 7946 0000") == "00442079460000"
    assert phone_key("0916") == "0916"  # a part stays a part: search compares whole keys
    assert phone_key("+98") == "0098"


def test_identity_key_drops_separators_and_folds_digits():
    assert identity_key("۱۲۳-۴۵۶۷۸۹-۰") == identity_key("1234567890") == "1234567890"
    assert identity_key("a12 345.6") == "a123456"
    assert identity_key("\u2060") == identity_key(None) == ""


def test_fold_details():
    assert fold(None) == ""
    assert fold("") == ""
    assert fold("ALI") == "ali"
    assert fold("a\t\n b") == "a b"
    assert fold("علي") == "علی"


def test_fold_keeps_distinct_letters_distinct():
    assert fold("پ") != fold("ب")
    assert fold("چ") != fold("ج")
    assert fold("کتاب") != fold("کباب")


def test_like_pattern_folds_and_escapes():
    assert like_pattern("علي") == "%علی%"
    assert like_pattern("50%_a\\b") == "%50\\%\\_a\\\\b%"
    assert like_pattern("") == "%%"


def test_like_pattern_finds_records_in_sqlite():
    import sqlite3
    from contextlib import closing

    rows = ["محمد علی", "كتاب 100% نو", "a_b", "ab"]
    with closing(sqlite3.connect(":memory:")) as conn:
        conn.execute("create table t (k text)")
        conn.executemany("insert into t values (?)", [(fold(r),) for r in rows])

        def find(query):
            sql = "select k from t where k like ? escape '\\' order by k"
            return [k for (k,) in conn.execute(sql, (like_pattern(query),))]

        assert find("علي") == [fold("محمد علی")]
        assert find("کتاب ١٠٠%") == [fold("كتاب 100% نو")]
        assert find("a_b") == ["a_b"]  # '_' is literal, not "any character"
