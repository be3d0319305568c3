"""Small helpers every view uses: safe redirects, the client address, putting domain errors on forms."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, request, url_for

from .errors import DomainError


def safe_next(target: str | None, default_endpoint: str = "main.index") -> str:
    """A local path to go back to; anything that could leave the site becomes the home page."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for(default_endpoint)


def client_address() -> str:
    return (request.remote_addr or "")[:64]


def form_error(form, error: DomainError) -> None:
    """Show a service's refusal on the field it concerns, or above the form."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*(field.errors or []), str(error.message)]
    else:
        flash(str(error.message), "error")
