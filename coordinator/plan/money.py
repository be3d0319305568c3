"""Amounts as people read them: the locale's digits and grouping, two places for dollars, rials and dinars
whole unless they carry fils or dinars' fractions. Never through a float."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal

from ..l10n.digits import localize_digits
from ..l10n.locales import babel_locale, lang_of

PATTERNS = {"USD": "#,##0.00"}
DEFAULT_PATTERN = "#,##0.##"


def format_money(amount, currency: str, locale) -> str:
    """Decimal("1234567.5"), "IRR" → '۱٬۲۳۴٬۵۶۷٫۵' (fa); Decimal("12.5"), "USD" → '12.50' (en)."""
    if amount is None:
        return ""
    lang = lang_of(locale)
    text = format_decimal(Decimal(amount), format=PATTERNS.get(currency, DEFAULT_PATTERN),
                          locale=babel_locale(lang), decimal_quantization=False)
    return localize_digits(text, lang)
