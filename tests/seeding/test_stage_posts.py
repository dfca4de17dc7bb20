"""The posts stage: hidden expertise decides what people write about and how well."""

from __future__ import annotations

import statistics
from datetime import timedelta

from learnwork.posts.bait import bait_features, bait_score
from learnwork.posts.models import Post, PostSkill
from learnwork.seeding.people import plan_people
from learnwork.seeding.sample import sample_taxonomy
from learnwork.seeding.stage_posts import plan_all, true_level
from learnwork.seeding.texts import BAIT, derive
from learnwork.seeding.traits import traits_for
from tests.seeding.test_stage_pipeline import NOW, network  # noqa: F401 - the shared fixture


def _plans(count: int = 300, seed: int = 5):
    taxonomy = sample_taxonomy()
    people = plan_people(seed=seed, count=count, taxonomy=taxonomy)
    return people, plan_all(seed=seed, people=people, now=NOW, per_person=20,
                            taxonomy=taxonomy)


def test_derived_fields_are_the_apps_own(network, db):  # noqa: F811
    for post in Post.objects.order_by("pk")[:150]:
        derived = derive(post.body)
        assert (post.body_html, post.hashtag_count, post.bait_score, post.substance) == (
            derived.body_html, derived.hashtag_count, derived.bait_score, derived.substance)


def test_about_eight_percent_is_bait(network, db):  # noqa: F811
    scores = list(Post.objects.values_list("bait_score", flat=True))
    share = sum(score >= 0.5 for score in scores) / len(scores)
    assert 0.04 <= share <= 0.14
    people, plans = _plans(1_000)
    assert 0.06 <= sum(p.bait for p in plans) / len(plans) <= 0.11


def test_bait_is_recognised_and_comes_mostly_from_influencers():
    people, plans = _plans()
    traits = {p.index: traits_for(p, seed=5) for p in people}
    bait = [p for p in plans if p.bait]
    assert all(p.text.band == BAIT for p in bait)
    assert statistics.mean(bait_score(bait_features(derive_text(p))) for p in bait[:60]) > 0.8
    influencer_share = sum(traits[p.author].influencer for p in bait) / len(bait)
    influencers = sum(t.influencer for t in traits.values()) / len(traits)
    assert influencer_share > 3 * influencers


def derive_text(plan) -> str:
    from learnwork.seeding.texts import compose

    return compose(plan.text)


def test_people_write_about_their_true_strengths_including_unlisted_ones():
    people, plans = _plans()
    by_index = {p.index: p for p in people}
    on_strength = [any(s in by_index[p.author].strengths() for s in p.skill_ids)
                   for p in plans if not p.bait and by_index[p.author].strengths()]
    assert statistics.mean(on_strength) > 0.6
    unlisted = [p for p in plans if p.skill_ids[0] in by_index[p.author].strengths()
                and p.skill_ids[0] not in {s.skill_id for s in by_index[p.author].skills}]
    assert unlisted, "hidden strengths never show in posts"
    for plan in plans[:200]:
        assert plan.level == true_level(by_index[plan.author], plan.skill_ids[0])


def test_substance_grows_with_the_authors_true_level(network, db):  # noqa: F811
    people, plans = _plans(120)
    substance = {}
    for plan in plans[:400]:
        if not plan.bait:
            substance.setdefault(round(plan.level) >= 4, []).append(
                derive(derive_text(plan)).substance)
    assert statistics.mean(substance[True]) > statistics.mean(substance[False]) + 0.2


def test_posts_span_a_month_with_most_in_the_last_week(network, db):  # noqa: F811
    created = list(Post.objects.values_list("created", flat=True))
    assert all(NOW - timedelta(days=30) <= c <= NOW for c in created)
    recent = sum(c >= NOW - timedelta(days=7) for c in created) / len(created)
    assert 0.6 <= recent <= 0.8
    for skill_created, post_created in PostSkill.objects.values_list(
            "created", "post__created")[:500]:
        assert skill_created == post_created


def test_visibility_is_mostly_everyone(network, db):  # noqa: F811
    counts = {v: Post.objects.filter(visibility=v).count() for v in Post.Visibility.values}
    total = sum(counts.values())
    assert counts["everyone"] / total > 0.75
    assert counts["members"] and counts["followers"]
