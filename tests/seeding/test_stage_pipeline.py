"""The follows, posts and reactions stages together: determinism, idempotence, consistency."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator

import pytest
from django.db import transaction
from django.db.models import Count, F, Sum

from learnwork.accounts.models import User
from learnwork.posts.models import Post, PostSkill, Reaction
from learnwork.posts.selectors import related_skill_ids
from learnwork.posts.services import standing
from learnwork.seeding import seed, stage_posts
from learnwork.seeding.context import SeedReport
from learnwork.seeding.people import plan_people
from learnwork.seeding.sample import create_sample_taxonomy, sample_id, sample_taxonomy
from learnwork.seeding.stage_posts import _texts, plan_all
from learnwork.skills.models import SkillRelation, UserSkill
from learnwork.social.models import Follow, FollowTopic, SkillFollow
from tests.seeding.conftest import TODAY

NOW = dt.datetime(2030, 1, 15, 12, 0, tzinfo=dt.UTC)
# Narrower -> broader, so a learner's standing reaches through the hierarchy.
RELATIONS = (("SQL", "data mining"), ("statistics", "machine learning"),
             ("JavaScript", "web programming"))


def sample_with_hierarchy() -> None:
    create_sample_taxonomy()
    SkillRelation.objects.bulk_create(
        SkillRelation(narrower_id=sample_id(narrower), broader_id=sample_id(broader))
        for narrower, broader in RELATIONS)


def seed_small(people: int, *, seed_value: int = 1) -> SeedReport:
    return seed(tier="XS", seed=seed_value, people=people, today=TODAY, now=NOW, workers=1)


@pytest.fixture(scope="module")
def network(django_db_setup, django_db_blocker) -> Iterator[SeedReport]:
    """One XS network of 150 people for the statistical tests of the stage modules, rolled
    back at the end of the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        sample_with_hierarchy()
        yield seed_small(150, seed_value=7)
        transaction.set_rollback(True)


def snapshot() -> dict[str, list[tuple]]:
    handle = dict(User.objects.values_list("pk", "username"))

    def key(post_id: int, rows: dict[int, tuple]) -> tuple:
        return rows[post_id][:2]

    posts = {
        pk: (handle[author], hashlib.sha256(body.encode()).hexdigest(), created, visibility,
             bait, subst)
        for pk, author, body, created, visibility, bait, subst in Post.objects.values_list(
            "pk", "author_id", "body", "created", "visibility", "bait_score", "substance")
    }
    return {
        "posts": sorted(posts.values()),
        "post_skills": sorted((key(p, posts), str(s)) for p, s in
                              PostSkill.objects.values_list("post_id", "skill_id")),
        "follows": sorted((handle[a], handle[b]) for a, b in
                          Follow.objects.values_list("follower_id", "followee_id")),
        "topics": sorted((handle[a], handle[b], str(s)) for a, b, s in
                         FollowTopic.objects.values_list("follow__follower_id",
                                                         "follow__followee_id", "skill_id")),
        "skill_follows": sorted((handle[u], str(s)) for u, s in
                                SkillFollow.objects.values_list("user_id", "skill_id")),
        "reactions": sorted((handle[u], key(p, posts), kind, created, round(weight, 6))
                            for u, p, kind, created, weight in Reaction.objects.values_list(
                                "user_id", "post_id", "kind", "created", "weight")),
        "counters": sorted((key(pk, posts), learned, helpful, round(weight, 6))
                           for pk, learned, helpful, weight in Post.objects.values_list(
                               "pk", "learned_count", "helpful_count", "learn_weight")),
    }


@pytest.mark.django_db
def test_same_seed_gives_the_same_follows_posts_and_reactions():
    sample_with_hierarchy()
    seed_small(40)
    first = snapshot()
    assert first["posts"] and first["follows"] and first["reactions"]
    User.objects.all().delete()  # cascades to everything the stages wrote

    seed_small(40)

    assert snapshot() == first


@pytest.mark.django_db
def test_a_rerun_adds_nothing():
    sample_with_hierarchy()
    first = seed_small(40)
    before = snapshot()

    again = seed_small(40)

    assert again.created_total == 0
    assert again.stages["follows"].existing == sum(
        n for kind, n in first.stages["follows"].created.items() if kind == "follows")
    assert again.stages["posts"].existing == first.stages["posts"].created["posts"]
    assert again.stages["reactions"].existing == sum(first.stages["reactions"].created.values())
    assert snapshot() == before


@pytest.mark.django_db
def test_a_rerun_repairs_counters_left_behind_by_an_interrupted_run():
    sample_with_hierarchy()
    seed_small(30)
    Post.objects.update(learned_count=0, helpful_count=0, learn_weight=0.0)

    seed_small(30)

    assert_counters_match_rows()


def test_a_pool_writes_the_same_texts_as_one_process(monkeypatch):
    taxonomy = sample_taxonomy()
    people = plan_people(seed=1, count=8, taxonomy=taxonomy)
    plans = plan_all(seed=1, people=people, now=NOW, per_person=8, taxonomy=taxonomy)
    monkeypatch.setattr(stage_posts, "POOL_MIN_POSTS", 1)
    monkeypatch.setattr(stage_posts, "CHUNK", 7)

    assert list(_texts(plans, 2)) == list(_texts(plans, 1))


def assert_counters_match_rows() -> None:
    rows = {
        (post_id, kind): (n, weight) for post_id, kind, n, weight in
        Reaction.objects.order_by().values_list("post_id", "kind")
        .annotate(n=Count("id"), w=Sum("weight")).values_list("post_id", "kind", "n", "w")
    }
    posts = Post.objects.values_list("pk", "learned_count", "helpful_count", "learn_weight")
    assert posts
    for pk, learned, helpful, weight in posts:
        assert learned == rows.get((pk, "learned"), (0, 0.0))[0]
        assert helpful == rows.get((pk, "helpful"), (0, 0.0))[0]
        assert weight == pytest.approx(rows.get((pk, "learned"), (0, 0.0))[1], abs=1e-9)


def test_counters_agree_with_the_reaction_rows(network, db):
    assert_counters_match_rows()


def test_learned_weights_are_the_readers_standing_in_the_posts_skills(network, db):
    # What posts.services.react would have stored: standing from the reader's listed levels
    # in the post's skills, or in skills above or below them.
    learned = list(Reaction.objects.filter(kind="learned").order_by("pk")[:300])
    assert learned
    tags: dict[int, set] = {}
    for post_id, skill_id in PostSkill.objects.values_list("post_id", "skill_id"):
        tags.setdefault(post_id, set()).add(skill_id)
    levels: dict[int, dict] = {}
    for user_id, skill_id, level in UserSkill.objects.values_list("user_id", "skill_id", "level"):
        levels.setdefault(user_id, {})[skill_id] = level
    through_hierarchy = 0
    for reaction in learned:
        related = related_skill_ids(skill_ids=tags[reaction.post_id])
        held = levels.get(reaction.user_id, {})
        expected = standing(level for skill_id, level in held.items() if skill_id in related)
        assert reaction.weight == pytest.approx(expected)
        through_hierarchy += any(s in related and s not in tags[reaction.post_id] for s in held)
    assert through_hierarchy > 0
    assert all(r.weight == 0 for r in Reaction.objects.exclude(kind="learned"))


def test_nobody_follows_or_reacts_to_themselves(network, db):
    assert Follow.objects.exists() and Reaction.objects.exists()
    assert not Follow.objects.filter(follower_id=F("followee_id")).exists()
    assert not Reaction.objects.filter(user_id=F("post__author_id")).exists()
