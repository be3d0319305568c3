"""db._ping_if_idle: a pooled connection is tried (SELECT 1) only after PING_AFTER_SECONDS unused; a failed try
is a DisconnectionError, on which the pool opens a new connection instead."""

from __future__ import annotations

from time import monotonic
from types import SimpleNamespace

import pytest
from sqlalchemy.exc import DisconnectionError

from coordinator import db as database


class FakeConnection:
    def __init__(self, fails: bool = False) -> None:
        self.executed, self.rolled_back, self.fails = [], 0, fails

    def cursor(self):
        connection = self

        class Cursor:
            def execute(self, sql):
                if connection.fails:
                    raise OSError("server closed the connection unexpectedly")
                connection.executed.append(sql)

            def close(self):
                pass

        return Cursor()

    def rollback(self):
        self.rolled_back += 1


def _record(idle_for: float | None):
    return SimpleNamespace(info={} if idle_for is None else {"idle_since": monotonic() - idle_for})


def test_a_connection_used_a_moment_ago_or_never_returned_is_handed_over_untried():
    for idle_for in (None, 0.0, database.PING_AFTER_SECONDS - 1):
        connection = FakeConnection()
        database._ping_if_idle(connection, _record(idle_for), None)
        assert connection.executed == []


def test_a_connection_idle_for_a_while_is_tried_and_left_outside_a_transaction():
    connection = FakeConnection()
    database._ping_if_idle(connection, _record(database.PING_AFTER_SECONDS + 1), None)
    assert connection.executed == ["SELECT 1"] and connection.rolled_back == 1


def test_a_connection_that_fails_its_try_is_given_up():
    with pytest.raises(DisconnectionError):
        database._ping_if_idle(FakeConnection(fails=True), _record(database.PING_AFTER_SECONDS + 1), None)


def test_returning_a_connection_starts_its_idle_time():
    record = SimpleNamespace(info={})
    database._idle_from_now(None, record)
    assert monotonic() - record.info["idle_since"] < 1
