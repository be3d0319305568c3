"""The app factory, configuration from the environment, response headers and error pages."""

from __future__ import annotations

import re

import pytest
from flask import abort

from coordinator import create_app
from coordinator.config import ProductionConfig, TestConfig, config_from_env
from coordinator.main.assets import vendor_manifest


@pytest.mark.parametrize("key", ["", "change-me", "dev", "short-but-not-default"])
def test_production_refuses_to_start_without_a_real_secret_key(key):
    class Config(ProductionConfig):
        SECRET_KEY = key

    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(Config)


def test_production_starts_with_a_real_key_and_secure_cookies():
    class Config(ProductionConfig):
        SECRET_KEY = "x" * 48
        SQLALCHEMY_DATABASE_URI = "sqlite://"

    app = create_app(Config)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert not app.debug


def test_config_class_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("COORDINATOR_ENV", "testing")
    assert config_from_env() is TestConfig
    monkeypatch.setenv("COORDINATOR_ENV", "staging")
    with pytest.raises(RuntimeError, match="COORDINATOR_ENV"):
        config_from_env()


def test_database_url_gets_the_psycopg_driver(monkeypatch):
    import importlib

    import coordinator.config as config

    monkeypatch.setenv("DATABASE_URL", "postgres://u@h/db")
    assert importlib.reload(config).Config.SQLALCHEMY_DATABASE_URI == "postgresql+psycopg://u@h/db"
    monkeypatch.delenv("DATABASE_URL")
    importlib.reload(config)


def test_security_headers(client, users, login):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    login("admin")
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_pages_reference_only_local_assets(client):
    page = client.get("/login").get_data(as_text=True)
    assert "http://" not in page and "https://" not in page
    manifest = vendor_manifest(client.application.static_folder)
    if not manifest:
        pytest.skip("static/vendor is empty: `make install` copies the npm files (npm ci)")
    # Bootstrap's right-to-left build and the Persian font, from npm, served by the app itself.
    assert f'/static/{manifest["bootstrap_rtl"]}' in page and f'/static/{manifest["font_fa"]}' in page
    with client.get(f'/static/{manifest["font_fa"]}') as css:
        fonts = re.findall(r"url\(\./(files/[^)]+\.woff2)\)", css.get_data(as_text=True))
    assert fonts
    folder = manifest["font_fa"].rsplit("/", 1)[0]
    with client.get(f"/static/{folder}/{fonts[0]}") as font:
        assert font.status_code == 200 and font.data[:4] == b"wOF2"


def test_static_files_are_cached_for_a_year_and_pages_not_at_all(client, users, login):
    """The fonts and styles carry their version in the address, so a phone in Maysan downloads them once;
    a signed-in person's pages are never kept."""
    manifest = vendor_manifest(client.application.static_folder)
    login("admin")
    page = client.get("/")
    assert page.headers["Cache-Control"] == "no-store"
    html = page.get_data(as_text=True)
    own = re.search(r'href="(/static/css/app\.css\?v=[0-9a-f]{12})"', html)
    assert own, "app.css is linked with a version of its content"
    urls = [own.group(1)] + [f'/static/{path}' for path in manifest.values()]
    for url in urls:
        with client.get(url) as response:
            assert response.status_code == 200
            assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable", url
    # Without a version, our own file may change under the same name: not kept for a year.
    with client.get("/static/css/app.css") as response:
        assert "immutable" not in response.headers.get("Cache-Control", "")


def test_not_found_page_is_localised_without_a_trace(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert '<html lang="fa" dir="rtl">' in page and "Traceback" not in page


def test_method_not_allowed(client):
    assert client.get("/logout").status_code == 405


def test_request_too_large(app, client, users, login):
    login("admin")
    app.config["MAX_CONTENT_LENGTH"] = 1024
    try:
        response = client.post("/catalog/centres/new", data={"name_fa": "x" * 5000})
    finally:
        app.config["MAX_CONTENT_LENGTH"] = TestConfig.MAX_CONTENT_LENGTH
    assert response.status_code == 413
    assert "Traceback" not in response.get_data(as_text=True)


def test_unexpected_error_shows_a_generic_page(app_factory):
    app = app_factory(PROPAGATE_EXCEPTIONS=False)

    @app.route("/boom")
    def boom():
        raise ZeroDivisionError("secret detail")

    @app.route("/forbidden")
    def forbidden():
        abort(403)

    client = app.test_client()
    response = client.get("/boom", headers={"Accept-Language": "en"})
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "secret detail" not in page and "ZeroDivisionError" not in page
    assert "Something went wrong" in page
    assert client.get("/forbidden").status_code == 403
