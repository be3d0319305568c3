"""Folding: a name typed with Arabic or Persian letters, digits or marks finds the same record."""


import pytest

from coordinator.l10n import fold, like_pattern


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
