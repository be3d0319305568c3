"""Public pages that are the same for every visitor in a language (the certificate check's form, the log-in
form), rendered once per language and kept, with the visitor's CSRF token put in on the way out.

The certificate check is the page a QR code on every certificate leads to, opened by employers and offices
abroad who never sign in; rendering it anew each time was two thirds of its cost. A page is kept only for a GET
with no query, no message waiting to be shown, status 200. For a signed-in person the page differs only in its
header, so it is kept under the header's own key (layout.header_key: the person's menu key, account version
included, and the bell's number). A typed certificate number, a flashed message or another language each get
the page rendered as before.
"""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock

from flask import Response, current_app, g, request, session
from flask_login import current_user

from ..l10n.locales import current_lang
from .layout import CSRF_MARK, csrf_token, header_key

KEPT_ENDPOINTS = frozenset({"verify.form", "auth.login"})
# Made anew for each response; every other header (the view's Cache-Control and X-Robots-Tag, the security
# headers, which security_headers then finds present) is kept with the page.
NOT_KEPT_HEADERS = frozenset({"content-length", "set-cookie", "vary"})
CAPACITY = 64

_lock = Lock()


def _pages() -> OrderedDict:
    """This app's kept pages (an app with other settings, CSRF off in some tests, draws other forms)."""
    return current_app.extensions.setdefault("kept_public_pages", OrderedDict())


def _key():
    if (request.method != "GET" or request.query_string or request.endpoint not in KEPT_ENDPOINTS
            or session.get("_flashes")):
        return None
    user = current_user._get_current_object()
    if user is not None and user.is_authenticated:
        # Signed in, the page differs from a visitor's only in its header: kept under what the header shows.
        return (request.endpoint, header_key(user), request.script_root, request.host)
    return (request.endpoint, current_lang(), request.script_root, request.host)


def serve_kept():
    """before_request: the kept page, if there is one for this visitor; else mark the response for keeping."""
    key = _key()
    if key is None:
        return None
    with _lock:
        held = _pages().get(key)
    if held is None:
        g.keep_page_as = key
        return None
    body, headers = held
    return Response(body.replace(CSRF_MARK, csrf_token()), 200, headers)


def keep(response):
    """after_request: keep the page just rendered for a key `serve_kept` found empty, its token marked."""
    key = g.pop("keep_page_as", None)
    if key is None or response.status_code != 200 or response.mimetype != "text/html" or response.is_streamed:
        return response
    body = response.get_data(as_text=True)
    token = g.get("csrf_token")
    if token:
        body = body.replace(token, CSRF_MARK)
    headers = [(name, value) for name, value in response.headers if name.lower() not in NOT_KEPT_HEADERS]
    with _lock:
        pages = _pages()
        pages[key] = (body, headers)
        while len(pages) > CAPACITY:
            pages.popitem(last=False)
    return response


def clear() -> None:
    with _lock:
        _pages().clear()
