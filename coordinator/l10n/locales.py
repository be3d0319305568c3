"""Which of our three languages a locale means, and which one the current request speaks."""

from __future__ import annotations

from babel import Locale
from flask import g

LANGS = ("fa", "ar", "en")
# Babel locale used for CLDR data per language: ar_IQ gives Iraqi month names and separators.
BABEL_LOCALES = {"fa": "fa", "ar": "ar_IQ", "en": "en"}


def lang_of(locale: str | Locale | None) -> str:
    """'fa', 'ar' or 'en' for a code like 'ar_IQ' / 'fa-IR' or a babel Locale; anything else is 'en'."""
    if locale is None:
        return "en"
    code = locale.language if isinstance(locale, Locale) else str(locale)
    code = code.replace("-", "_").split("_", 1)[0].strip().lower()
    return code if code in LANGS else "en"


def babel_locale(locale: str | Locale | None) -> str:
    return BABEL_LOCALES[lang_of(locale)]


def current_lang() -> str:
    """The request's language via Flask-Babel; 'en' outside a request or app without Babel."""
    # Asked a few hundred times a page (every name, date and number shown): read the locale Flask-Babel keeps
    # for the request in g, which is what get_locale() returns once resolved and what force_locale() and
    # refresh() change, without get_locale()'s several lookups through g each time.
    try:
        locale = g._flask_babel.babel_locale
    except (AttributeError, RuntimeError):  # not resolved yet in this context, or no app context at all
        locale = None
    if locale is None:
        from flask_babel import get_locale

        try:
            locale = get_locale()
        except KeyError:
            # An app context whose app never registered Flask-Babel.
            return "en"
    if isinstance(locale, Locale) and locale.language in LANGS:
        return locale.language
    return lang_of(locale)


class Shown:
    """A number put into a lazy message, written in the digits of the language the message is shown in."""

    def __init__(self, value: object) -> None:
        self.value = value

    def __str__(self) -> str:
        from .digits import localize_digits

        return localize_digits(str(self.value), current_lang())

    def __repr__(self) -> str:
        return f"Shown({self.value!r})"
