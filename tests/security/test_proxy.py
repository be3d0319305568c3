"""Behind a reverse proxy: with TRUSTED_PROXIES set, the visitor's address comes from X-Forwarded-For, so
limits and the security log are per visitor; without it, a forged X-Forwarded-For changes nothing."""

from __future__ import annotations

import json
import logging

import pytest
from flask import request, url_for

from coordinator import create_app
from coordinator.config import TestConfig
from tests.factories import PASSWORD

PROXY = "10.0.0.2"  # every request reaches the app from the proxy's address


def through_proxy(test_client, method: str, url: str, visitor: str, **kwargs):
    """A request as the TLS proxy passes it on: from the proxy, with the visitor appended to the chain."""
    return test_client.open(url, method=method, environ_base={"REMOTE_ADDR": PROXY},
                            headers={"X-Forwarded-For": visitor, "X-Forwarded-Proto": "https",
                                     "Accept-Language": "en"}, **kwargs)


WRONG = "a-wrong-guess"


def fail_login(test_client, visitor: str, password: str = WRONG):
    return through_proxy(test_client, "POST", "/login", visitor, data={"username": "admin", "password": password})


@pytest.fixture
def security_events(caplog):
    caplog.set_level(logging.INFO, logger="coordinator.security")
    return lambda: [json.loads(r.getMessage().partition(" ")[2]) for r in caplog.records
                    if r.name == "coordinator.security"]


def test_behind_a_trusted_proxy_two_visitors_are_throttled_apart(app_factory, users):
    app = app_factory(TRUSTED_PROXIES=1)
    client = app.test_client()
    for _ in range(5):
        assert fail_login(client, "203.0.113.5").status_code == 401
    assert fail_login(client, "203.0.113.5", PASSWORD).status_code == 429
    # Another visitor behind the same proxy is not the one who failed: the administrator gets in.
    assert fail_login(client, "198.51.100.7", PASSWORD).status_code == 302


def test_behind_a_trusted_proxy_the_verify_limit_is_per_visitor(app_factory):
    app = app_factory(TRUSTED_PROXIES=1, VERIFY_MAX_LOOKUPS=3)
    client = app.test_client()
    url = "/verify/KM-2026-AAAA-AAAA"
    assert [through_proxy(client, "GET", url, "203.0.113.5").status_code for _ in range(4)] == [404, 404, 404, 429]
    assert through_proxy(client, "GET", url, "198.51.100.7").status_code == 404


def test_behind_a_trusted_proxy_the_security_log_has_the_visitors_address(app_factory, users, security_events):
    app = app_factory(TRUSTED_PROXIES=1)
    client = app.test_client()
    fail_login(client, "203.0.113.5")
    # A visitor who sends an X-Forwarded-For of their own gets it kept in front: the proxy appends the
    # address it saw, and only that last one is trusted.
    fail_login(client, "192.0.2.66, 198.51.100.7")
    assert [(e["event"], e["ip"]) for e in security_events()] == [
        ("login_failure", "203.0.113.5"), ("login_failure", "198.51.100.7")]


def test_behind_a_trusted_proxy_the_app_sees_https_and_the_visitor(app_factory):
    """Links built by the app (url_for(_external=True), the certificate's QR code) keep the https the proxy
    answered on."""
    app = app_factory(TRUSTED_PROXIES=1)
    app.add_url_rule("/_seen", "seen", lambda: " ".join(
        (request.scheme, request.remote_addr, url_for("verify.form", _external=True))))
    seen = through_proxy(app.test_client(), "GET", "/_seen", "203.0.113.5").get_data(as_text=True)
    assert seen == "https 203.0.113.5 https://localhost/verify"


def test_without_trusted_proxies_a_forged_forwarded_address_is_ignored(app, users, security_events):
    assert app.config["TRUSTED_PROXIES"] == 0
    client = app.test_client()
    # Each failure claims another address; all are counted against the real one.
    for i in range(5):
        assert fail_login(client, f"203.0.113.{i}").status_code == 401
    assert fail_login(client, "203.0.113.99", PASSWORD).status_code == 429
    assert {e["ip"] for e in security_events()} == {PROXY}


def test_without_trusted_proxies_a_forged_address_does_not_reset_the_verify_limit(app_factory):
    app = app_factory(VERIFY_MAX_LOOKUPS=2)
    client = app.test_client()
    statuses = [through_proxy(client, "GET", "/verify/KM-2026-AAAA-AAAA", f"203.0.113.{i}").status_code
                for i in range(3)]
    assert statuses == [404, 404, 429]


@pytest.mark.parametrize("count", [-1, "1"])
def test_a_nonsense_proxy_count_stops_the_app(count):
    config = type("Config", (TestConfig,), {"TRUSTED_PROXIES": count})
    with pytest.raises(RuntimeError, match="TRUSTED_PROXIES"):
        create_app(config)
