"""The seeded network makes a fair test for recommendations: follows are dated, nothing is
learned through a follow before it was made, and the evidence points at real expertise where
popularity does not."""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import timedelta

from django.db.models import Count

from learnwork.accounts.models import User
from learnwork.posts.models import Post, Reaction
from learnwork.recommendations import evidence
from learnwork.recommendations.models import TeacherEvidence
from learnwork.seeding.stage_follows import DAYS
from learnwork.skills.models import LearningGoal
from learnwork.social.models import Follow
from tests.seeding.test_stage_pipeline import NOW, network  # noqa: F401 - the shared fixture


def test_follows_are_dated_over_the_month_after_both_people_joined(network, db):  # noqa: F811
    rows = list(Follow.objects.values_list("created", "follower__date_joined",
                                           "followee__date_joined"))
    assert rows
    for created, follower_joined, followee_joined in rows:
        assert NOW - timedelta(days=DAYS) <= created <= NOW
        assert created >= max(follower_joined, followee_joined)
    # Spread out, not stamped at the moment of seeding: "the newest follows" means something.
    assert len({created for created, _a, _b in rows}) > 0.9 * len(rows)
    recent = sum(created >= NOW - timedelta(days=7) for created, _a, _b in rows)
    assert 0.5 < recent / len(rows) < 0.9


def test_nothing_is_learned_through_a_follow_before_it_was_made(network, db):  # noqa: F811
    since = {(a, b): created for a, b, created in
             Follow.objects.values_list("follower_id", "followee_id", "created")}
    rows = Reaction.objects.filter(post__visibility=Post.Visibility.FOLLOWERS).values_list(
        "user_id", "post__author_id", "created")
    assert rows
    for reader, author, created in rows:
        assert created >= since[(reader, author)]


def test_evidence_finds_experts_that_popularity_misses(network, db):  # noqa: F811
    evidence.rebuild()
    truth = {network.user_ids[p.handle]: dict(p.expertise) for p in network.people}
    followers = dict(Follow.objects.order_by().values_list("followee_id")
                     .annotate(n=Count("id")))
    by_goal = defaultdict(list)
    for skill_id, person_id, score in TeacherEvidence.objects.filter(
            skill_id__in=LearningGoal.objects.values("skill_id"),
            learned_marks__gt=0).values_list("skill_id", "person_id", "score"):
        by_goal[skill_id].append((person_id, score))
    by_evidence, by_fame = [], []
    for skill_id, rows in by_goal.items():
        if len(rows) < 4:
            continue
        level = [truth[pk].get(str(skill_id), 1.5) for pk, _s in rows]
        best = max(range(len(rows)), key=lambda i: (rows[i][1], -rows[i][0]))
        famous = max(range(len(rows)), key=lambda i: (followers.get(rows[i][0], 0), -rows[i][0]))
        by_evidence.append(level[best])
        by_fame.append(level[famous])
    assert len(by_evidence) >= 5
    assert statistics.mean(by_evidence) > statistics.mean(by_fame) + 0.2
    assert User.objects.count() >= 150
