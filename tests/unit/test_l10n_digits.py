"""Digits: conversion both ways and number parsing from any digit set."""

from decimal import Decimal

import pytest

from coordinator.l10n import (
    InputError,
    lang_of,
    localize_digits,
    parse_decimal,
    parse_int,
    to_ascii_digits,
)


def test_lang_of_normalises_codes_and_babel_locales():
    from babel import Locale

    assert lang_of("fa") == "fa"
    assert lang_of("ar_IQ") == "ar"
    assert lang_of("fa-IR") == "fa"
    assert lang_of(Locale.parse("ar_IQ")) == "ar"
    assert lang_of("de") == "en"
    assert lang_of(None) == "en"


def test_to_ascii_digits_all_sets_and_separators():
    assert to_ascii_digits("۱۴۰۵/۰۹/۰۵") == "1405/09/05"
    assert to_ascii_digits("٢٠٢٦") == "2026"
    assert to_ascii_digits("۱۲٫۵") == "12.5"
    assert to_ascii_digits("١٬٢٣٤") == "1,234"
    assert to_ascii_digits("کد 12") == "کد 12"
    assert to_ascii_digits("") == ""


def test_localize_digits_per_locale():
    assert localize_digits("1405/09/05", "fa") == "۱۴۰۵/۰۹/۰۵"
    assert localize_digits("2026", "ar") == "٢٠٢٦"
    assert localize_digits("2026", "ar_IQ") == "٢٠٢٦"
    assert localize_digits("12.5", "en") == "12.5"


def test_localize_digits_changes_separators_only_between_digits():
    assert localize_digits("12.5", "fa") == "۱۲٫۵"
    assert localize_digits("1,234", "ar") == "١٬٢٣٤"
    assert localize_digits("Done. 3, then 4.", "fa") == "Done. ۳, then ۴."


@pytest.mark.parametrize(
    "text, expected",
    [
        ("42", 42),
        ("۴۲", 42),
        ("٤٢", 42),
        ("۴2", 42),  # mixed Persian and ASCII
        ("  ۱۲۳ ", 123),
        ("\u200f۱۲۳\u200e", 123),  # bidi marks copied from an RTL page
        ("-7", -7),
        ("+7", 7),
        ("\u2212۷", -7),  # minus sign as our own formatting writes it
        ("1,234,567", 1234567),
        ("۱٬۲۳۴", 1234),
        ("0", 0),
    ],
)
def test_parse_int_accepts(text, expected):
    assert parse_int(text) == expected


@pytest.mark.parametrize(
    "text", ["", "   ", "abc", "12.5", "1,23", "12,34,567", "1 234", "--5", "5-", "۱۲ سال", "1e3"]
)
def test_parse_int_refuses(text):
    with pytest.raises(InputError) as info:
        parse_int(text)
    assert str(info.value)  # a readable message, not an empty error


def test_parse_int_bounds():
    assert parse_int("۵", minimum=1, maximum=5) == 5
    with pytest.raises(InputError, match="smaller"):
        parse_int("0", minimum=1)
    with pytest.raises(InputError, match="larger"):
        parse_int("۶", maximum=5)


def test_parse_int_refuses_over_long_input():
    with pytest.raises(InputError):
        parse_int("1" * 31)


def test_input_error_is_a_value_error_with_lazy_message_first():
    with pytest.raises(ValueError) as info:
        parse_int("x")
    assert info.value.args[0] is info.value.message
    assert str(info.value) == "Enter a whole number."


@pytest.mark.parametrize(
    "text, expected",
    [
        ("12.5", Decimal("12.5")),
        ("۱۲٫۵", Decimal("12.5")),
        ("١٢٫٥", Decimal("12.5")),
        ("۱۲.5", Decimal("12.5")),
        ("-0.25", Decimal("-0.25")),
        (".5", Decimal("0.5")),
        ("1,234.5", Decimal("1234.5")),
        ("۱٬۲۳۴٫۵", Decimal("1234.5")),
        ("7", Decimal("7")),
    ],
)
def test_parse_decimal_accepts(text, expected):
    assert parse_decimal(text) == expected


@pytest.mark.parametrize(
    "text", ["NaN", "nan", "Infinity", "-inf", "1e5", "1E-2", "12/5", "1,5", "1.2.3", "5.", "", "٫"]
)
def test_parse_decimal_refuses(text):
    with pytest.raises(InputError):
        parse_decimal(text)


def test_parse_decimal_places_and_bounds():
    assert parse_decimal("۱۲٫۵۰", places=1) == Decimal("12.50")
    with pytest.raises(InputError, match="decimal places"):
        parse_decimal("12.345", places=2)
    with pytest.raises(InputError, match="whole number"):
        parse_decimal("12.5", places=0)
    assert parse_decimal("100", minimum=0, maximum=100) == 100
    with pytest.raises(InputError, match="larger"):
        parse_decimal("100.01", maximum=100)
    with pytest.raises(InputError, match="smaller"):
        parse_decimal("-0.5", minimum=Decimal("0"))
