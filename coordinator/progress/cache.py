"""Progress reports kept per process, keyed by the period and the data version (audit.data_version).

A report counts a dozen families of records over a period: some twenty grouped queries and the Python that
builds their SQL, a fifth of a second at the large size. The meeting page asks for it three times (the period
since the previous meeting, and plan against actual), the dashboard once, and every viewer of the same page
asks for the same period. A report is a pure function of its period and the stored data, and holds no
language (its labels translate when shown), so one computed report serves every viewer until the data moves.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from threading import Lock

from ..audit import data_version

# Bounds how long a report is trusted against writes the data version cannot see (see audit.data_version).
TTL_SECONDS = 120
CAPACITY = 64

_reports: OrderedDict = OrderedDict()
_lock = Lock()


def cached(period, compute):
    key = (period, data_version())
    now = time.monotonic()
    with _lock:
        held = _reports.get(key)
        if held is not None and now - held[0] < TTL_SECONDS:
            _reports.move_to_end(key)
            return held[1]
    report = compute(period)
    with _lock:
        _reports[key] = (now, report)
        while len(_reports) > CAPACITY:
            _reports.popitem(last=False)
    return report


def clear() -> None:
    with _lock:
        _reports.clear()
