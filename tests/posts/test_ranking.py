"""The feed score as a pure function: no database, so these run in milliseconds."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from learnwork.posts import ranking
from learnwork.posts.ranking import (
    CandidatePost,
    GoalMatch,
    ReaderContext,
    Weights,
    goal_closeness,
    rank,
    score,
)

NOW = datetime(2025, 3, 14, 12, 0, tzinfo=UTC)
STATS, DESCRIPTIVE, MEAN, MATHS, SCIENCE, COOKING = (uuid.UUID(int=n) for n in range(1, 7))
# science > maths > statistics > descriptive statistics > the mean
EDGES = [(MATHS, SCIENCE), (STATS, MATHS), (DESCRIPTIVE, STATS), (MEAN, DESCRIPTIVE)]


def post(pk: int, *, hours: float = 1.0, **kwargs) -> CandidatePost:
    defaults = {"author_id": 7, "skill_ids": frozenset(), "followed_person": True}
    defaults.update(kwargs)
    return CandidatePost(id=pk, created=NOW - timedelta(hours=hours), **defaults)


def reader(goal_ids=(STATS,), **weights) -> ReaderContext:
    return ReaderContext(now=NOW, goals=goal_closeness(list(goal_ids), EDGES),
                         weights=Weights(**weights))


def order(posts, ctx) -> list[int]:
    return [s.id for s in rank(posts, ctx)]


def test_the_parts_add_up_to_the_score_and_are_named():
    scored = score(post(1, learn_weight=4.0, substance=0.5, skill_ids=frozenset({STATS})),
                   reader())
    assert set(scored.parts) == set(ranking.PARTS)
    assert scored.score == pytest.approx(sum(scored.parts.values()), abs=1e-3)
    assert scored.goal == GoalMatch(STATS, 1.0, "same")
    assert scored.matched_skill_id == STATS


def test_engagement_bait_ranks_below_a_substantive_post_with_the_same_reactions():
    signals = {"learned_count": 12, "learn_weight": 9.0, "helpful_count": 3,
               "skill_ids": frozenset({STATS})}
    bait = post(2, bait_score=0.7, substance=0.2, hours=0.5, **signals)  # newer, and a higher id
    substantive = post(1, bait_score=0.0, substance=0.8, hours=3, **signals)
    assert order([bait, substantive], reader()) == [1, 2]
    assert score(bait, reader()).parts["bait_penalty"] < 0
    # It holds whatever the reader's weights.
    assert order([bait, substantive], reader(freshness=2, learning=2, goals=2)) == [1, 2]


def test_bait_alone_outweighs_substance_differences_only_by_its_own_part():
    clean, baity = post(1), post(2, bait_score=0.5)
    gap = score(clean, reader()).score - score(baity, reader()).score
    assert gap == pytest.approx(ranking.BAIT_POINTS * 0.5, abs=1e-3)


def test_a_post_on_a_goal_ranks_above_one_that_is_not():
    on_goal = post(1, skill_ids=frozenset({STATS}), learn_weight=2.0)
    off_goal = post(2, skill_ids=frozenset({COOKING}), learn_weight=2.0)
    assert order([off_goal, on_goal], reader()) == [1, 2]
    assert score(off_goal, reader()).parts["goal_relevance"] == 0


def test_a_narrower_skill_matches_a_goal_through_the_hierarchy():
    goals = goal_closeness([STATS], EDGES)
    assert goals[STATS].closeness == 1.0
    assert goals[DESCRIPTIVE] == GoalMatch(STATS, 0.6, "narrower")
    assert goals[MEAN] == GoalMatch(STATS, 0.35, "narrower")
    assert goals[MATHS] == GoalMatch(STATS, 0.6, "broader")
    assert goals[SCIENCE] == GoalMatch(STATS, 0.35, "broader")
    assert COOKING not in goals

    exact = post(1, skill_ids=frozenset({STATS}))
    child = post(2, skill_ids=frozenset({DESCRIPTIVE}))
    grandchild = post(3, skill_ids=frozenset({MEAN}))
    unrelated = post(4, skill_ids=frozenset({COOKING}))
    assert order([unrelated, grandchild, child, exact], reader()) == [1, 2, 3, 4]


def test_deeper_narrower_skills_still_match_a_little_but_broader_ones_stop_at_two_steps():
    goals = goal_closeness([DESCRIPTIVE], [*EDGES, (uuid.UUID(int=99), MEAN),
                                           (uuid.UUID(int=100), uuid.UUID(int=99))])
    assert goals[uuid.UUID(int=100)].closeness == ranking.DEEPER_NARROWER
    assert goals[MATHS].closeness == 0.35
    assert SCIENCE not in goals


def test_the_closest_goal_wins_when_several_match():
    goals = goal_closeness([MATHS, DESCRIPTIVE], EDGES)
    assert goals[STATS].closeness == 0.6  # child of maths, parent of descriptive: a tie
    assert goals[STATS].goal_id == MATHS  # the earlier goal wins ties
    assert goals[DESCRIPTIVE] == GoalMatch(DESCRIPTIVE, 1.0, "same")


def test_the_best_skill_of_a_post_counts():
    scored = score(post(1, skill_ids=frozenset({COOKING, MEAN, DESCRIPTIVE})), reader())
    assert scored.matched_skill_id == DESCRIPTIVE and scored.goal.closeness == 0.6


def test_fresher_posts_rank_higher_all_else_equal():
    assert order([post(1, hours=50), post(2, hours=2), post(3, hours=20)], reader()) == [2, 3, 1]


def test_freshness_halves_every_half_life():
    assert ranking.freshness(0) == 1.0
    assert ranking.freshness(ranking.HALF_LIFE_HOURS) == pytest.approx(0.5)
    assert ranking.freshness(2 * ranking.HALF_LIFE_HOURS) == pytest.approx(0.25)
    assert ranking.freshness(-5) == 1.0  # a clock a little ahead never beats "now"


def test_learning_signal_is_damped():
    one = score(post(1, learn_weight=1.0), reader()).parts["learning"]
    ten = score(post(1, learn_weight=10.0), reader()).parts["learning"]
    hundred = score(post(1, learn_weight=100.0), reader()).parts["learning"]
    assert one < ten < hundred
    assert hundred - ten < ten - one + 1.5  # each tenfold adds about the same, not ten times
    assert hundred < 10 * ten


def test_learners_count_even_before_their_weight_is_known():
    assert score(post(1, learned_count=4), reader()).parts["learning"] > 0


def test_weights_change_the_order_as_expected():
    new_and_quiet = post(1, hours=1, skill_ids=frozenset({COOKING}))
    older_and_learned = post(2, hours=60, learn_weight=30.0, skill_ids=frozenset({COOKING}))
    fresh = reader(freshness=2.0, learning=0.6, goals=1.0)
    deep = reader(freshness=0.3, learning=2.0, goals=1.5)
    assert order([new_and_quiet, older_and_learned], fresh) == [1, 2]
    assert order([new_and_quiet, older_and_learned], deep) == [2, 1]

    on_goal = post(3, hours=30, skill_ids=frozenset({STATS}))
    newer_off_goal = post(4, hours=1, skill_ids=frozenset({COOKING}))
    assert order([on_goal, newer_off_goal], reader(goals=2.0, freshness=0.3)) == [3, 4]
    assert order([on_goal, newer_off_goal], reader(goals=0.0, freshness=2.0)) == [4, 3]


def test_zero_weights_switch_parts_off():
    scored = score(post(1, learn_weight=5.0, skill_ids=frozenset({STATS})),
                   reader(freshness=0, learning=0, goals=0))
    assert scored.parts["learning"] == scored.parts["goal_relevance"] == 0
    assert scored.parts["freshness"] == 0


def test_ties_are_broken_by_id_and_the_order_is_deterministic():
    posts = [post(pk) for pk in (5, 3, 9, 1)]
    assert order(posts, reader()) == [9, 5, 3, 1]
    assert order(list(reversed(posts)), reader()) == [9, 5, 3, 1]


def test_chronological_mode_orders_by_time_only():
    posts = [post(1, hours=1, bait_score=1.0), post(2, hours=5, learn_weight=50.0),
             post(3, hours=1)]
    ctx = replace(reader(), mode=ranking.CHRONOLOGICAL)
    assert order(posts, ctx) == [3, 1, 2]
    assert all(set(s.parts) == set(ranking.PARTS) for s in rank(posts, ctx))


def test_a_reader_with_no_goals_still_gets_a_score():
    scored = score(post(1, learn_weight=3.0, skill_ids=frozenset({STATS})), reader(goal_ids=()))
    assert scored.goal is None and scored.parts["goal_relevance"] == 0
    assert scored.parts["learning"] > 0


def test_out_of_range_inputs_are_clamped():
    wild = score(post(1, substance=7.0, bait_score=-3.0, learn_weight=-4.0), reader())
    assert wild.parts["substance"] == ranking.SUBSTANCE_POINTS
    assert wild.parts["bait_penalty"] == 0
    assert wild.parts["learning"] == 0
