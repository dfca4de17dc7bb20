"""The follows stage: a skewed graph, shaped by hidden expertise and by fame."""

from __future__ import annotations

import statistics
from collections import Counter

from django.db.models import Count

from learnwork.accounts.models import User
from learnwork.seeding.people import plan_people
from learnwork.seeding.sample import sample_taxonomy
from learnwork.seeding.stage_follows import FOLLOW_LEVEL, out_degree, plan_follows
from learnwork.social.models import Follow, FollowTopic, SkillFollow
from tests.seeding.test_stage_pipeline import network  # noqa: F401 - the shared fixture


def test_in_degree_is_skewed_towards_a_few_accounts(network, db):  # noqa: F811
    followers = Counter(dict(Follow.objects.order_by().values_list("followee_id")
                             .annotate(n=Count("id")).values_list("followee_id", "n")))
    people = User.objects.count()
    edges = sum(followers.values())
    top = sorted(followers.values(), reverse=True)
    top_share = sum(top[:max(1, people // 100)]) / edges
    # An even spread would give the top 1 % about 1 % of the edges.
    assert top_share > 5 / people * max(1, people // 100)
    assert top[0] > 4 * statistics.median(top)


def test_out_degree_has_heavy_followers_at_scale():
    import random

    degrees = [out_degree(random.Random(i), per_person=150, population=10_000)
               for i in range(4_000)]
    assert 120 < statistics.mean(degrees) < 180
    assert sum(d >= 1_000 for d in degrees) >= 20
    assert max(degrees) <= 2_000
    small = [out_degree(random.Random(i), per_person=15, population=50) for i in range(500)]
    assert max(small) <= 39


def test_people_follow_experts_in_their_goal_skills():
    taxonomy = sample_taxonomy()
    people = plan_people(seed=3, count=200, taxonomy=taxonomy)
    plans = plan_follows(seed=3, people=people, taxonomy=taxonomy, per_person=15)
    by_index = {p.index: p for p in people}
    strong_in_goal = 0
    total = 0
    for plan in plans:
        goals = {g.skill_id for g in by_index[plan.person].goals}
        for follow in plan.follows:
            total += 1
            expertise = dict(by_index[follow.followee].expertise)
            strong_in_goal += any(expertise.get(g, 0) >= FOLLOW_LEVEL for g in goals)
            assert follow.followee != plan.person
            if follow.topic is not None:
                # A follow for a topic is for the followee's strongest skill.
                assert follow.topic == by_index[follow.followee].strengths()[0]
    # Were followees drawn at random, far fewer would be strong in the follower's goals.
    base = statistics.mean(
        any(dict(q.expertise).get(g.skill_id, 0) >= FOLLOW_LEVEL for g in p.goals)
        for p in people for q in people[:50] if q.index != p.index)
    assert strong_in_goal / total > base + 0.1


def test_topics_and_skill_follows_are_written(network, db):  # noqa: F811
    assert FollowTopic.objects.exists()
    goals = set(User.objects.values_list("pk", "learning_goals__skill_id"))
    skill_follows = list(SkillFollow.objects.values_list("user_id", "skill_id"))
    assert skill_follows
    assert all(pair in goals for pair in skill_follows)
