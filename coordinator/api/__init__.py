"""JSON API v1: the same services and permission rules as the pages, documented by an OpenAPI document.

Only `Authorization: Bearer <token>` authenticates; the session cookie is ignored for reads and writes
alike, so the API needs no CSRF token and a page cannot be tricked into calling it.
"""

from __future__ import annotations

from flask import Flask, request
from flask_smorest import Api

from .schemas import ErrorSchema

API_PREFIX = "/api/v1"
# Far below the upload limit of the pages: API bodies are small JSON documents.
MAX_BODY = 256 * 1024
BODY_METHODS = ("POST", "PUT", "PATCH")


class CoordinatorApi(Api):
    """flask-smorest without its app-wide error handler: the pages keep their own error pages."""

    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self):
        return None


def register(app: Flask) -> None:
    from flask_smorest import Blueprint

    from ..auth import tokens  # noqa: F401  (its listener revokes tokens on a password change)
    from ..extensions import csrf
    from . import auth, docs, errors, resources  # noqa: F401
    from .errors import ApiError

    app.config.setdefault("API_TITLE", "Coordinator API")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("API_SPEC_OPTIONS", {
        "servers": [{"url": "/"}],
        "components": {"securitySchemes": {"bearer": {
            "type": "http", "scheme": "bearer", "description": "A personal access token from your profile page."}}},
        "security": [{"bearer": []}],
        "info": {"description": "Joint programme data for other systems. Dates are ISO 8601 (Gregorian); "
                                "instants are UTC with an offset. Lists take page, per_page (at most 100) and q."},
    })
    api = CoordinatorApi(app)
    parent = Blueprint("api", __name__, url_prefix=API_PREFIX)

    @parent.before_request
    def before():
        auth.authenticate()
        if request.method in BODY_METHODS:
            request.max_content_length = MAX_BODY
            if (request.content_length or 0) > MAX_BODY:
                raise ApiError(413)
            has_body = bool(request.content_length) or "chunked" in request.headers.get("Transfer-Encoding", "")
            if has_body and not request.is_json:
                raise ApiError(415)

    @parent.after_request
    def no_cache(response):
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    docs.add_routes(parent, api)
    for child in resources.blueprints():
        parent.register_blueprint(child)
    errors.register(parent, app)
    api.register_blueprint(parent)
    _tag_by_area(app, api)
    csrf.exempt(parent)
    for name, blueprint in app.blueprints.items():
        if name.startswith("api."):
            csrf.exempt(blueprint)


def _tag_by_area(app: Flask, api: Api) -> None:
    """Nested blueprints are documented under their parent's tag; list each operation under its area."""
    import re

    areas = {name.split(".")[1]: blueprint for name, blueprint in app.blueprints.items() if name.startswith("api.")}
    paths = api.spec._paths  # apispec keeps no public way to edit an operation once added
    for rule in app.url_map.iter_rules():
        parts = rule.endpoint.split(".")
        if len(parts) != 3 or parts[0] != "api":
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        for method in rule.methods or ():
            operation = paths.get(path, {}).get(method.lower())
            if isinstance(operation, dict):
                operation["tags"] = [parts[1]]
    api.spec._tags = [{"name": name, "description": blueprint.description or ""}
                      for name, blueprint in areas.items()]
