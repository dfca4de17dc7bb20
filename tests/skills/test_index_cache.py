"""The process-wide index holder, without a database."""

from __future__ import annotations

import threading
import time
import uuid

from learnwork.skills import index_cache
from learnwork.skills.search import Concept, SearchIndex


def _fake(monkeypatch, key: list[int]) -> list[SearchIndex]:
    built: list[SearchIndex] = []

    def load() -> SearchIndex:
        time.sleep(0.05)  # long enough for every thread to arrive while the first builds
        built.append(SearchIndex([Concept(uuid.uuid4(), "skill",
                                          f"skill {len(built)}")]))
        return built[-1]

    monkeypatch.setattr(index_cache, "_load", load)
    monkeypatch.setattr(index_cache, "_latest_import", lambda: key[0])
    monkeypatch.setattr(index_cache, "CHECK_EVERY_S", 0.0)
    return built


def test_concurrent_first_searches_build_once(monkeypatch):
    built = _fake(monkeypatch, [1])
    seen: list[SearchIndex] = []
    threads = [threading.Thread(target=lambda: seen.append(index_cache.current_index()))
               for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(built) == 1
    assert all(index is built[0] for index in seen)


def test_a_new_import_rebuilds_and_the_same_one_does_not(monkeypatch):
    key = [1]
    built = _fake(monkeypatch, key)
    first = index_cache.current_index()
    assert index_cache.current_index() is first

    key[0] = 2
    second = index_cache.current_index()
    assert second is not first and len(built) == 2
