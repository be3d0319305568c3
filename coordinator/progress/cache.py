"""Progress reports kept per process, keyed by the period and the data version (see kept.py).

A report counts a dozen families of records over a period: some twenty grouped queries and the Python that
builds their SQL, a fifth of a second at the large size. The meeting page asks for it three times (the period
since the previous meeting, and plan against actual), the dashboard once, and every viewer of the same page
asks for the same period. A report is a pure function of its period and the stored data, and holds no
language (its labels translate when shown), so one computed report serves every viewer until the data moves.
"""

from __future__ import annotations

from ..kept import Kept

# Bounds how long a report is trusted against writes the data version cannot see (see audit.data_version).
TTL_SECONDS = 120
CAPACITY = 64

_reports = Kept(TTL_SECONDS, CAPACITY)


def cached(period, compute):
    return _reports.get(period, lambda: compute(period))


def clear() -> None:
    _reports.clear()
