"""Persian / Arabic-Indic / ASCII digits, and number parsing that accepts all three."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l

from .locales import LANGUAGES, current_lang, lang_of
from .text import BIDI_CONTROLS

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
ASCII_DIGITS = "0123456789"
ARABIC_DECIMAL_SEPARATOR = "٫"
ARABIC_THOUSANDS_SEPARATOR = "٬"

# LRM, RLM, ALM and the controls text.py drops from stored text (embeddings, overrides, isolates): invisible,
# but they break parsing when text is copied out of RTL pages.
BIDI_MARKS = "\u200e\u200f\u061c" + BIDI_CONTROLS
MAX_INPUT_LENGTH = 30

_TO_ASCII = str.maketrans(
    PERSIAN_DIGITS + ARABIC_DIGITS + ARABIC_DECIMAL_SEPARATOR + ARABIC_THOUSANDS_SEPARATOR,
    ASCII_DIGITS * 2 + ".,",
)
# A language's digits (the table in locales.py) → the translation from ASCII.
_FROM_ASCII = {
    "persian": str.maketrans(ASCII_DIGITS, PERSIAN_DIGITS),
    "arabic": str.maketrans(ASCII_DIGITS, ARABIC_DIGITS),
}
_DROP_BIDI = str.maketrans("", "", BIDI_MARKS)
_DOT_BETWEEN_DIGITS = re.compile(r"(?<=[0-9])\.(?=[0-9])")
_COMMA_BETWEEN_DIGITS = re.compile(r"(?<=[0-9]),(?=[0-9])")

# Grouping is accepted only in whole groups of three ("1,234,567"), so "1,5" is refused
# rather than read as one and a half or as fifteen.
_INTEGER_PART = r"(?:[1-9][0-9]{0,2}(?:,[0-9]{3})+|[0-9]+)"
_INT_RE = re.compile(rf"([+-]?)({_INTEGER_PART})")
_DECIMAL_RE = re.compile(rf"([+-]?)(?:({_INTEGER_PART})(?:\.([0-9]+))?|\.([0-9]+))")


class Shown:
    """A number put into a lazy message, written in the digits of the language the message is shown in."""

    def __init__(self, value: object) -> None:
        self.value = value

    def __str__(self) -> str:
        return localize_digits(str(self.value), current_lang())

    def __repr__(self) -> str:
        return f"Shown({self.value!r})"


class InputError(ValueError):
    """Text a person typed that we refuse to guess about; carries a translatable message."""

    def __init__(self, message) -> None:
        # WTForms reports e.args[0], so the lazy message itself must be the first argument.
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


def to_ascii_digits(text: str) -> str:
    """Persian and Arabic-Indic digits (and the Arabic decimal/thousands separators) to ASCII."""
    if not text:
        return ""
    return str(text).translate(_TO_ASCII)


def localize_digits(text: str, locale) -> str:
    """ASCII digits to the locale's digits; '.' and ',' between digits become '٫' and '٬' in fa/ar."""
    text = "" if text is None else str(text)
    table = _FROM_ASCII.get(LANGUAGES[lang_of(locale)].digits)
    if table is None:
        return text
    text = _DOT_BETWEEN_DIGITS.sub(ARABIC_DECIMAL_SEPARATOR, text)
    text = _COMMA_BETWEEN_DIGITS.sub(ARABIC_THOUSANDS_SEPARATOR, text)
    return text.translate(table)


def strip_bidi(text: str) -> str:
    """Drop bidi control marks and surrounding whitespace."""
    return ("" if text is None else str(text)).translate(_DROP_BIDI).strip()


def clean_input(text: str, empty_message) -> str:
    """Typed text ready for parsing: marks gone, digits ASCII; refuses empty and over-long input."""
    cleaned = strip_bidi(text)
    if not cleaned:
        raise InputError(empty_message)
    if len(cleaned) > MAX_INPUT_LENGTH:
        raise InputError(
            _l("Enter no more than %(count)s characters.", count=Shown(MAX_INPUT_LENGTH))
        )
    # U+2212 is the minus sign CLDR (and so our own number formatting) uses.
    return to_ascii_digits(cleaned).replace("\u2212", "-")


def _check_range(value, minimum, maximum):
    if minimum is not None and value < minimum:
        raise InputError(_l("Enter a number no smaller than %(minimum)s.", minimum=Shown(minimum)))
    if maximum is not None and value > maximum:
        raise InputError(_l("Enter a number no larger than %(maximum)s.", maximum=Shown(maximum)))
    return value


def parse_int(text: str, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """A whole number typed in any digits, with optional sign and thousands grouping."""
    message = _l("Enter a whole number.")
    match = _INT_RE.fullmatch(clean_input(text, message))
    if match is None:
        raise InputError(message)
    sign, digits = match.groups()
    value = int(digits.replace(",", ""))
    return _check_range(-value if sign == "-" else value, minimum, maximum)


def parse_decimal(
    text: str,
    *,
    minimum: Decimal | int | None = None,
    maximum: Decimal | int | None = None,
    places: int | None = None,
) -> Decimal:
    """A decimal number typed in any digits; '.' or '٫' as decimal separator, no exponents."""
    message = _l("Enter a number.")
    match = _DECIMAL_RE.fullmatch(clean_input(text, message))
    if match is None:
        # NaN, Infinity, "1e5", "12/5" and "1,5" all end here: refuse rather than guess.
        raise InputError(message)
    sign, whole, fraction, bare_fraction = match.groups()
    whole = (whole or "0").replace(",", "")
    fraction = fraction if fraction is not None else bare_fraction
    if places is not None and len((fraction or "").rstrip("0")) > places:
        if places == 0:
            raise InputError(_l("Enter a whole number."))
        raise InputError(
            _l("Enter a number with at most %(places)s decimal places.", places=Shown(places))
        )
    try:
        value = Decimal(f"{sign}{whole}.{fraction}" if fraction else f"{sign}{whole}")
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only plain numbers
        raise InputError(message) from exc
    low = None if minimum is None else Decimal(str(minimum))
    high = None if maximum is None else Decimal(str(maximum))
    return _check_range(value, low, high)
