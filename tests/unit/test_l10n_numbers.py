"""Numbers and percentages in Persian, Arabic-Indic and ASCII digits."""

from decimal import Decimal

import pytest

from coordinator.l10n import format_number, format_percent, parse_decimal, parse_int


@pytest.mark.parametrize(
    "value, locale, expected",
    [
        (1234567, "fa", "۱٬۲۳۴٬۵۶۷"),
        (1234567, "ar", "١٬٢٣٤٬٥٦٧"),
        (1234567, "ar_IQ", "١٬٢٣٤٬٥٦٧"),
        (1234567, "en", "1,234,567"),
        (12.5, "fa", "۱۲٫۵"),
        (Decimal("12.50"), "ar", "١٢٫٥"),
        (12.5, "en", "12.5"),
        (0, "fa", "۰"),
        (999, "fa", "۹۹۹"),
    ],
)
def test_format_number(value, locale, expected):
    assert format_number(value, locale) == expected


def test_format_number_none_is_empty():
    assert format_number(None, "fa") == ""


def test_negative_numbers_keep_the_sign_left_of_the_digits():
    # CLDR's marks: LRM + minus sign for Persian, ALM + hyphen for Arabic.
    assert format_number(-12, "fa") == "\u200e\u2212۱۲"
    assert format_number(-12, "ar") == "\u061c-١٢"
    assert format_number(-12, "en") == "-12"


@pytest.mark.parametrize("locale", ["fa", "ar", "en"])
def test_formatted_numbers_parse_back(locale):
    assert parse_int(format_number(-1234567, locale)) == -1234567
    assert parse_decimal(format_number(Decimal("1234.5"), locale)) == Decimal("1234.5")


def test_format_percent():
    assert format_percent(70, "fa") == "۷۰٪"
    assert format_percent(70, "ar") == "٧٠٪"
    assert format_percent(70, "en") == "70%"
    assert format_percent(66.666, "fa") == "۶۷٪"
    assert format_percent(66.666, "en", places=1) == "66.7%"
    assert format_percent(None, "en") == ""
