"""WTForms fields for dates and numbers typed in any digits and in the viewer's calendar."""

from __future__ import annotations

import re
from datetime import date, time
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import StopValidation

from .calendars import date_input_value, date_placeholder, parse_date
from .digits import InputError, clean_input, localize_digits, parse_decimal, parse_int, strip_bidi
from .hijri import gregorian_to_hijri, parse_hijri
from .locales import current_lang


class _TypedField(StringField):
    """A text input parsed on the server; empty input leaves data None for the validators to judge."""

    input_mode = "numeric"

    def __init__(self, label=None, validators=None, *, render_kw=None, **kwargs):
        # Digits and slashes read left to right even on RTL pages; browsers must not autofill them.
        defaults = {"inputmode": self.input_mode, "dir": "ltr", "autocomplete": "off"}
        defaults.update(self.extra_render_kw())
        super().__init__(label, validators, render_kw={**defaults, **(render_kw or {})}, **kwargs)

    def extra_render_kw(self) -> dict:
        return {}

    def parse(self, text: str):
        raise NotImplementedError

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        self.data = None
        if valuelist[0] is None or not strip_bidi(valuelist[0]):
            return
        # InputError is a ValueError whose args[0] is the lazy message: WTForms adds it to
        # process_errors, so validate() fails with it and data stays None.
        self.data = self.parse(valuelist[0])

    def pre_validate(self, form):
        # Text that could not be read keeps its own message: DataRequired would otherwise replace it with
        # "This field is required", although the person typed something (a year out of range, say).
        if self.process_errors:
            raise StopValidation()

    def _value(self):
        if self.data is not None:
            return self.show(self.data)
        # Invalid input is shown back exactly as typed, so the person can correct it.
        return self.raw_data[0] if self.raw_data else ""

    def show(self, value) -> str:
        return localize_digits(str(value), current_lang())


class LocalDateField(_TypedField):
    """A date typed as YYYY/MM/DD in the viewer's calendar (Solar Hijri in fa), in any digits."""

    def extra_render_kw(self) -> dict:
        # data-picker: static/js/datepicker.js adds a month grid in this language's calendar.
        return {"placeholder": date_placeholder(current_lang()), "data-picker": current_lang()}

    def parse(self, text: str) -> date:
        return parse_date(text, current_lang())

    def show(self, value) -> str:
        if isinstance(value, date):
            return date_input_value(value, current_lang())
        return str(value)


class HijriDateField(_TypedField):
    """A Hijri (lunar) date typed as YYYY/MM/DD in any digits; its data is the Gregorian day."""

    def extra_render_kw(self) -> dict:
        return {"placeholder": "1448/01/10"}

    def parse(self, text: str) -> date:
        return parse_hijri(text)

    def show(self, value) -> str:
        if isinstance(value, date):
            return localize_digits("%04d/%02d/%02d" % gregorian_to_hijri(value), current_lang())
        return str(value)


class LocalIntegerField(_TypedField):
    """A whole number in any digits, with optional bounds."""

    def __init__(self, label=None, validators=None, *, minimum=None, maximum=None, **kwargs):
        self.minimum, self.maximum = minimum, maximum
        super().__init__(label, validators, **kwargs)

    def parse(self, text: str) -> int:
        return parse_int(text, minimum=self.minimum, maximum=self.maximum)


class LocalDecimalField(_TypedField):
    """A decimal number in any digits, '.' or '٫' as separator, with optional bounds and places."""

    input_mode = "decimal"

    def __init__(self, label=None, validators=None, *, minimum=None, maximum=None, places=None, **kwargs):
        self.minimum, self.maximum, self.places = minimum, maximum, places
        super().__init__(label, validators, **kwargs)

    def parse(self, text: str) -> Decimal:
        return parse_decimal(text, minimum=self.minimum, maximum=self.maximum, places=self.places)

    def show(self, value) -> str:
        if isinstance(value, float):
            value = Decimal(str(value))
        # format(..., "f") because str(Decimal) may use exponents ("1E+2").
        text = format(value, "f") if isinstance(value, Decimal) else str(value)
        return localize_digits(text, current_lang())


_TIME_RE = re.compile(r"([0-9]{1,2})\s*[:.٫]\s*([0-9]{2})")


class LocalTimeField(_TypedField):
    """A clock time typed as HH:MM in any digits (a browser time input shows only Latin digits)."""

    def extra_render_kw(self) -> dict:
        return {"placeholder": localize_digits("HH:MM" if current_lang() == "en" else "14:30", current_lang())}

    def parse(self, text: str) -> time:
        message = _l("Enter the time as hours and minutes, for example %(example)s.", example="14:30")
        match = _TIME_RE.fullmatch(clean_input(text, message))
        if match is None or int(match.group(1)) > 23 or int(match.group(2)) > 59:
            raise InputError(message)
        return time(int(match.group(1)), int(match.group(2)))

    def show(self, value) -> str:
        if isinstance(value, time):
            return localize_digits(f"{value.hour:02d}:{value.minute:02d}", current_lang())
        return str(value)
