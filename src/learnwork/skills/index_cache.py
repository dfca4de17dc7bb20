"""The process-wide search index: built from the database on first use, rebuilt after an import.

Nothing is built at import time. Freshness is checked with one tiny query (the newest
TaxonomyImport id) at most every few seconds; the import service also drops the index on commit,
so the process that imported sees the new data at once. While one thread rebuilds, others keep
answering from the previous index instead of queueing behind the build.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from learnwork.skills.search import Concept, SearchIndex

CHECK_EVERY_S = 5.0


@dataclass
class _State:
    key: int | None
    index: SearchIndex
    checked: float


_lock = threading.Lock()
_state: _State | None = None


def _latest_import() -> int | None:
    from learnwork.skills.models import TaxonomyImport

    return TaxonomyImport.objects.order_by("-pk").values_list("pk", flat=True).first()


def _load() -> SearchIndex:
    from learnwork.skills.models import Skill

    rows = Skill.objects.order_by().values_list("id", "kind", "label", "alt_labels")
    index = SearchIndex(
        Concept(pk, kind, label, tuple(a for a in alt.splitlines() if a))
        for pk, kind, label, alt in rows.iterator(chunk_size=5000)
    )
    index.search("warm up")  # rapidfuzz's first call pays a one-off setup cost; not a user
    return index


def current_index() -> SearchIndex:
    global _state
    state, now = _state, time.monotonic()
    if state is not None and now - state.checked < CHECK_EVERY_S:
        return state.index
    key = _latest_import()
    if state is not None and state.key == key:
        state.checked = now
        return state.index
    if state is not None and not _lock.acquire(blocking=False):
        return state.index
    if state is None:
        _lock.acquire()
    try:
        fresh = _state
        if fresh is not None and fresh.key == key and fresh is not state:
            return fresh.index
        index = _load()
        _state = _State(key, index, time.monotonic())
        return index
    finally:
        _lock.release()


def invalidate() -> None:
    """Forget the index; the next search builds a new one. Safe to call from any thread."""
    global _state
    _state = None
