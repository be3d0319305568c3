"""Response headers every page carries."""

from flask import request
from flask_login import current_user

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)


def register(app) -> None:
    production = app.config["ENV_NAME"] == "production"

    @app.after_request
    def security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        if production:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        # Pages of a logged-in user must not outlive the session in a shared browser's cache.
        if not request.path.startswith("/static/") and current_user and current_user.is_authenticated:
            headers["Cache-Control"] = "no-store"
        headers.add("Vary", "Cookie")
        return response
