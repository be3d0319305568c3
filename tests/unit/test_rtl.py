"""Persian and Arabic lines prepared for reportlab: letters joined, visual order, brackets, digits, harakat.

Expected values are written after NFKC normalisation, which turns the presentation forms back into
plain letters: what is left is the visual order, left to right, as a reader of the page would spell it
backwards.
"""

from __future__ import annotations

import unicodedata

import pytest

from coordinator.reports.rtl import ltr, shape, wrap_logical


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def test_letters_are_joined_with_presentation_forms():
    shaped = shape("فاطمه کعبی")
    assert shaped != "فاطمه کعبی"[::-1]
    assert all(not "\u0600" <= ch <= "\u06ff" for ch in shaped if ch != " "), shaped
    # Farsi yeh and keheh have their own presentation forms, and NFKC gives back the Persian letters.
    assert nfkc(shaped) == "یبعک همطاف"


def test_persian_line_with_course_code_keeps_the_latin_run_and_mirrors_brackets():
    assert nfkc(shape("دوره JC-2026-0001 (جوشکاری)", "R")) == "(یراکشوج) JC-2026-0001 هرود"


def test_arabic_line_with_code_and_arabic_indic_digits():
    assert nfkc(shape("رمز الدورة: JC-2026-0001 (٢٠٢٦)", "R")) == "(٢٠٢٦) JC-2026-0001 :ةرودلا زمر"


def test_brackets_are_mirrored_in_rtl_text():
    # The Rust-backed bidi.get_display would give "]ماحللا[": the opening bracket drawn backwards.
    assert nfkc(shape("[اللحام]", "R")) == "[ماحللا]"
    assert nfkc(shape("(۱۲) دوره", "R")) == "هرود (۱۲)"


def test_digits_keep_their_order_and_script():
    assert nfkc(shape("مبلغ ۵۰۰ ریال", "R")) == "لایر ۵۰۰ غلبم"
    assert nfkc(shape("دورة ٢٠٢٦", "R")) == "٢٠٢٦ ةرود"


def test_rial_and_allah_are_not_turned_into_ligature_signs():
    assert "\ufdfc" not in shape("مبلغ ۵۰۰ ریال")  # ﷼
    assert "\ufdf2" not in shape("بسم الله")  # ﷲ
    assert "\ufdfc" not in shape("ريال عراقي")  # Arabic yeh too


def test_lam_alef_becomes_its_ligature():
    assert shape("لا") == "\ufefb"
    # One glyph in visual order, so NFKC gives back lam then alef: reversing the whole visual string
    # is not quite the logical text (pdftotext reorders runs itself and gets it right).
    assert nfkc(shape("لا إله")) == "هلإ لا"


def test_harakat_are_kept_and_follow_their_letter_in_drawing_order():
    shaped = shape("كَتَبَ")
    assert shaped.count("\u064e") == 3
    # Each fatha comes just before (left of) its letter: zero-width marks are drawn over what follows.
    assert nfkc(shaped) == "\u064eب\u064eت\u064eك"


def test_zwnj_breaks_the_join_and_is_dropped():
    shaped = shape("می\u200cشود")
    assert "\u200c" not in shaped
    assert "\ufbfd" in shaped  # final yeh: joined to the meem before it
    assert "\ufeb7" in shaped  # initial sheen: not joined across the ZWNJ


def test_base_direction():
    assert nfkc(shape("JC-2026-0001 دوره", "R")) == "هرود JC-2026-0001"
    assert nfkc(shape("JC-2026-0001 دوره")) == "JC-2026-0001 هرود"  # detected from the first strong letter
    assert shape("KM-2026-7Q4K-9TXD") == "KM-2026-7Q4K-9TXD"
    with pytest.raises(ValueError):
        shape("دوره", "X")


def test_shape_takes_one_line():
    assert shape("") == ""
    with pytest.raises(ValueError):
        shape("یک\nدو")


def test_wrap_logical_wraps_in_reading_order_then_shapes_each_line():
    text = "دوره مشترک آموزش فنی و حرفه\u200cای خوزستان و میسان"
    lines = wrap_logical(text, len, 15, "R")
    assert [nfkc(line)[::-1] for line in lines] == ["دوره مشترک", "آموزش فنی و", "حرفهای خوزستان", "و میسان"]
    assert all(len(line) <= 15 for line in lines)


def test_wrap_logical_keeps_newlines_and_overlong_words():
    lines = wrap_logical("کوتاه\nخیلی‌بزرگ‌تر‌از‌عرض کلمه", len, 6, "R")
    assert [nfkc(line)[::-1] for line in lines] == ["کوتاه", "خیلیبزرگترازعرض", "کلمه"]
    assert wrap_logical("", len, 10) == [""]


def test_wrap_logical_with_latin_and_digits():
    lines = wrap_logical("کد دوره JC-2026-0001 و ساعت ۱۴۰", len, 20, "R")
    assert nfkc(lines[0]) == "JC-2026-0001 هرود دک"
    assert nfkc(lines[1]) == "۱۴۰ تعاس و"


def test_codes_starting_with_digits_need_ltr_inside_rtl_text():
    # After an Arabic-script letter digits are Arabic numbers, and a hyphen between them is not part of
    # the number: the bidi algorithm (browsers too) swaps the two halves of the code.
    assert nfkc(shape("استاندارد 7212-01", "R")) == "01-7212 درادناتسا"
    assert nfkc(shape(f"استاندارد {ltr('7212-01')} — جوشکاری", "R")) == "یراکشوج — 7212-01 درادناتسا"
    assert nfkc(shape(f"المعيار ({ltr('8-53/45/1/3')})", "R")) == "(8-53/45/1/3) رايعملا"
    assert ltr("") == ""


def test_bidi_marks_typed_into_names_are_not_drawn():
    shaped = shape("\u200fفاطمه\u200e کعبی\u061c")
    assert not set(shaped) & {"\u200e", "\u200f", "\u061c", "\u202a", "\u202c"}
    assert nfkc(shaped) == "یبعک همطاف"
