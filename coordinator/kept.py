"""Values derived from stored data, kept per process until the data moves.

A value is keyed by what it depends on and by the data version (`audit.data_version`, one indexed query a
request): a record changed in any process moves the version, so the next request computes afresh. A kept value
is also trusted for a bounded time only, against writes the version cannot see (see audit.data_version), and the
store holds a bounded number of values, the least recently used leaving first.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock
from typing import Any

from .audit import data_version


class Kept:
    def __init__(self, ttl_seconds: float, capacity: int) -> None:
        self.ttl, self.capacity = ttl_seconds, capacity
        self._values: OrderedDict = OrderedDict()
        self._lock = Lock()

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        key = (key, data_version())
        now = time.monotonic()
        with self._lock:
            held = self._values.get(key)
            if held is not None and now - held[0] < self.ttl:
                self._values.move_to_end(key)
                return held[1]
        value = compute()
        with self._lock:
            self._values[key] = (now, value)
            while len(self._values) > self.capacity:
                self._values.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
