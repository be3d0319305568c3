"""kept.Kept: a value derived from stored data is served again while the data version holds, computed afresh
when the version moves or the value is too old, and the store keeps only so many values."""

from __future__ import annotations

from coordinator import kept
from coordinator.kept import Kept


def _counter():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    return calls, compute


def test_a_value_is_kept_while_the_data_version_holds_and_computed_again_when_it_moves(monkeypatch):
    version = ["v1"]
    monkeypatch.setattr(kept, "data_version", lambda: version[0])
    store, (calls, compute) = Kept(ttl_seconds=60, capacity=4), _counter()
    assert store.get("standards fa", compute) == 1
    assert store.get("standards fa", compute) == 1 and len(calls) == 1
    assert store.get("standards ar", compute) == 2  # another key is another value
    version[0] = "v2"  # a record changed somewhere
    assert store.get("standards fa", compute) == 3


def test_a_value_older_than_its_time_is_computed_again(monkeypatch):
    monkeypatch.setattr(kept, "data_version", lambda: "v1")
    store, (calls, compute) = Kept(ttl_seconds=0, capacity=4), _counter()
    store.get("k", compute)
    store.get("k", compute)
    assert len(calls) == 2


def test_the_least_recently_used_value_leaves_first(monkeypatch):
    monkeypatch.setattr(kept, "data_version", lambda: "v1")
    store, (calls, compute) = Kept(ttl_seconds=60, capacity=2), _counter()
    store.get("a", compute)
    store.get("b", compute)
    store.get("a", compute)  # "a" used again: "b" is now the oldest
    store.get("c", compute)
    assert len(calls) == 3
    store.get("a", compute)
    assert len(calls) == 3  # still kept
    store.get("b", compute)
    assert len(calls) == 4  # had left
    store.clear()
    store.get("a", compute)
    assert len(calls) == 5
