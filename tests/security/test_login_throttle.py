"""Log-in throttling: guesses sent at once get no more answers than guesses sent one by one (threads, on
SQLite and PostgreSQL); one visitor's failures do not lock anyone else out; an unknown user name costs the
same hashing as a known one."""

from __future__ import annotations

import re
import threading

import pytest
from sqlalchemy import func, select

from coordinator.auth import models as auth_models
from coordinator.auth.models import LoginFailure, User
from coordinator.extensions import db
from tests.factories import PASSWORD

GUESSES = 40


CSRF_VALUE = re.compile(r'name="csrf_token"[^>]*value="[^"]*"')

def post_login(test_client, username: str, password: str, address: str = "127.0.0.1"):
    return test_client.post("/login", data={"username": username, "password": password},
                            environ_base={"REMOTE_ADDR": address}, headers={"Accept-Language": "en"})


def guess_at_once(app, addresses: list[str]) -> list[int]:
    """One wrong guess for "admin" from each address, all released at the same instant."""
    statuses: list = [None] * len(addresses)
    start = threading.Barrier(len(addresses))

    def guess(index: int) -> None:
        test_client = app.test_client()
        start.wait(timeout=30)
        statuses[index] = post_login(test_client, "admin", f"wrong-guess-{index}", addresses[index]).status_code

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(len(addresses))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return statuses


def failures(app, **where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(LoginFailure).filter_by(**where))


def test_forty_guesses_sent_at_once_get_at_most_five_answers(app, users):
    statuses = guess_at_once(app, ["203.0.113.5"] * GUESSES)
    answered = statuses.count(401)
    assert 1 <= answered <= app.config["LOGIN_MAX_FAILURES"] == 5, statuses
    assert statuses.count(429) == GUESSES - answered, statuses  # the rest are refused, none fails otherwise
    assert failures(app, username_key="admin") == answered


def test_guesses_spread_over_many_addresses_at_once_stop_at_the_account_limit(app_factory, users):
    app = app_factory(LOGIN_MAX_FAILURES_PER_ACCOUNT=5)
    statuses = guess_at_once(app, [f"198.51.100.{i}" for i in range(GUESSES)])
    assert 1 <= statuses.count(401) <= 5 and statuses.count(429) == GUESSES - statuses.count(401), statuses


def test_one_visitors_failures_lock_only_that_visitor_out_of_that_account(app, users):
    attacker, owner = app.test_client(), app.test_client()
    for _ in range(5):
        assert post_login(attacker, "admin", "a-wrong-guess", "203.0.113.5").status_code == 401
    refused = post_login(attacker, "admin", PASSWORD, "203.0.113.5")  # even the right password, from there
    assert refused.status_code == 429 and "Too many failed log-in attempts" in refused.get_data(as_text=True)
    # The administrator, at another address, still logs in; and clears only their own failures.
    assert post_login(owner, "admin", PASSWORD, "192.0.2.10").status_code == 302
    assert failures(app, username_key="admin", address="203.0.113.5") == 5


def test_one_address_trying_many_names_is_stopped_for_every_name(app, users):
    names = ["admin", "liaison.khz", "liaison.msn", "trainer.khz", "trainer.msn", "manager.khz", "nobody"]
    for attempt in range(app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"]):
        post_login(app.test_client(), names[attempt % len(names)], "a-wrong-guess", "203.0.113.5")
    assert post_login(app.test_client(), "manager.msn", PASSWORD, "203.0.113.5").status_code == 429
    assert post_login(app.test_client(), "manager.msn", PASSWORD, "192.0.2.10").status_code == 302


@pytest.fixture
def hash_checks(monkeypatch):
    """Every password hash checked at log-in, as the method part of the hash (e.g. "pbkdf2:sha256:1000")."""
    checked = []
    real = auth_models.check_password_hash

    def spy(stored, password):
        checked.append(stored.split("$", 1)[0])
        return real(stored, password)

    monkeypatch.setattr(auth_models, "check_password_hash", spy)
    return checked


def test_an_unknown_user_name_costs_the_same_hashing_as_a_known_one(app, client, users, hash_checks):
    with app.app_context():
        known_method = db.session.scalar(select(User.password_hash).where(User.username == "admin")).split("$")[0]
    assert post_login(client, "admin", "a-wrong-guess").status_code == 401
    assert post_login(client, "no.such.user", "a-wrong-guess").status_code == 401
    with app.app_context():
        db.session.get(User, users["trainer_khz"].id).active = False
        db.session.commit()
    assert post_login(client, "trainer.khz", PASSWORD).status_code == 401
    assert hash_checks == [known_method] * 3  # one check each, of the same kind and cost
    # The refusals read the same, but for the name typed back into the form.
    # The CSRF token carries the second it was signed in: two pages a second apart differ there, and only there.
    pages = [CSRF_VALUE.sub('name="csrf_token" value=""', post_login(client, name, "a-wrong-guess")
                            .get_data(as_text=True)) for name in ("admin", "no.such.user")]
    assert "user name or password is wrong" in pages[0] and pages[0] == pages[1].replace("no.such.user", "admin")
