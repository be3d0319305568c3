"""Numbers typed in any digits: what is accepted at the edges, and what a refusal tells the person."""

from __future__ import annotations

from decimal import Decimal

import pytest
from flask_babel import force_locale

from coordinator.l10n import InputError, localize_digits, parse_decimal, parse_int
from coordinator.l10n.digits import Shown, strip_bidi


def _refusal(parse, text, **bounds) -> str:
    with pytest.raises(InputError) as caught:
        parse(text, **bounds)
    return str(caught.value)


def test_a_value_equal_to_the_minimum_or_the_maximum_is_accepted():
    assert parse_int("1", minimum=1, maximum=9) == 1
    assert parse_int("9", minimum=1, maximum=9) == 9
    assert parse_decimal("0.5", minimum=Decimal("0.5")) == Decimal("0.5")
    assert parse_decimal("2.5", maximum=Decimal("2.5")) == Decimal("2.5")


def test_a_number_out_of_range_is_refused_naming_the_bound():
    assert _refusal(parse_int, "0", minimum=1) == "Enter a number no smaller than 1."
    assert _refusal(parse_int, "11", minimum=1, maximum=10) == "Enter a number no larger than 10."
    assert _refusal(parse_decimal, "-1", minimum=0) == "Enter a number no smaller than 0."


def test_thirty_characters_are_read_and_thirty_one_refused_naming_the_limit():
    assert parse_int("0" * 29 + "7") == 7
    assert parse_decimal("\u200f" + "1" * 30 + "\u200f") == Decimal("1" * 30)  # marks do not count
    assert _refusal(parse_int, "1" * 31) == "Enter no more than 30 characters."
    assert _refusal(parse_decimal, "1" * 31) == "Enter no more than 30 characters."


def test_an_empty_or_unreadable_field_says_which_kind_of_number_is_wanted():
    assert _refusal(parse_int, "") == "Enter a whole number."
    assert _refusal(parse_int, "\u200f ") == "Enter a whole number."
    assert _refusal(parse_decimal, "") == "Enter a number."
    assert _refusal(parse_decimal, "1e5") == "Enter a number."


def test_too_many_decimal_places_are_refused_naming_how_many_are_allowed():
    assert _refusal(parse_decimal, "1.25", places=0) == "Enter a whole number."
    assert _refusal(parse_decimal, "1.255", places=2) == "Enter a number with at most 2 decimal places."
    assert parse_decimal("1.250", places=2) == Decimal("1.250")


def test_nothing_stays_nothing():
    assert localize_digits(None, "fa") == ""
    assert localize_digits(None, "en") == ""
    assert strip_bidi(None) == ""


def test_a_number_in_a_message_is_written_in_the_readers_digits(app):
    with app.test_request_context():
        with force_locale("fa"):
            assert str(Shown(30)) == "۳۰"
            assert _refusal(parse_int, "1" * 31).count("۳۰") == 1
        with force_locale("ar"):
            assert str(Shown(1.5)) == "١٫٥"
        with force_locale("en"):
            assert str(Shown(30)) == "30"
    assert repr(Shown(7)) == "Shown(7)"
