from __future__ import annotations

import uuid

import pytest

from learnwork.core.errors import NotFound
from learnwork.skills import index_cache, selectors, services
from learnwork.skills.models import Skill
from tests.factories import UserFactory

from .factories import (
    GroupFactory,
    LearningGoalFactory,
    OccupationSkillFactory,
    SkillFactory,
    SkillRelationFactory,
    UserSkillFactory,
)

pytestmark = pytest.mark.django_db


def test_skill_detail_brings_neighbours_and_occupations(django_assert_max_num_queries):
    group = GroupFactory(label="programming")
    skill = SkillFactory(label="Python", alt_labels="Py3K\nPython3")
    SkillRelationFactory(narrower=skill, broader=group)
    child = SkillFactory(label="Django")
    SkillRelationFactory(narrower=child, broader=skill)
    for n in range(30):
        OccupationSkillFactory(skill=skill, essential=n % 3 != 0)

    with django_assert_max_num_queries(6):
        d = selectors.skill_detail(skill_id=skill.pk)

    assert [s.label for s in d.broader] == ["programming"]
    assert [s.label for s in d.narrower] == ["Django"] and d.narrower_count == 1
    assert (d.occupations.essential_count, d.occupations.optional_count) == (20, 10)
    assert len(d.occupations.essential) == 20 and len(d.occupations.optional) == 10
    assert d.skill.alt_label_list == ["Py3K", "Python3"]


def test_occupation_lists_are_capped():
    skill = SkillFactory()
    for _ in range(5):
        OccupationSkillFactory(skill=skill)
    found = selectors.occupations_needing(skill_id=skill.pk, cap=2)
    assert found.essential_count == 5 and len(found.essential) == 2


def test_skill_detail_not_found():
    with pytest.raises(NotFound):
        selectors.skill_detail(skill_id=uuid.uuid4())
    with pytest.raises(NotFound):
        selectors.skill_detail(skill_id="nope")


def test_descendant_ids_walks_every_level():
    root = GroupFactory()
    mid = GroupFactory()
    leaf = SkillFactory()
    leaf2 = SkillFactory()
    SkillRelationFactory(narrower=mid, broader=root)
    SkillRelationFactory(narrower=leaf, broader=mid)
    SkillRelationFactory(narrower=leaf2, broader=leaf)
    SkillRelationFactory(narrower=leaf2, broader=root)  # a diamond is visited once
    other = SkillFactory()

    assert selectors.descendant_ids(skill_ids=[root.pk]) == {root.pk, mid.pk, leaf.pk, leaf2.pk}
    assert selectors.descendant_ids(skill_ids=[other.pk]) == {other.pk}
    assert selectors.descendant_ids(skill_ids=[]) == set()


def test_top_groups_are_roots_with_a_few_children():
    root = GroupFactory(label="skills")
    for n in range(3):
        SkillRelationFactory(narrower=GroupFactory(label=f"sub {n}"), broader=root)
    SkillRelationFactory(narrower=SkillFactory(), broader=root)  # not a group: not listed

    groups = selectors.top_groups(children=2)

    assert [(g.label, [c.label for c in kids]) for g, kids in groups] == [
        ("skills", ["sub 0", "sub 1"])]


@pytest.mark.parametrize("count", [1, 25])
def test_profile_selectors_do_not_grow_with_rows(django_assert_num_queries, count):
    user = UserFactory()
    for _ in range(count):
        UserSkillFactory(user=user)
        LearningGoalFactory(user=user)
    with django_assert_num_queries(1):
        assert len([us.skill.label for us in selectors.skills_for_profile(user=user)]) == count
    with django_assert_num_queries(1):
        assert len([g.skill.label for g in selectors.goals_for_profile(user=user)]) == count
    with django_assert_num_queries(2):
        data = selectors.export_for(user=user)
    assert len(data["skills"]) == len(data["learning_goals"]) == count


def test_export_is_json_ready(user):
    us = UserSkillFactory(user=user, evidence=["https://example.org"])
    export = selectors.export_for(user=user)
    assert export["skills"][0]["skill_id"] == str(us.skill_id)
    assert export["skills"][0]["evidence"] == ["https://example.org"]
    assert export["learning_goals"] == []


def test_skill_search_builds_once_and_follows_imports(esco_dir, django_assert_max_num_queries):
    SkillFactory(label="statistics", kind=Skill.Kind.KNOWLEDGE)
    assert [h.label for h in selectors.skill_search(query="statistcs")] == ["statistics"]
    # Warm: the index is reused, and freshness is checked at most every few seconds.
    with django_assert_max_num_queries(0):
        selectors.skill_search(query="stat")

    services.taxonomy_import(directory=esco_dir)
    index_cache.invalidate()  # what the import's on-commit hook does outside a test transaction
    hit = selectors.skill_search(query="py3k")[0]
    assert (hit.label, hit.matched_alt_label, hit.kind) == (
        "Python (computer programming)", "Py3K", "knowledge")
    assert selectors.skill_search(query="  ") == []


def test_index_notices_a_new_import_from_another_process(esco_dir, monkeypatch):
    SkillFactory(label="statistics")
    selectors.skill_search(query="statistics")
    services.taxonomy_import(directory=esco_dir)  # its on-commit hook does not run in a test
    monkeypatch.setattr(index_cache, "CHECK_EVERY_S", 0.0)
    assert selectors.skill_search(query="javascript")[0].label == "JavaScript"
