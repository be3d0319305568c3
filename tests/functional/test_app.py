"""The app factory, configuration from the environment, response headers and error pages."""

from __future__ import annotations

import pytest
from flask import abort

from coordinator import create_app
from coordinator.config import ProductionConfig, TestConfig, config_from_env


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
    with client.get("/static/css/app.css") as css:
        assert "/assets/fonts/noto-sans-arabic.ttf" in css.get_data(as_text=True)
    with client.get("/assets/fonts/noto-sans-arabic.ttf") as font:
        assert font.status_code == 200 and font.mimetype == "font/ttf"
        assert font.data[:4] in (b"\x00\x01\x00\x00", b"true")


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
