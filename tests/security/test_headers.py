"""Response headers and configuration a browser and an attacker see: every promise of docs/security.md."""

from __future__ import annotations

import re

import pytest
from flask import abort

from coordinator import create_app
from coordinator.config import ROOT, ProductionConfig, TestConfig

SECRET = "x" * 48


@pytest.fixture
def production_app(database_url):
    class Config(ProductionConfig):
        SECRET_KEY = SECRET
        SQLALCHEMY_DATABASE_URI = database_url
        TRUSTED_HOSTS = ["coordinator.example", "localhost"]

    app = create_app(Config)
    yield app
    from coordinator.extensions import db

    with app.app_context():
        db.engine.dispose()


def csp_directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in policy.split(";") if part.strip()}


def test_every_page_forbids_inline_script_framing_and_sniffing(client, users, login):
    pages = [client.get("/login")]
    login("admin")
    pages += [client.get("/"), client.get("/admin/users/"), client.get("/no-such-page")]
    for response in pages:
        directives = csp_directives(response)
        assert directives["script-src"] == "script-src 'self'"
        assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
        assert "unsafe-eval" not in response.headers["Content-Security-Policy"]
        assert directives["frame-ancestors"] == "frame-ancestors 'none'"
        assert directives["object-src"] == "object-src 'none'"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert "Strict-Transport-Security" not in response.headers  # plain http in development and tests


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


def test_no_template_carries_inline_script_or_event_handlers():
    """The CSP would block them in the browser; here they are caught before anyone ships one."""
    offenders = []
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        if INLINE_SCRIPT.search(text) or EVENT_HANDLER.search(text) or "javascript:" in text.lower():
            offenders.append(str(template.relative_to(ROOT)))
    assert offenders == []


def test_production_adds_hsts_secure_cookies_and_no_debug(production_app):
    assert production_app.debug is False
    assert production_app.config["SESSION_COOKIE_SECURE"] is True
    response = production_app.test_client().get("/login", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_production_refuses_debug(database_url):
    class Config(ProductionConfig):
        SECRET_KEY = SECRET
        SQLALCHEMY_DATABASE_URI = database_url
        DEBUG = True

    with pytest.raises(RuntimeError, match="DEBUG"):
        create_app(Config)


def test_production_answers_only_its_trusted_host_names(production_app):
    client = production_app.test_client()
    assert client.get("/login", base_url="https://coordinator.example").status_code == 200
    response = client.get("/login", base_url="https://evil.example")
    assert response.status_code == 400
    assert "evil.example" not in response.get_data(as_text=True)


def test_production_trusts_only_local_names_unless_told_otherwise(monkeypatch):
    from coordinator.config import _env_list

    assert ProductionConfig.TRUSTED_HOSTS == ["localhost", "127.0.0.1"]  # no TRUSTED_HOSTS set in the tests
    monkeypatch.setenv("TRUSTED_HOSTS", "coordinator.example, www.coordinator.example,")
    assert _env_list("TRUSTED_HOSTS", "localhost") == ["coordinator.example", "www.coordinator.example"]


def test_session_cookie_is_http_only_and_same_site(client, users):
    from tests.factories import PASSWORD

    response = client.post("/login", data={"username": "admin", "password": PASSWORD})
    cookie = next(v for v in response.headers.getlist("Set-Cookie") if v.startswith("coordinator_session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_authenticated_pages_are_not_cached_static_files_may_be(client, users, login):
    login("admin")
    for url in ("/", "/admin/users/", "/profile"):
        assert client.get(url).headers["Cache-Control"] == "no-store", url
    static = client.get("/static/css/app.css")
    assert static.status_code == 200 and "no-store" not in static.headers.get("Cache-Control", "")
    static.close()


def test_too_large_request_gets_a_translated_413_page(app_factory):
    app = app_factory(MAX_CONTENT_LENGTH=1024)
    response = app.test_client().post(
        "/login", data={"username": "a" * 5000, "password": "x"}, headers={"Accept-Language": "fa"}
    )
    assert response.status_code == 413
    body = response.get_data(as_text=True)
    assert "حجم بیش از حد مجاز" in body and 'lang="fa"' in body


def test_configured_upload_cap_is_finite():
    assert 0 < TestConfig.MAX_CONTENT_LENGTH <= 64 * 1024 * 1024


@pytest.mark.parametrize("method", ["TRACE", "PUT", "DELETE", "PATCH"])
def test_unused_methods_are_refused(client, method):
    response = client.open("/login", method=method, headers={"X-Secret": "echo-me"})
    assert response.status_code == 405
    assert "echo-me" not in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/static/", "/static/css/", "/static/js", "/static/../instance/",
                                  "/static/..%2f..%2fsetup.cfg", "/static/%2e%2e/setup.cfg", "/instance/",
                                  "/.git/config", "/.env", "/setup.cfg", "/coordinator/config.py"])
def test_no_directory_listing_and_no_files_outside_static(client, path):
    response = client.get(path)
    assert response.status_code == 404, path
    body = response.get_data(as_text=True)
    assert "Index of" not in body and "[metadata]" not in body and "SECRET_KEY" not in body


def test_unexpected_error_shows_a_generic_page_without_details(app_factory, caplog):
    app = app_factory()

    @app.route("/boom")
    def boom():
        raise RuntimeError("database password is hunter2")

    with caplog.at_level("ERROR"):
        response = app.test_client().get("/boom", headers={"Accept-Language": "en"})
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong" in body
    assert "Traceback" not in body and "hunter2" not in body and "RuntimeError" not in body
    assert "hunter2" in caplog.text  # the details go to the log for the operator, not to the visitor


def test_http_errors_use_the_same_generic_page(app_factory):
    app = app_factory()

    @app.route("/teapot")
    def teapot():
        abort(418, description="internal detail")

    response = app.test_client().get("/teapot")
    assert response.status_code == 400
    assert "internal detail" not in response.get_data(as_text=True)


@pytest.mark.parametrize("where", ["form", "query"])
def test_nul_characters_are_refused_before_any_view(client, users, login, where):
    login("admin")
    data = {"name_fa": "مرکز\x00", "name_ar": "x"}
    if where == "form":
        response = client.post("/catalog/centres/new", data=data, headers={"Accept-Language": "en"})
    else:
        response = client.get("/courses/", query_string={"q": "a\x00b"}, headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert "Check what you entered" in response.get_data(as_text=True)


def test_a_value_no_column_can_hold_is_a_bad_request_not_a_server_error(client, users, login):
    login("admin")
    response = client.post("/trainees/new", headers={"Accept-Language": "en"}, data={
        "name_fa": "فاطمه", "name_ar": "", "gender": "f", "side_id": "99999999999999999999999",
        "target_group_ids": [], "education": "secondary", "phone": "", "national_id": "", "birth_date": ""})
    assert response.status_code == 400
    assert "Check what you entered" in response.get_data(as_text=True) or "has-error" in response.get_data(
        as_text=True)
