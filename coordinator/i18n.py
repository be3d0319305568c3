"""Which language a request is served in: saved choice → session → browser → default."""

from __future__ import annotations

from functools import cache

from babel import Locale
from flask import current_app, g, has_app_context, has_request_context, request, session
from flask_babel import Domain
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


class RequestDomain(Domain):
    """Flask-Babel's message domain, with the request's catalogue found once per locale.

    Flask-Babel looks the catalogue up anew for every message (the request's context three times and the
    locale's name built each time): some forty calls for each label, option and status a page shows, and a
    form-heavy page shows a few hundred. Kept beside the locale object, so force_locale() and refresh(), which
    change the locale, still switch the catalogue."""

    def get_translations(self):
        ctx = g.get("_flask_babel") if has_app_context() else None
        locale = getattr(ctx, "babel_locale", None)
        if locale is None:
            return super().get_translations()
        memo = getattr(ctx, "domain_catalogue", None)
        if memo is None or memo[0] is not locale:
            memo = ctx.domain_catalogue = (locale, super().get_translations())
        return memo[1]


def request_catalogue():
    """The request's catalogue as RequestDomain keeps it, read straight from where it is kept (a template asks a
    hundred times a page; Flask-Babel's own way there looks up the app, the domain and the context each time);
    Flask-Babel's way when nothing is kept yet."""
    try:
        ctx = g._flask_babel
        memo = ctx.domain_catalogue
        if memo[0] is ctx.babel_locale:
            return memo[1]
    except (AttributeError, RuntimeError, TypeError):  # nothing kept yet, or outside an app context
        pass
    from flask_babel import get_translations

    return get_translations()
