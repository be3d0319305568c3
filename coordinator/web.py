"""Small helpers every view uses: safe redirects, the client address, putting domain errors on forms."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, render_template, request, url_for

from .errors import STATUS_MESSAGES, DomainError
from .extensions import db


def safe_next(target: str | None, default_endpoint: str = "main.index") -> str:
    """A local path to go back to; anything that could leave the site becomes the home page."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for(default_endpoint)


def int_arg(name: str, default: int | None = None, maximum: int = 1_000_000) -> int | None:
    """A positive whole number from the query string, in any digits; anything else gives the default."""
    from .l10n.digits import InputError, parse_int

    text = request.args.get(name, "")
    try:
        return parse_int(text, minimum=1, maximum=maximum) if text else default
    except InputError:
        return default


def query_args() -> dict:
    """The query string without keys url_for would take as its own options (_method, _external ...)."""
    return {k: v for k, v in request.args.items() if not k.startswith("_")}


def client_address() -> str:
    return (request.remote_addr or "")[:64]


def stale_differences(form, obj, names=None) -> list[tuple[object, object]]:
    """After a refused stale edit: the saved values that differ from what the user typed, so they can
    review them; the form moves to the current version, so saving again is a deliberate choice."""
    differences = []
    for name, field in form._fields.items():
        if name in ("csrf_token", "version") or not hasattr(obj, name) or (names and name not in names):
            continue
        saved = getattr(obj, name)
        if (saved if saved is not None else "") != (field.data if field.data is not None else ""):
            differences.append((field.label.text, saved))
    form.version.data = obj.version
    return differences


def form_error(form, error: DomainError) -> None:
    """Show a service's refusal on the field it concerns, or above the form."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*(field.errors or []), str(error.message)]
    else:
        flash(str(error.message), "error")


def error_page(code: int, message=None):
    """The error page in the viewer's language (JSON for a client that asks only for JSON); rolls back first."""
    db.session.rollback()
    title, default = STATUS_MESSAGES.get(code, STATUS_MESSAGES[500])
    if request.accept_mimetypes.best == "application/json":
        return {"code": code, "message": str(message or default)}, code
    return render_template("errors/error.html", code=code, title=title, message=message or default), code
