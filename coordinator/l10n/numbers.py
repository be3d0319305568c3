"""Numbers and percentages in the viewer's digits and separators."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal

from .digits import localize_digits
from .locales import babel_locale, lang_of

# CLDR puts a left-to-right mark before the Persian minus and an Arabic letter mark before the
# Arabic one, so that the sign stays on the number's left inside right-to-left text.
NEGATIVE_PREFIX = {"fa": "\u200e\u2212", "ar": "\u061c-", "en": "-"}
PERCENT_SIGN = {"fa": "٪", "ar": "٪", "en": "%"}


def format_number(n, locale) -> str:
    """1234567 → '۱٬۲۳۴٬۵۶۷' (fa), '١٬٢٣٤٬٥٦٧' (ar), '1,234,567' (en); None → ''."""
    if n is None:
        return ""
    lang = lang_of(locale)
    negative = n < 0
    # Babel gives the right separators for fa/ar_IQ but always ASCII digits and an ASCII '-'.
    text = format_decimal(abs(n), locale=babel_locale(lang), numbering_system="default")
    text = localize_digits(text, lang)
    return f"{NEGATIVE_PREFIX[lang]}{text}" if negative and text.strip("0۰٠") else text


def format_percent(value_0_to_100, locale, places: int = 0) -> str:
    """70 → '۷۰٪' (fa), '٧٠٪' (ar), '70%' (en); rounded half-up to `places` decimals."""
    if value_0_to_100 is None:
        return ""
    lang = lang_of(locale)
    quantum = Decimal(1).scaleb(-places)
    value = Decimal(str(value_0_to_100)).quantize(quantum, rounding=ROUND_HALF_UP)
    return f"{format_number(value, lang)}{PERCENT_SIGN[lang]}"
