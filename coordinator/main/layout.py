"""The parts of every page around its content (stylesheets, the header with the menu, the bell and the language
switcher, the footer), rendered once per language and person and kept, instead of on every request.

Rendered on every request they were half the time of a page with no rows: some forty template calls, a dozen
labels, a dozen URLs. What they show depends only on the language, the script root and, for a signed-in person,
the menu's key (main/menu.py: the account's id, version, role, side, centre, state), the menu item of the
page, the unread count and whether the page is the bell's or the profile's own. Those make the key. The two
parts that change with every request or browser, the CSRF token and the address to come back to after a
change of language, are left as marks in the kept text and put in on the way out.
"""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock
from time import monotonic

from flask import current_app, g, render_template, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from jinja2 import pass_context
from markupsafe import Markup, escape

from ..l10n.locales import current_lang
from ..notifications.inbox import unread_count
from . import menu

# Private-use characters: no text of the app holds them, and HTML escaping leaves them as they are.
CSRF_MARK = "\ue000csrf\ue000"
NEXT_MARK = "\ue000next\ue000"
CAPACITY = 1024
# Pages whose own menu link (the bell, the person's name) is marked as the current page.
OWN_LINKS = ("notifications.listing", "auth.profile")

_cache: OrderedDict = OrderedDict()
_lock = Lock()


def _kept(key: tuple, template: str) -> str:
    with _lock:
        html = _cache.get(key)
        if html is not None:
            _cache.move_to_end(key)
            return html
    html = render_template(template, csrf_token=lambda: CSRF_MARK, current_path=NEXT_MARK)
    with _lock:
        _cache[key] = html
        while len(_cache) > CAPACITY:
            _cache.popitem(last=False)
    return html


# The signed CSRF token of a session, kept a minute: Flask-WTF signs the session's token anew (with the time)
# on every page. A token kept this way is at most a minute older, so it expires at most a minute sooner
# (WTF_CSRF_TIME_LIMIT); what it signs and how it is checked do not change.
SIGNED_FOR_SECONDS = 60
_signed: OrderedDict = OrderedDict()


def csrf_token() -> str:
    """generate_csrf(), with the signed token of this session's token reused for a minute."""
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    if field not in g:
        raw = session.get(field)
        if raw:
            key = (current_app.config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key, raw)
            now = monotonic()
            with _lock:
                kept = _signed.get(key)
            if kept is not None and now - kept[1] < SIGNED_FOR_SECONDS:
                setattr(g, field, kept[0])
                return kept[0]
            token = generate_csrf()
            with _lock:
                _signed[key] = (token, now)
                while len(_signed) > CAPACITY:
                    _signed.popitem(last=False)
            return token
    return generate_csrf()


def clear() -> None:
    with _lock:
        _cache.clear()
        _signed.clear()


def head() -> Markup:
    """Stylesheets and scripts: the same for every page in a language and direction."""
    return Markup(_kept(("head", current_lang(), request.script_root), "_partials/head.html"))  # noqa: S704 — a rendered template


def footer() -> Markup:
    return Markup(_kept(("footer", current_lang(), request.script_root), "_partials/footer.html"))  # noqa: S704 — a rendered template


def header_key(user) -> tuple:
    """What the header shows depends on, and nothing else: the person's menu key, the menu item of the page, the
    bell's number and whether the page is the bell's or the profile's own; the language for a visitor."""
    lang = current_lang()
    if user is not None and user.is_authenticated:
        person_menu = menu.menu_for(user)
        here = request.endpoint if request.endpoint in OWN_LINKS else None
        return ("header", menu.cache_key(user, lang), menu.menu_current(person_menu.urls), unread_count(user), here)
    return ("header", lang, request.script_root)


@pass_context
def header(context) -> Markup:
    """The skip link, brand, main menu, bell, name and log-out button, and the language switcher."""
    html = _kept(header_key(current_user._get_current_object()), "_partials/header.html")
    if CSRF_MARK in html:
        html = html.replace(CSRF_MARK, csrf_token())
    # The language switcher's way back: the page itself, unless the view named another (verify: never the number).
    back = context.get("current_path") or request.full_path.rstrip("?")
    return Markup(html.replace(NEXT_MARK, str(escape(back))))  # noqa: S704 — a rendered template, the path escaped
