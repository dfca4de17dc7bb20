"""The file cache of a single-machine installation culls, but not on every write."""

from __future__ import annotations

from learnwork.core import filecache
from learnwork.core.filecache import FileCache


def _files(path) -> int:
    return sum(1 for entry in path.iterdir() if entry.name.endswith(".djcache"))


def test_file_cache_keeps_values_and_culls_at_most_once_a_minute(tmp_path, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(filecache.time, "monotonic", lambda: clock[0])
    cache = FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 10, "CULL_FREQUENCY": 2}})
    for n in range(25):
        cache.set(f"key{n}", n, 600)
    # The first write culled (nothing to cull yet); the rest of the minute did not.
    assert _files(tmp_path) == 25
    assert cache.get("key24") == 24 and cache.incr("key24") == 25

    clock[0] += filecache.CULL_EVERY_SECONDS
    cache.set("late", "value", 600)
    # A minute later the next write culls: 12 of the 25 go, then the new entry is written.
    assert _files(tmp_path) == 14
    assert cache.get("late") == "value"
