from __future__ import annotations

import pytest
from django.db import connection

from learnwork.accounts.models import User
from learnwork.social import selectors, services
from learnwork.social.models import Follow, FollowTopic
from tests.factories import UserFactory
from tests.skills.factories import SkillFactory, SkillRelationFactory, UserSkillFactory

from .factories import BlockFactory, FollowFactory, MuteFactory, SkillFollowFactory

pytestmark = pytest.mark.django_db


def test_reading_graph_expands_topics_to_narrower_skills_per_person(ana, ben, tree):
    cleo = UserFactory(username="cleo")
    dan = UserFactory(username="dan")
    services.follow(follower=ana, followee=ben, topic_skill_ids=[tree.regression.pk])
    services.follow(follower=ana, followee=cleo, topic_skill_ids=[tree.sql.pk, tree.stats.pk])
    services.follow(follower=ana, followee=dan)

    graph = selectors.reading_graph(user=ana)

    assert graph.everything_from == {dan.pk}
    # ben only for regression and below: not statistics above it, not SQL chosen for cleo.
    assert graph.topics_from[ben.pk] == {tree.regression.pk, tree.linear.pk}
    assert graph.topics_from[cleo.pk] == {tree.sql.pk, tree.stats.pk, tree.regression.pk,
                                          tree.linear.pk}
    assert graph.followee_ids == {ben.pk, cleo.pk, dan.pk}
    assert graph.admits(author_id=ben.pk, skill_ids={tree.linear.pk})
    assert not graph.admits(author_id=ben.pk, skill_ids={tree.sql.pk})
    assert not graph.admits(author_id=ben.pk)


def test_reading_graph_skills_mutes_and_blocks(ana, ben, tree):
    cleo, dan, eve = UserFactory(), UserFactory(), UserFactory()
    SkillFollowFactory(user=ana, skill=tree.regression)
    services.mute_skill(user=ana, skill_id=tree.stats.pk)
    services.mute_person(user=ana, person=cleo)
    services.mute_word(user=ana, word="Hot Take")
    BlockFactory(blocker=ana, blocked=dan)
    BlockFactory(blocker=eve, blocked=ana)
    BlockFactory(blocker=ben, blocked=cleo)  # not ana's business

    graph = selectors.reading_graph(user=ana)

    assert graph.followed_skill_ids == {tree.regression.pk, tree.linear.pk}
    assert graph.muted_skill_ids == {tree.stats.pk, tree.regression.pk, tree.linear.pk}
    assert graph.muted_person_ids == {cleo.pk}
    assert graph.muted_words == ("hot take",)
    assert graph.blocked_ids == {dan.pk, eve.pk}
    assert graph.user_id == ana.pk


def test_reading_graph_leaves_out_deactivated_accounts(ana, ben):
    gone = UserFactory(is_active=False)
    FollowFactory(follower=ana, followee=gone)
    FollowFactory(follower=ana, followee=ben)
    assert selectors.reading_graph(user=ana).everything_from == {ben.pk}


def test_reading_graph_of_someone_new_is_empty(ana):
    graph = selectors.reading_graph(user=ana)
    assert not graph.followee_ids and not graph.followed_skill_ids and not graph.blocked_ids


def _follow_many(reader, count, tree):
    people = User.objects.bulk_create(
        [User(username=f"reader_{reader.pk}_{n}", email=f"r{n}@example.org")
         for n in range(count)])
    follows = Follow.objects.bulk_create([Follow(follower=reader, followee=p) for p in people])
    topics = [tree.sql, tree.stats, tree.regression]
    FollowTopic.objects.bulk_create([
        FollowTopic(follow=f, skill=topics[n % 3]) for n, f in enumerate(follows) if n % 2
    ])
    return people


def test_reading_graph_query_count_does_not_grow_with_follows(
        ana, ben, tree, django_assert_max_num_queries, django_assert_num_queries):
    skills = SkillFactory.create_batch(30)
    for skill in skills[1:]:
        SkillRelationFactory(narrower=skill, broader=skills[0])

    def seed(reader, follows):
        _follow_many(reader, follows, tree)
        SkillFollowFactory(user=reader, skill=skills[0])
        MuteFactory(user=reader)
        services.mute_skill(user=reader, skill_id=tree.sql.pk)
        BlockFactory(blocker=reader)

    seed(ana, 5)
    seed(ben, 1200)
    # Five flat reads (one round trip on PostgreSQL) and the skill hierarchy (one read under
    # tests; held in memory otherwise).
    expected = 2 if connection.vendor == "postgresql" else 6
    with django_assert_num_queries(expected):
        small = selectors.reading_graph(user=ana)
    with django_assert_max_num_queries(expected):
        big = selectors.reading_graph(user=ben)
    assert len(small.followee_ids) == 5 and len(big.followee_ids) == 1200
    assert len(big.followed_skill_ids) == 30


def test_descendants_by_root_handles_shared_children_and_cycles(tree):
    # A polyhierarchy (linear regression is also under SQL, say) and a bad loop in the data.
    SkillRelationFactory(narrower=tree.linear, broader=tree.sql)
    SkillRelationFactory(narrower=tree.stats, broader=tree.linear)
    found = selectors.descendants_by_root(skill_ids=[tree.sql.pk, tree.regression.pk])
    assert found[tree.sql.pk] == {tree.sql.pk, tree.linear.pk, tree.stats.pk,
                                  tree.regression.pk}
    assert tree.regression.pk in found[tree.regression.pk]


def test_follow_state_and_counts(ana, ben, tree, django_assert_max_num_queries):
    services.follow(follower=ana, followee=ben, topic_skill_ids=[tree.sql.pk])
    services.mute_person(user=ana, person=ben)
    FollowFactory(followee=ben)

    with django_assert_max_num_queries(4):
        state = selectors.follow_state(viewer=ana, other=ben)
    assert state.following and not state.everything and state.muted
    assert [s.label for s in state.topics] == ["SQL"]
    assert not state.blocked_either_way
    assert selectors.followers_count(user=ben) == 2
    assert selectors.following_count(user=ana) == 1

    services.block(blocker=ben, blocked=ana)
    state = selectors.follow_state(viewer=ana, other=ben)
    assert state.blocks_viewer and not state.blocked_by_viewer and not state.following
    assert selectors.is_blocked_between(a=ana, b=ben)
    assert selectors.is_blocked_between(a=ben, b=ana)


def test_follow_state_for_anonymous_and_self_asks_nothing(ana, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    with django_assert_num_queries(0):
        assert not selectors.follow_state(viewer=AnonymousUser(), other=ana).following
        assert not selectors.follow_state(viewer=ana, other=ana).following
        assert not selectors.is_blocked_between(a=AnonymousUser(), b=ana)


def test_person_control_offers_the_owners_visible_skills(ana, ben, tree):
    UserSkillFactory(user=ben, skill=tree.stats)
    UserSkillFactory(user=ben, skill=tree.sql)
    services.follow(follower=ana, followee=ben, topic_skill_ids=[tree.linear.pk])
    control = selectors.person_control(viewer=ana, profile=ben.profile)
    assert control.can_follow
    offered = {(c.label, c.checked) for c in control.choices}
    # Their skills, plus the topic already chosen even though it is not on their profile.
    assert offered == {("statistics", False), ("SQL", False), ("linear regression", True)}

    ben.profile.skills_visibility = "only_me"
    ben.profile.save()
    control = selectors.person_control(viewer=ana, profile=ben.profile)
    assert [c.label for c in control.choices] == ["linear regression"]


def test_following_for_query_count(ana, tree, django_assert_num_queries):
    for _ in range(20):
        follow = FollowFactory(follower=ana)
        FollowTopic.objects.create(follow=follow, skill=tree.sql)
    with django_assert_num_queries(2):
        rows = list(selectors.following_for(user=ana))
        names = [(f.followee.profile.name, [t.label for t in f.topics.all()]) for f in rows]
    assert len(names) == 20 and names[0][1] == ["SQL"]


def test_export_for(ana, ben, tree):
    services.follow(follower=ana, followee=ben, topic_skill_ids=[tree.sql.pk])
    services.skill_follow(user=ana, skill_id=tree.stats.pk)
    services.mute_word(user=ana, word="Crypto")
    services.mute_person(user=ana, person=UserFactory(username="loud"))
    services.mute_skill(user=ana, skill_id=tree.linear.pk)
    services.block(blocker=ana, blocked=UserFactory(username="troll"))

    data = selectors.export_for(user=ana)

    assert data["following"][0]["handle"] == "ben"
    assert data["following"][0]["topics"][0]["label"] == "SQL"
    assert data["followed_skills"][0]["label"] == "statistics"
    kinds = {m["kind"]: m for m in data["mutes"]}
    assert kinds["word"]["word"] == "crypto" and kinds["person"]["handle"] == "loud"
    assert kinds["skill"]["label"] == "linear regression"
    assert data["blocks"][0]["handle"] == "troll"
    assert data["followers_count"] == 0


def test_a_topic_always_carries_its_follows_follower_however_it_was_made(tree):
    follows = FollowFactory.create_batch(3)
    made = [FollowTopic.objects.create(follow=follows[0], skill=tree.sql)]
    made += FollowTopic.objects.bulk_create([FollowTopic(follow_id=follows[1].pk, skill=tree.sql)])
    FollowTopic(follow=Follow.objects.get(pk=follows[2].pk), skill=tree.sql).save()
    stored = dict(FollowTopic.objects.values_list("follow_id", "follower_id"))
    assert stored == {f.pk: f.follower_id for f in follows}
    assert all(topic.follower_id == topic.follow.follower_id for topic in made)
