"""The certificate verification limit is counted in the database: two app processes share one count."""

from __future__ import annotations

from datetime import timedelta

from coordinator import ratelimit
from coordinator.db import utcnow
from coordinator.extensions import db


def test_two_apps_on_one_database_share_the_verify_limit(app_factory):
    first, second = app_factory(VERIFY_MAX_LOOKUPS=4), app_factory(VERIFY_MAX_LOOKUPS=4)
    clients = [first.test_client(), second.test_client()]
    statuses = [clients[i % 2].get("/verify/KM-2026-AAAA-AAAA").status_code for i in range(4)]
    assert statuses == [404] * 4
    for client in clients:  # both processes now refuse: the four lookups were spread over both
        response = client.get("/verify/KM-2026-AAAA-AAAA")
        assert response.status_code == 429 and response.headers["Retry-After"] == "600"
    other = clients[0].get("/verify/KM-2026-AAAA-AAAA", environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert other.status_code == 404


def test_old_hits_leave_the_window_and_the_table(app_ctx):
    start = utcnow()
    window = timedelta(minutes=10)
    assert all(ratelimit.hit("verify", "a", 3, window, now=start + timedelta(minutes=m)) for m in (0, 1, 2))
    assert not ratelimit.hit("verify", "a", 3, window, now=start + timedelta(minutes=3))
    assert ratelimit.hit("verify", "b", 3, window, now=start + timedelta(minutes=3))
    assert ratelimit.hit("verify", "a", 3, window, now=start + timedelta(minutes=10, seconds=1))
    assert not ratelimit.hit("verify", "a", 3, window, now=start + timedelta(minutes=10, seconds=2))
    db.session.commit()
    later = start + timedelta(hours=1)
    assert ratelimit.hit("verify", "c", 3, window, now=later)
    assert db.session.query(ratelimit.RateLimitHit).count() == 1  # everything older than the window went
