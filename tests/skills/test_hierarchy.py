"""The skill hierarchy held in memory: the walks, and when the held edges are read again."""

from __future__ import annotations

import uuid

import pytest

from learnwork.skills import hierarchy, selectors, services
from learnwork.skills.hierarchy import Hierarchy
from tests.skills.factories import SkillFactory, SkillRelationFactory


def _ids(n: int) -> list[uuid.UUID]:
    return [uuid.uuid4() for _ in range(n)]


def test_descendants_keep_which_root_they_hang_from_and_survive_cycles():
    top, left, right, leaf = _ids(4)
    # top > left > leaf, top > right, and a bad loop leaf > top in the data.
    h = Hierarchy.from_edges([(top, left), (top, right), (left, leaf), (leaf, top)])
    found = h.descendants_by_root([left, right])
    assert found[left] == {left, leaf, top, right}  # the loop leads back up and round
    assert found[right] == {right}


def test_edges_around_go_up_only_so_far_and_down_only_to_the_cap():
    great, grand, parent, goal, child, grandchild, great_grandchild = _ids(7)
    h = Hierarchy.from_edges([(great, grand), (grand, parent), (parent, goal), (goal, child),
                              (child, grandchild), (grandchild, great_grandchild)])
    edges = h.edges_around([goal], levels_up=2, cap=100)
    assert (goal, parent) in edges and (parent, grand) in edges
    assert (grand, great) not in edges  # three levels up
    assert (child, goal) in edges and (grandchild, child) in edges
    capped = h.edges_around([goal], levels_up=0, cap=2)
    # Once two skills are below (the goal and its child), the walk goes no deeper: the edges
    # of the last level walked are kept, nothing under them.
    assert (child, goal) in capped and (grandchild, child) in capped
    assert (great_grandchild, grandchild) not in capped


@pytest.fixture
def held(monkeypatch):
    """The process-wide cache, switched on as outside tests."""
    monkeypatch.setattr(hierarchy, "_cache_in_tests", True)
    hierarchy.invalidate()
    yield
    hierarchy.invalidate()


@pytest.mark.django_db
def test_held_edges_are_read_once_and_again_after_invalidation(
        held, monkeypatch, django_assert_num_queries):
    parent = SkillFactory()
    first = SkillRelationFactory(broader=parent)
    with django_assert_num_queries(3):  # the freshness key (two) and the edges
        assert selectors.descendant_ids(skill_ids=[parent.pk]) == {parent.pk, first.narrower_id}
    with django_assert_num_queries(0):
        selectors.descendant_ids(skill_ids=[parent.pk])

    second = SkillRelationFactory(broader=parent)
    # Within the check interval the held edges answer; a new relation shows once it is over.
    assert second.narrower_id not in selectors.descendant_ids(skill_ids=[parent.pk])
    monkeypatch.setattr(hierarchy, "CHECK_EVERY_S", 0.0)
    assert second.narrower_id in selectors.descendant_ids(skill_ids=[parent.pk])

    third = SkillRelationFactory(broader=parent)
    monkeypatch.setattr(hierarchy, "CHECK_EVERY_S", 3600.0)
    hierarchy.invalidate()
    assert third.narrower_id in selectors.descendant_ids(skill_ids=[parent.pk])


@pytest.mark.django_db(transaction=True)
def test_an_import_drops_the_held_edges(held, esco_dir, monkeypatch):
    monkeypatch.setattr(hierarchy, "CHECK_EVERY_S", 3600.0)
    assert hierarchy.current().children == {}
    services.taxonomy_import(directory=esco_dir)
    assert hierarchy.current().children != {}
