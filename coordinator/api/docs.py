"""The OpenAPI document and a browsable Swagger UI page, served from local files (no CDN, strict CSP)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, json, render_template, send_from_directory, url_for

HERE = Path(__file__).resolve().parent
ASSETS = ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "favicon-32x32.png")


def _swagger_dir() -> str:
    import swagger_ui_bundle

    return swagger_ui_bundle.swagger_ui_path


def add_routes(parent, api) -> None:
    # Added with Flask's own add_url_rule: these addresses serve the document, they are not in it.
    def openapi_json():
        return current_app.response_class(json.dumps(api.spec.to_dict(), indent=2), mimetype="application/json")

    def docs():
        return render_template("api/docs.html", spec_url=url_for("api.openapi_json"))

    def docs_asset(filename):
        if filename not in ASSETS:
            abort(404)
        return send_from_directory(_swagger_dir(), filename, max_age=86400)

    def docs_init():
        return send_from_directory(HERE / "static", "docs-init.js", max_age=3600)

    add = Blueprint.add_url_rule
    add(parent, "/openapi.json", "openapi_json", openapi_json)
    add(parent, "/docs", "docs", docs)
    add(parent, "/docs/assets/<filename>", "docs_asset", docs_asset)
    add(parent, "/docs/init.js", "docs_init", docs_init)
