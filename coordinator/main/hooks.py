"""Response headers every page carries, security events seen at the response, and the read-only audit trail."""

import logging

from flask import abort, g, request
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.exc import DataError
from sqlalchemy.orm import Session
from werkzeug.exceptions import SecurityError

from ..ops import sqlite_locks
from ..security_log import log_event
from . import assets, public_pages
from .cookie_sessions import KeptCookieSessions
from .error_pages import render_error

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
# The app uses none of these browser features; a page that is somehow tricked cannot either.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
DEFAULT_HEADERS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    ("Permissions-Policy", PERMISSIONS_POLICY),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)
PRODUCTION_HEADERS = (*DEFAULT_HEADERS, ("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def register(app) -> None:
    production = app.config["ENV_NAME"] == "production"
    if production and app.config.get("DEBUG"):
        # The debugger runs any code typed into an error page: never on a real installation.
        raise RuntimeError("DEBUG must be off in production (unset FLASK_DEBUG).")
    protect_audit_trail()
    app.session_interface = KeptCookieSessions()  # a cookie checked once is not checked again (cookie_sessions.py)
    sqlite_locks.install()
    security_logger = logging.getLogger("coordinator.security")
    if security_logger.level == logging.NOTSET:
        # Security events are INFO: without this they would fall below the root logger's WARNING.
        security_logger.setLevel(logging.INFO)

    @app.before_request
    def refuse_nul_characters():
        # No one types U+0000; PostgreSQL refuses it in text columns (a 500 there), and it can cut strings short
        # in other tools. Refuse the request before any view sees it.
        # Only what the request carries is parsed: a form exists only for a form body.
        sources = ([request.args] if request.query_string else []) + (
            [request.form] if request.mimetype in FORM_TYPES else [])
        if any("\x00" in value for source in sources for value in source.values()):
            abort(400)

    app.before_request(public_pages.serve_kept)
    app.after_request(public_pages.keep)  # kept with every header but the per-response ones (public_pages.py)

    @app.errorhandler(OverflowError)
    @app.errorhandler(DataError)
    def value_the_database_refused(error):
        # A safety net: a typed value no column can hold (an id beyond any integer, text over a column's
        # length) is a bad request, not a server error. Forms should catch it first and say which field.
        # The driver's own message only: SQLAlchemy's would list the statement's parameters (personal data).
        reason = (str(getattr(error, "orig", None) or error).splitlines() or [""])[0]
        app.logger.warning("Database refused a value on %s %s: %s", request.method, request.path, reason)
        return render_error(400)

    @app.errorhandler(SecurityError)
    def untrusted_host(error):
        # No URLs can be built for a refused Host, so no page template: a plain answer that echoes nothing.
        log_event("untrusted_host", logging.WARNING)
        return "Bad request", 400, {"Content-Type": "text/plain; charset=utf-8"}

    @app.after_request
    def security_headers(response):
        headers = response.headers
        # Each unless the view set its own (one pass over the headers, not one per header).
        present = {key.lower() for key, _value in headers}
        for key, value in (PRODUCTION_HEADERS if production else DEFAULT_HEADERS):
            if key.lower() not in present:
                headers.add(key, value)
        user = current_user._get_current_object()
        authenticated = bool(user is not None and user.is_authenticated)
        # Pages of a logged-in user must not outlive the session in a shared browser's cache; static files
        # carry their version in the URL (main/assets.py), so they may stay for a year.
        if request.path.startswith("/static/"):
            if response.status_code == 200 and assets.is_long_lived():
                headers["Cache-Control"] = assets.LONG_CACHE
        elif authenticated:
            headers["Cache-Control"] = "no-store"
        headers.add("Vary", "Cookie")
        log_response_events(response, user if authenticated else None)
        return response


def log_response_events(response, user) -> None:
    user_id = user.id if user is not None else None
    token = g.get("api_token")
    if token is not None:
        log_event("api_token_use", user_id=user_id, token_id=token.id, status=response.status_code)
    if response.status_code == 403:
        log_event("permission_denied", logging.WARNING, user_id=user_id)
    elif response.status_code == 401 and request.path.startswith("/api/"):
        log_event("api_token_refused", logging.WARNING)


class AuditTrailReadOnly(RuntimeError):
    """The audit trail only grows: no code path may change or remove an entry."""


def protect_audit_trail() -> None:
    if not event.contains(Session, "before_flush", _refuse_audit_changes):
        event.listen(Session, "before_flush", _refuse_audit_changes)
        event.listen(Session, "do_orm_execute", _refuse_audit_bulk_changes)


def _refuse_audit_changes(session, flush_context, instances):
    from ..audit import AuditEntry

    for obj in session.deleted:
        if isinstance(obj, AuditEntry):
            raise AuditTrailReadOnly("audit entries cannot be deleted")
    for obj in session.dirty:
        if isinstance(obj, AuditEntry) and session.is_modified(obj):
            raise AuditTrailReadOnly("audit entries cannot be changed")


def _refuse_audit_bulk_changes(state):
    from ..audit import AuditEntry

    if (state.is_update or state.is_delete) and any(m.class_ is AuditEntry for m in state.all_mappers):
        raise AuditTrailReadOnly("audit entries cannot be changed or deleted")
