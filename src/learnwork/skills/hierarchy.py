"""The skill hierarchy in memory: every broader/narrower edge of the taxonomy, per process.

ESCO has about 20,000 edges and changes only when the taxonomy is imported, yet the feed walks
them on every request (the skills under each follow, mute and goal). Walking a dict costs
microseconds where a query per level of the hierarchy cost milliseconds. Freshness works like
the search index (`index_cache`): the edges are tagged with the newest TaxonomyImport id and the
highest relation id, checked at most every few seconds, and the import service drops them on
commit. Under tests the edges are read again on every call, since factories add relations
without an import.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings

CHECK_EVERY_S = 5.0


@dataclass(frozen=True)
class Hierarchy:
    children: dict[uuid.UUID, tuple[uuid.UUID, ...]]
    parents: dict[uuid.UUID, tuple[uuid.UUID, ...]]

    @classmethod
    def from_edges(cls, edges: Iterable[tuple[uuid.UUID, uuid.UUID]]) -> Hierarchy:
        """From (broader, narrower) pairs."""
        children: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
        parents: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
        for broader, narrower in edges:
            children[broader].append(narrower)
            parents[narrower].append(broader)
        return cls({k: tuple(v) for k, v in children.items()},
                   {k: tuple(v) for k, v in parents.items()})

    def below(self, root: uuid.UUID, *, cap: int | None = None) -> set[uuid.UUID]:
        """`root` and every skill under it (at most `cap` of them, nearest levels first)."""
        found = {root}
        frontier = [root]
        while frontier:
            following: list[uuid.UUID] = []
            for skill in frontier:
                for child in self.children.get(skill, ()):
                    if child not in found:
                        if cap is not None and len(found) >= cap:
                            return found
                        found.add(child)
                        following.append(child)
            frontier = following
        return found

    def descendants_by_root(self, roots: Iterable[uuid.UUID]
                            ) -> dict[uuid.UUID, frozenset[uuid.UUID]]:
        return {root: frozenset(self.below(root)) for root in set(roots)}

    def edges_around(self, skill_ids: Iterable[uuid.UUID], *, levels_up: int,
                     cap: int) -> list[tuple[uuid.UUID, uuid.UUID]]:
        """(narrower, broader) edges from `levels_up` levels above the skills to all the way
        below them (at most `cap` skills below), each edge once."""
        start = set(skill_ids)
        edges: set[tuple[uuid.UUID, uuid.UUID]] = set()
        frontier = set(start)
        for _level in range(levels_up):
            following: set[uuid.UUID] = set()
            for skill in frontier:
                for parent in self.parents.get(skill, ()):
                    edges.add((skill, parent))
                    following.add(parent)
            frontier = following
        below = set(start)
        frontier = set(start)
        while frontier:
            following = set()
            for skill in frontier:
                for child in self.children.get(skill, ()):
                    edges.add((child, skill))
                    if child not in below and len(below) < cap:
                        below.add(child)
                        following.add(child)
            frontier = following
        return sorted(edges)


@dataclass
class _State:
    key: tuple[int | None, int | None]
    hierarchy: Hierarchy
    checked: float


_lock = threading.Lock()
_state: _State | None = None


def _key() -> tuple[int | None, int | None]:
    from learnwork.skills.models import SkillRelation, TaxonomyImport

    latest = TaxonomyImport.objects.order_by("-pk").values_list("pk", flat=True).first()
    highest = SkillRelation.objects.order_by("-pk").values_list("pk", flat=True).first()
    return latest, highest


def _load() -> Hierarchy:
    from learnwork.skills.models import SkillRelation

    return Hierarchy.from_edges(
        SkillRelation.objects.order_by().values_list("broader_id", "narrower_id")
        .iterator(chunk_size=5000))


def current() -> Hierarchy:
    global _state
    if getattr(settings, "TESTING", False) and not _cache_in_tests:
        return _load()
    state, now = _state, time.monotonic()
    if state is not None and now - state.checked < CHECK_EVERY_S:
        return state.hierarchy
    key = _key()
    if state is not None and state.key == key:
        state.checked = now
        return state.hierarchy
    with _lock:
        fresh = _state
        if fresh is not None and fresh.key == key and fresh is not state:
            return fresh.hierarchy
        hierarchy = _load()
        _state = _State(key, hierarchy, time.monotonic())
        return hierarchy


# Tests of the cache itself switch it on (see tests/skills/test_hierarchy.py).
_cache_in_tests = False


def invalidate() -> None:
    """Forget the edges; the next call reads them again. Safe from any thread."""
    global _state
    _state = None
