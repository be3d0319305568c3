"""Property tests of the digit, number and date parsers and of the form fields built on them: any text gives
a value or an InputError with a message, never another exception; what we print, we read back."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict
from wtforms import Form

from coordinator.l10n.calendars import date_input_value, parse_date
from coordinator.l10n.digits import InputError, localize_digits, parse_decimal, parse_int, to_ascii_digits
from coordinator.l10n.fields import LocalDateField, LocalDecimalField, LocalIntegerField
from coordinator.l10n.folding import fold

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
MARKS = "\u200f\u200e\u061c\u200c\u202b\u202c\u2066\u2069"
NUMBERISH = st.text(st.sampled_from(list("0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩.,٫٬+-−/ eE") + list(MARKS)), max_size=40)
ANY_TEXT = st.one_of(NUMBERISH, st.text(max_size=60), st.text(min_size=500, max_size=3000),
                     st.text(st.sampled_from("يیكکةۀ\u0640\u064b\u200c ابپ"), max_size=30))
LANGS = st.sampled_from(["fa", "ar", "en"])


def sprinkle(text: str, marks: list[str]) -> str:
    """Bidi marks between characters, as copying from an RTL page leaves them."""
    out = []
    for i, ch in enumerate(text):
        out.append(ch)
        if i < len(marks):
            out.append(marks[i])
    return "".join(out)


@FAST
@given(text=ANY_TEXT, low=st.none() | st.integers(-10**6, 0), high=st.none() | st.integers(0, 10**9))
def test_parse_int_gives_a_number_in_range_or_a_message(text, low, high):
    try:
        value = parse_int(text, minimum=low, maximum=high)
    except InputError as exc:
        assert str(exc.message)
    else:
        assert isinstance(value, int)
        assert (low is None or value >= low) and (high is None or value <= high)


@FAST
@given(text=ANY_TEXT, places=st.none() | st.integers(0, 4))
def test_parse_decimal_gives_a_finite_number_or_a_message(text, places):
    try:
        value = parse_decimal(text, places=places, minimum=-10**9, maximum=10**9)
    except InputError as exc:
        assert str(exc.message)
    else:
        assert isinstance(value, Decimal) and value.is_finite()


@FAST
@given(n=st.integers(-10**9, 10**9), lang=LANGS, marks=st.lists(st.sampled_from(MARKS[:3]), max_size=5))
def test_numbers_shown_in_any_digits_read_back(n, lang, marks):
    shown = sprinkle(localize_digits(str(n), lang), marks)
    assert parse_int(shown) == n
    assert parse_decimal(shown) == n


@FAST
@given(value=st.decimals(min_value=-10**6, max_value=10**6, places=2, allow_nan=False), lang=LANGS)
def test_decimals_shown_in_any_digits_read_back(value, lang):
    assert parse_decimal(localize_digits(str(value), lang)) == value


@FAST
@given(text=ANY_TEXT, lang=LANGS)
def test_parse_date_gives_a_date_or_a_message(app_ctx, text, lang):
    try:
        value = parse_date(text, lang)
    except InputError as exc:
        assert str(exc.message)
    else:
        assert isinstance(value, date)


@FAST
@given(day=st.dates(date(1925, 1, 1), date(2099, 12, 31)), lang=LANGS,
       marks=st.lists(st.sampled_from(MARKS[:3]), max_size=4))
def test_dates_shown_in_the_viewers_calendar_read_back(app_ctx, day, lang, marks):
    """Jalali for fa, Gregorian for ar and en, in the viewer's digits, with stray bidi marks."""
    shown = sprinkle(date_input_value(day, lang), marks)
    assert parse_date(shown, lang) == day
    assert parse_date(to_ascii_digits(shown), lang) == day


@FAST
@given(text=ANY_TEXT)
def test_folding_never_fails_and_is_stable(text):
    key = fold(text)
    assert isinstance(key, str) and fold(key) == key


class Fields(Form):
    day = LocalDateField()
    count = LocalIntegerField(minimum=0, maximum=10_000)
    amount = LocalDecimalField(minimum=0, maximum=10**6, places=2)


@pytest.fixture
def request_ctx(app):
    with app.test_request_context(headers={"Accept-Language": "fa"}):
        yield


@FAST
@given(day=ANY_TEXT, count=ANY_TEXT, amount=ANY_TEXT)
def test_fields_validate_or_explain_never_raise(request_ctx, day, count, amount):
    form = Fields(formdata=MultiDict({"day": day, "count": count, "amount": amount}))
    form.validate()
    for field in (form.day, form.count, form.amount):
        assert field.data is None or not field.errors
        assert all(str(error) for error in field.errors)
        field()  # renders, showing back what was typed
