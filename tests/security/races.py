"""Helpers for race tests: run work in threads that start together, and hold racers at a chosen point."""

from __future__ import annotations

import contextlib
import threading

from tests.security.test_concurrency import race

__all__ = ["Pause", "at_once", "race"]


class Pause:
    """Wrap `module.name` so each caller waits there for the other racer (until `timeout` seconds).

    Both racers reach the point before either writes, as on a busy day. When a row lock makes one of them
    wait before the point, the other waits out the timeout alone and goes on: that is the behaviour we want.
    `next_trial()` gives each trial a fresh meeting point."""

    def __init__(self, monkeypatch, module, name: str, parties: int = 2, timeout: float = 0.5) -> None:
        self.parties, self.timeout = parties, timeout
        self.barrier = threading.Barrier(parties)
        original = getattr(module, name)

        def paused(*args, **kwargs):
            result = original(*args, **kwargs)
            with contextlib.suppress(threading.BrokenBarrierError):
                self.barrier.wait(timeout=self.timeout)
            return result

        monkeypatch.setattr(module, name, paused)

    def next_trial(self) -> None:
        self.barrier = threading.Barrier(self.parties)


def at_once(*calls):
    """Run each callable in a thread of its own, all starting together; what each returned or raised."""
    results: list = [None] * len(calls)
    start = threading.Barrier(len(calls))

    def run(index):
        try:
            start.wait(timeout=10)
            results[index] = calls[index]()
        except Exception as exc:  # noqa: BLE001 (what the racer got is what the test looks at)
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results
