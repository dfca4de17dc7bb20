"""Lists: named, private sets of people and skills (services and selectors)."""

from __future__ import annotations

import uuid

import pytest

from learnwork.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from learnwork.social import list_selectors, lists
from learnwork.social.lists import MAX_LISTS, MAX_MEMBERS
from learnwork.social.models import FollowList, FollowListMember
from tests.factories import UserFactory

from .factories import BlockFactory, MuteFactory

pytestmark = pytest.mark.django_db


def members(follow_list):
    rows = FollowListMember.objects.filter(follow_list=follow_list)
    return ({m.person_id for m in rows if m.person_id}, {m.skill_id for m in rows if m.skill_id})


def test_a_list_is_created_with_people_and_skills_and_adding_again_changes_nothing(ana, ben,
                                                                                   tree):
    cara = UserFactory(username="cara")
    made = lists.list_create(owner=ana, name="  Stats   people ", description="Who I read",
                             people=[ben], skill_ids=[tree.stats.pk, str(tree.stats.pk)])
    assert made.name == "Stats people" and made.description == "Who I read"
    assert members(made) == ({ben.pk}, {tree.stats.pk})

    lists.list_add(owner=ana, list_id=made.pk, people=[ben, cara], skill_ids=[tree.sql.pk])
    lists.list_add(owner=ana, list_id=made.pk, people=[cara], skill_ids=[tree.sql.pk])
    assert members(made) == ({ben.pk, cara.pk}, {tree.stats.pk, tree.sql.pk})


def test_names_are_needed_tidied_and_unique_per_owner_in_any_case(ana, ben):
    with pytest.raises(InvalidInput, match="Give the list a name") as caught:
        lists.list_create(owner=ana, name="   ")
    assert caught.value.field == "name"
    with pytest.raises(InvalidInput, match="1 to 80"):
        lists.list_create(owner=ana, name="x" * 81)
    lists.list_create(owner=ana, name="Python")
    with pytest.raises(Conflict, match="already have a list called") as caught:
        lists.list_create(owner=ana, name="PYTHON")
    assert caught.value.status == 409
    # Another person's list of the same name is theirs alone.
    lists.list_create(owner=ben, name="python")
    assert FollowList.objects.count() == 2


def test_a_refused_member_leaves_no_list_behind(ana, ben, tree):
    BlockFactory(blocker=ben, blocked=ana)
    with pytest.raises(PermissionDenied, match="@ben has blocked you"):
        lists.list_create(owner=ana, name="Stats", people=[ben], skill_ids=[tree.stats.pk])
    missing = uuid.uuid4()
    with pytest.raises(NotFound, match=str(missing)) as caught:
        lists.list_create(owner=ana, name="Stats", skill_ids=[tree.stats.pk, missing])
    assert caught.value.field == "skills"
    with pytest.raises(InvalidInput, match="is not a skill id"):
        lists.list_create(owner=ana, name="Stats", skill_ids=["statistics"])
    with pytest.raises(InvalidInput, match="a list is for other people"):
        lists.list_create(owner=ana, name="Stats", people=[ana])
    assert not FollowList.objects.exists() and not FollowListMember.objects.exists()


def test_someone_you_blocked_must_be_unblocked_first(ana, ben):
    BlockFactory(blocker=ana, blocked=ben)
    made = lists.list_create(owner=ana, name="Later")
    with pytest.raises(InvalidInput, match="Unblock them first") as caught:
        lists.list_add(owner=ana, list_id=made.pk, people=[ben])
    assert caught.value.code == "unblock_first"
    assert members(made) == (set(), set())


def test_someone_elses_list_is_not_found_for_every_change(ana, ben, tree):
    theirs = lists.list_create(owner=ben, name="Ben's", skill_ids=[tree.sql.pk])
    for attempt in (
        lambda: lists.list_update(owner=ana, list_id=theirs.pk, name="Mine now"),
        lambda: lists.list_delete(owner=ana, list_id=theirs.pk),
        lambda: lists.list_add(owner=ana, list_id=theirs.pk, skill_ids=[tree.stats.pk]),
        lambda: lists.list_remove_skill(owner=ana, list_id=theirs.pk, skill_id=tree.sql.pk),
        lambda: list_selectors.list_detail(owner=ana, list_id=theirs.pk),
        lambda: list_selectors.list_sources(owner=ana, list_id=theirs.pk),
    ):
        with pytest.raises(NotFound, match="does not exist, or is not yours"):
            attempt()
    theirs.refresh_from_db()
    assert theirs.name == "Ben's" and members(theirs) == (set(), {tree.sql.pk})


def test_rename_and_describe_keep_what_is_not_passed(ana):
    first = lists.list_create(owner=ana, name="One", description="first")
    lists.list_create(owner=ana, name="Two")
    lists.list_update(owner=ana, list_id=first.pk, description="  changed  ")
    first.refresh_from_db()
    assert (first.name, first.description) == ("One", "changed")
    with pytest.raises(Conflict):
        lists.list_update(owner=ana, list_id=first.pk, name="two")
    lists.list_update(owner=ana, list_id=first.pk, name="ONE")  # its own name, new case
    first.refresh_from_db()
    assert first.name == "ONE"


def test_removing_members_and_what_is_not_there(ana, ben, tree):
    made = lists.list_create(owner=ana, name="L", people=[ben], skill_ids=[tree.sql.pk])
    lists.list_remove_person(owner=ana, list_id=made.pk, person=ben)
    lists.list_remove_skill(owner=ana, list_id=made.pk, skill_id=str(tree.sql.pk))
    assert members(made) == (set(), set())
    with pytest.raises(NotFound, match="@ben is not on this list"):
        lists.list_remove_person(owner=ana, list_id=made.pk, person=ben)
    with pytest.raises(NotFound, match="not on this list"):
        lists.list_remove_skill(owner=ana, list_id=made.pk, skill_id=tree.sql.pk)


def test_limits_on_lists_and_members(ana, tree, monkeypatch):
    monkeypatch.setattr(lists, "MAX_LISTS", 2)
    lists.list_create(owner=ana, name="a")
    lists.list_create(owner=ana, name="b")
    with pytest.raises(InvalidInput, match="at most 2 lists"):
        lists.list_create(owner=ana, name="c")
    assert MAX_LISTS == 50

    monkeypatch.setattr(lists, "MAX_MEMBERS", 2)
    made = FollowList.objects.get(owner=ana, name="a")
    lists.list_add(owner=ana, list_id=made.pk, skill_ids=[tree.sql.pk, tree.stats.pk])
    with pytest.raises(InvalidInput, match="at most 2 people and skills"):
        lists.list_add(owner=ana, list_id=made.pk, skill_ids=[tree.linear.pk])
    assert MAX_MEMBERS == 500
    assert members(made)[1] == {tree.sql.pk, tree.stats.pk}


def test_deleting_a_list_takes_its_members_only(ana, ben, tree):
    made = lists.list_create(owner=ana, name="L", people=[ben], skill_ids=[tree.sql.pk])
    lists.list_delete(owner=ana, list_id=made.pk)
    assert not FollowList.objects.exists() and not FollowListMember.objects.exists()
    assert ben.is_active


def test_lists_for_counts_members_in_one_query(ana, ben, tree, django_assert_num_queries):
    cara = UserFactory(username="cara")
    lists.list_create(owner=ana, name="b people", people=[ben, cara])
    lists.list_create(owner=ana, name="A skills", skill_ids=[tree.sql.pk])
    lists.list_create(owner=ben, name="not mine")
    with django_assert_num_queries(1):
        found = list_selectors.lists_for(user=ana)
    assert [(fl.name, fl.people_count, fl.skills_count) for fl in found] == [
        ("A skills", 0, 1), ("b people", 2, 0)]


def test_detail_leaves_out_deactivated_people_and_marks_mutes(ana, ben, tree,
                                                              django_assert_num_queries):
    cara = UserFactory(username="cara")
    made = lists.list_create(owner=ana, name="L", people=[ben, cara],
                             skill_ids=[tree.sql.pk, tree.stats.pk])
    cara.is_active = False
    cara.save()
    MuteFactory(user=ana, kind="person", person=ben, word="")
    MuteFactory(user=ana, kind="skill", skill=tree.sql, word="")
    with django_assert_num_queries(3):
        detail = list_selectors.list_detail(owner=ana, list_id=made.pk)
    assert [p.username for p in detail.people] == ["ben"]
    assert [s.label for s in detail.skills] == ["SQL", "statistics"]
    assert detail.muted_person_ids == {ben.pk} and detail.muted_skill_ids == {tree.sql.pk}


def test_sources_expand_each_skill_to_narrower_ones(ana, ben, tree):
    made = lists.list_create(owner=ana, name="L", people=[ben], skill_ids=[tree.regression.pk])
    sources = list_selectors.list_sources(owner=ana, list_id=made.pk)
    assert sources.person_ids == {ben.pk}
    assert sources.skill_ids == {tree.regression.pk, tree.linear.pk}
    assert sources.roots_of(frozenset({tree.linear.pk})) == [tree.regression.pk]
    assert sources.roots_of(frozenset({tree.stats.pk})) == []


def test_people_by_handles_in_one_query_names_the_unknown(ana, ben, django_assert_num_queries):
    with django_assert_num_queries(1):
        found = list_selectors.people_by_handles(handles=["@BEN", "ana", "ben"])
    assert [u.username for u in found] == ["ben", "ana"]
    with pytest.raises(NotFound, match="@nobody, @ghost"):
        list_selectors.people_by_handles(handles=["ben", "nobody", "ghost"])
    # What cannot be a handle is not found without a query (PostgreSQL refuses NUL bytes).
    with django_assert_num_queries(0), pytest.raises(NotFound):
        list_selectors.people_by_handles(handles=["a\x00b", "two words"])


def test_export_holds_the_owners_lists_only(ana, ben, tree):
    lists.list_create(owner=ana, name="L", people=[ben], skill_ids=[tree.sql.pk])
    lists.list_create(owner=ben, name="secret")
    exported = list_selectors.export_for(user=ana)
    assert [entry["name"] for entry in exported] == ["L"]
    assert exported[0]["people"] == [{"handle": "ben"}]
    assert exported[0]["skills"] == [{"skill_id": str(tree.sql.pk), "label": "SQL"}]
