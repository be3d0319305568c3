"""The public certificate verification page, reached by the QR code on every certificate: no log-in."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, render_template, request, url_for

from .. import ratelimit
from ..extensions import db
from ..web import client_address
from . import services
from .blueprint import bp

MAX_LOOKUPS = 30
WINDOW_SECONDS = 600


def window_seconds() -> int:
    return int(current_app.config.get("VERIFY_WINDOW_SECONDS", WINDOW_SECONDS))


def allow_lookup(address: str) -> bool:
    """Count a lookup in the database, so every app process shares one limit per address."""
    allowed = ratelimit.hit(
        "verify", address, int(current_app.config.get("VERIFY_MAX_LOOKUPS", MAX_LOOKUPS)),
        timedelta(seconds=window_seconds()),
    )
    db.session.commit()
    return allowed


def _render(template: str, status: int = 200, **context):
    # current_path feeds the language switcher's "next": the form page, never the typed number.
    response = current_app.make_response(
        (render_template(template, current_path=url_for("verify.form"), **context), status)
    )
    # Trainees' names are public to whoever holds the number, not to search engines.
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Cache-Control"] = "no-store"
    return response


def _lookup(number: str):
    if not allow_lookup(client_address()):
        response = _render("certificates/verify_limited.html", 429)
        response.headers["Retry-After"] = str(window_seconds())
        return response
    found = services.lookup_public(number)
    if found is None:
        # Malformed and unknown numbers get the same page, and the typed text is not shown back.
        return _render("certificates/verify_missing.html", 404)
    return _render("certificates/verify_result.html", certificate=found)


@bp.route("/")
@bp.route("")  # registered first, so url_for gives /verify
def form():
    number = request.args.get("number", "")
    if number.strip():
        return _lookup(number)
    return _render("certificates/verify_form.html")


@bp.route("/<path:number>")
def certificate(number):
    return _lookup(number)
