"""Which language a request is served in: saved choice → session → browser → default."""

from __future__ import annotations

from functools import cache

from babel import Locale
from flask import current_app, has_request_context, request, session
from flask_login import current_user

from .l10n import locales


def supported() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def select_language() -> str:
    langs = supported()
    if not has_request_context():
        # Command-line tools speak English to the administrator at the terminal.
        return "en"
    user = current_user._get_current_object()
    if user is not None and user.is_authenticated and user.locale in langs:
        return user.locale
    chosen = session.get("lang")
    if chosen in langs:
        return chosen
    return request.accept_languages.best_match(langs) or current_app.config["DEFAULT_LANGUAGE"]


@cache
def _parsed(code: str) -> Locale:
    return Locale.parse(code)


def babel_locale() -> Locale:
    """The Babel locale for formatting: Arabic as spoken in Iraq, Persian as in Iran. One parsed object per
    language, shared: Flask-Babel parses the name it is given on every request otherwise."""
    return _parsed(locales.babel_locale(select_language()))
