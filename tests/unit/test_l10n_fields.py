"""Form fields: dates in the viewer's calendar and numbers in any digits, through WTForms."""

from datetime import date, time
from decimal import Decimal

import pytest
from flask import Flask
from flask_babel import Babel
from werkzeug.datastructures import MultiDict
from wtforms import Form
from wtforms.validators import DataRequired, InputRequired, Optional

from coordinator.l10n import InputError, parse_date
from coordinator.l10n.fields import LocalDateField, LocalDecimalField, LocalIntegerField, LocalTimeField

AZAR_5_1405 = date(2026, 11, 26)


class EventForm(Form):
    starts = LocalDateField("Starts", validators=[InputRequired()])
    ends = LocalDateField("Ends", validators=[Optional()])
    seats = LocalIntegerField("Seats", validators=[Optional()], minimum=1, maximum=500)
    hours = LocalDecimalField("Hours", validators=[Optional()], minimum=0, places=1)
    budget = LocalIntegerField("Budget", validators=[DataRequired()])


def make_app(lang):
    app = Flask(__name__)
    app.config.update(TESTING=True, WTF_CSRF_ENABLED=False, SECRET_KEY="test")
    Babel(app, locale_selector=lambda: lang)
    return app


@pytest.fixture
def fa_app():
    return make_app("fa")


def submit(app, **values):
    """Validate EventForm with the given form data inside a request; return (form, ok)."""
    data = {"starts": "۱۴۰۵/۰۹/۰۵", "budget": "۱۰۰", **values}
    with app.test_request_context(method="POST"):
        form = EventForm(MultiDict(data))
        return form, form.validate()


def test_persian_date_in_persian_digits(fa_app):
    form, ok = submit(fa_app, starts="۱۴۰۵-۰۹-۰۵")
    assert ok, form.errors
    assert form.starts.data == AZAR_5_1405


def test_mixed_digits_and_other_fields(fa_app):
    form, ok = submit(fa_app, starts="۱۴05/٠٩/05", seats="۲۵", hours="۱۲٫۵", budget="1,000")
    assert ok, form.errors
    assert form.starts.data == AZAR_5_1405
    assert form.seats.data == 25
    assert form.hours.data == Decimal("12.5")
    assert form.budget.data == 1000


def test_gregorian_year_in_persian_form_is_an_error_not_a_date(fa_app):
    form, ok = submit(fa_app, starts="2026-11-26")
    assert not ok
    assert form.starts.data is None
    # The field reports parse_date's own message (compared, not spelled out: it may be translated).
    with fa_app.test_request_context(), pytest.raises(InputError) as info:
        parse_date("2026-11-26", "fa")
    assert [str(e) for e in form.starts.errors] == [str(info.value)]


def test_jalali_year_in_arabic_form_is_an_error():
    form, ok = submit(make_app("ar"), starts="1405-09-05")
    assert not ok
    assert form.starts.data is None
    assert form.starts.errors


def test_arabic_form_reads_gregorian_day_first():
    form, ok = submit(make_app("ar"), starts="٢٦/١١/٢٠٢٦")
    assert ok, form.errors
    assert form.starts.data == AZAR_5_1405


def test_impossible_date_is_an_error(fa_app):
    form, ok = submit(fa_app, starts="1404/12/30")
    assert not ok
    assert form.starts.data is None and form.starts.errors


def test_empty_optional_fields_are_none_without_error(fa_app):
    form, ok = submit(fa_app, ends="", seats="  ", hours="")
    assert ok, form.errors
    assert form.ends.data is None and form.seats.data is None and form.hours.data is None
    assert not form.ends.errors and not form.seats.errors


def test_missing_optional_fields_are_none(fa_app):
    form, ok = submit(fa_app)
    assert ok, form.errors
    assert form.ends.data is None and form.seats.data is None


def test_empty_required_fields_use_standard_validators(fa_app):
    form, ok = submit(fa_app, starts="", budget="")
    assert not ok
    assert form.starts.data is None and form.starts.errors
    assert form.budget.data is None and form.budget.errors


def test_number_errors(fa_app):
    form, ok = submit(fa_app, seats="۶۰۰", hours="1.25")
    assert not ok
    assert form.seats.data is None and form.seats.errors
    assert form.hours.data is None and form.hours.errors
    form, ok = submit(fa_app, seats="بیست")
    assert not ok and form.seats.errors


def test_values_are_shown_in_the_viewers_calendar_and_digits(fa_app):
    with fa_app.test_request_context():
        form = EventForm(data={"starts": AZAR_5_1405, "seats": 25, "hours": Decimal("12.5")})
        assert form.starts._value() == "۱۴۰۵/۰۹/۰۵"
        assert form.seats._value() == "۲۵"
        assert form.hours._value() == "۱۲٫۵"
        assert form.ends._value() == ""
    with make_app("ar").test_request_context():
        form = EventForm(data={"starts": AZAR_5_1405})
        assert form.starts._value() == "٢٦/١١/٢٠٢٦"  # day first, as the Arabic input reads it
    with make_app("en").test_request_context():
        form = EventForm(data={"starts": AZAR_5_1405, "hours": Decimal("1E+2")})
        assert form.starts._value() == "2026-11-26"
        assert form.hours._value() == "100"


def test_invalid_input_is_shown_back_as_typed(fa_app):
    form, ok = submit(fa_app, starts="۱۴۰۴/۱۲/۳۰")
    assert not ok
    with fa_app.test_request_context():
        assert form.starts._value() == "۱۴۰۴/۱۲/۳۰"


def test_rendered_input_is_ltr_numeric_without_autofill(fa_app):
    with fa_app.test_request_context():
        html = str(EventForm().starts())
        hours = str(EventForm().hours(class_="x"))
    for attr in ('dir="ltr"', 'inputmode="numeric"', 'autocomplete="off"', 'placeholder="'):
        assert attr in html
    assert 'inputmode="decimal"' in hours and 'class="x"' in hours


def test_render_kw_given_by_the_form_wins(fa_app):
    class NoteForm(Form):
        when = LocalDateField("When", render_kw={"placeholder": "custom", "class": "date"})

    with fa_app.test_request_context():
        html = str(NoteForm().when())
    assert 'placeholder="custom"' in html and 'class="date"' in html and 'dir="ltr"' in html


def test_fields_outside_a_request_default_to_english():
    form = EventForm(MultiDict({"starts": "2026-11-26", "budget": "5"}))
    assert form.validate(), form.errors
    assert form.starts.data == AZAR_5_1405


class ClockForm(Form):
    at = LocalTimeField("At", validators=[Optional()])


@pytest.mark.parametrize(("typed", "expected"), [
    ("۱۴:۳۰", time(14, 30)), ("٠٩:٠٥", time(9, 5)), ("9.05", time(9, 5)), ("\u200f۰۸:۰۰", time(8, 0)),
])
def test_time_field_reads_any_digits(fa_app, typed, expected):
    with fa_app.test_request_context(method="POST"):
        form = ClockForm(MultiDict({"at": typed}))
        assert form.validate(), form.errors
        assert form.at.data == expected
        assert form.at._value() == {time(14, 30): "۱۴:۳۰", time(9, 5): "۰۹:۰۵", time(8, 0): "۰۸:۰۰"}[expected]


@pytest.mark.parametrize("typed", ["24:00", "12:60", "noon", "12", "۱۲:۳"])
def test_impossible_time_is_refused_and_shown_back(fa_app, typed):
    with fa_app.test_request_context(method="POST"):
        form = ClockForm(MultiDict({"at": typed}))
        assert not form.validate()
        assert form.at.data is None and form.errors["at"]
        assert form.at._value() == typed
