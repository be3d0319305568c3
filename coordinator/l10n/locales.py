"""The facts of each language we speak (one table), which one the current request speaks, and pick()."""

from __future__ import annotations

from dataclasses import dataclass

from babel import Locale
from flask import g


@dataclass(frozen=True)
class Language:
    code: str
    # Babel locale for Flask-Babel and CLDR data: ar_IQ gives Iraqi month names (كانون الثاني) and separators.
    locale: str
    direction: str
    # The digits numbers are written in; Babel always prints ASCII, digits.py translates.
    digits: str
    calendar: str
    # The clock a viewer without a saved time zone or side most likely lives by (None: the configured default).
    timezone: str | None
    # Each language is offered in its own name, so a reader finds theirs whatever the page shows.
    name: str
    # Where a text is missing in this language, the languages to show it in instead, in order.
    fallback: tuple[str, ...]


LANGUAGES = {
    "fa": Language("fa", "fa_IR", "rtl", "persian", "jalali", "Asia/Tehran", "فارسی", ("fa", "ar", "en")),
    "ar": Language("ar", "ar_IQ", "rtl", "arabic", "gregorian", "Asia/Baghdad", "العربية", ("ar", "fa", "en")),
    "en": Language("en", "en", "ltr", "ascii", "gregorian", None, "English", ("en", "fa", "ar")),
}
LANGS = tuple(LANGUAGES)
LANGUAGE_NAMES = {code: language.name for code, language in LANGUAGES.items()}


def lang_of(locale: str | Locale | None) -> str:
    """'fa', 'ar' or 'en' for a code like 'ar_IQ' / 'fa-IR' or a babel Locale; anything else is 'en'."""
    if locale is None:
        return "en"
    code = locale.language if isinstance(locale, Locale) else str(locale)
    code = code.replace("-", "_").split("_", 1)[0].strip().lower()
    return code if code in LANGS else "en"


def language(locale: str | Locale | None = None) -> Language:
    """The facts of a language (of the current request's when none is given)."""
    return LANGUAGES[lang_of(locale) if locale is not None else current_lang()]


def babel_locale(locale: str | Locale | None) -> str:
    return LANGUAGES[lang_of(locale)].locale


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


def pick(obj, field: str | None = "name", lang: str | None = None) -> str:
    """`obj.<field>_<lang>` in the language asked (the viewer's by default), else in the others, else "".

    With `field=None` the attributes are the language codes themselves (`obj.fa`, `obj.ar`, `obj.en`).
    """
    lang = lang or current_lang()
    names = _FALLBACK_NAMES.get((field, lang))
    if names is None:  # asked hundreds of times a page: the attribute names are worked out once per field
        names = tuple(code if field is None else f"{field}_{code}" for code in LANGUAGES[lang_of(lang)].fallback)
        if lang in LANGUAGES:  # kept only for the three codes, whatever a caller passes
            _FALLBACK_NAMES[field, lang] = names
    for name in names:
        value = getattr(obj, name, None)
        if value:
            return value
    return ""


_FALLBACK_NAMES: dict[tuple[str | None, str], tuple[str, ...]] = {}
