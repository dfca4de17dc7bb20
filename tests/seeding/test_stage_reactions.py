"""The reactions stage: who learns from whom follows hidden expertise, not popularity."""

from __future__ import annotations

import statistics
from collections import defaultdict

from django.db.models import Count

from learnwork.accounts.models import User
from learnwork.posts.models import Post, PostSkill, Reaction
from learnwork.seeding.stage_posts import true_level
from learnwork.seeding.stage_reactions import learn_chance
from learnwork.seeding.traits import traits_for
from learnwork.social.models import Follow
from tests.seeding.test_stage_pipeline import NOW, network  # noqa: F401 - the shared fixture


def _post_levels(report) -> dict[int, tuple[float, int]]:
    """post id -> (the author's best true level in its skills, author user id)."""
    by_handle = {p.handle: p for p in report.people}
    handles = dict(User.objects.values_list("pk", "username"))
    tags = defaultdict(set)
    for post_id, skill_id in PostSkill.objects.values_list("post_id", "skill_id"):
        tags[post_id].add(str(skill_id))
    return {
        pk: (max(true_level(by_handle[handles[author]], s) for s in tags[pk]), author)
        for pk, author in Post.objects.values_list("pk", "author_id")
    }


def test_learned_marks_follow_the_authors_true_level(network, db):  # noqa: F811
    levels = _post_levels(network)
    learned = dict(Post.objects.values_list("pk", "learned_count"))
    by_band = defaultdict(list)
    for pk, (level, _author) in levels.items():
        by_band["expert" if level >= 4.3 else "solid" if level >= 3.3 else "novice"].append(
            learned[pk])
    expert, solid, novice = (statistics.mean(by_band[b]) for b in ("expert", "solid", "novice"))
    assert expert > solid > novice
    assert expert > 3 * novice


def test_popularity_does_not_buy_learned_marks(network, db):  # noqa: F811
    traits = {p.handle: traits_for(p, seed=network.seed) for p in network.people}
    handles = dict(User.objects.values_list("pk", "username"))
    learned = defaultdict(list)
    bait = []
    for author, count, score in Post.objects.values_list("author_id", "learned_count",
                                                          "bait_score"):
        t = traits[handles[author]]
        learned["influencer" if t.influencer else "expert" if t.peak >= 4.3 else "other"].append(
            count)
        if score >= 0.5:
            bait.append(count)
    assert statistics.mean(learned["expert"]) > 2 * statistics.mean(learned["influencer"])
    assert statistics.mean(bait) < 0.2 * statistics.mean(learned["expert"])
    followers = dict(Follow.objects.order_by().values_list("followee_id")
                     .annotate(n=Count("id")).values_list("followee_id", "n"))
    mean_followers = {
        kind: statistics.mean(followers.get(pk, 0) for pk, h in handles.items()
                              if h in traits and (traits[h].influencer) == (kind == "influencer"))
        for kind in ("influencer", "rest")
    }
    assert mean_followers["influencer"] > mean_followers["rest"]


def test_reactions_are_dated_after_their_post(network, db):  # noqa: F811
    for created, post_created in Reaction.objects.values_list("created", "post__created")[:2000]:
        assert post_created <= created <= NOW


def test_followers_only_posts_get_reactions_from_followers_only(network, db):  # noqa: F811
    follows = set(Follow.objects.values_list("follower_id", "followee_id"))
    rows = Reaction.objects.filter(post__visibility=Post.Visibility.FOLLOWERS).values_list(
        "user_id", "post__author_id")
    assert all(pair in follows for pair in rows)


def test_learn_chance_rises_steeply_with_level():
    assert learn_chance(1.0) == 0
    assert learn_chance(3.0) < 0.15 < learn_chance(4.0) < learn_chance(5.0) == 1.0


def test_every_kind_is_there(network, db):  # noqa: F811
    kinds = dict(Reaction.objects.order_by().values_list("kind").annotate(n=Count("id"))
                 .values_list("kind", "n"))
    assert kinds.get("learned", 0) > kinds.get("saved", 0) > 0
    assert kinds.get("helpful", 0) > 0
