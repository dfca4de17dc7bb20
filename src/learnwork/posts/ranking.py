"""The home feed's score: a pure function over plain data, so it can be tested, timed and explained.

Nothing here touches the database. `posts/feed.py` gathers the numbers; `posts/reasons.py` turns
the parts of the score into sentences. The choice of signals is in docs/decisions/0004.

The score of a post for one reader is the sum of five parts::

    learning       = w_learning  * LEARNING_POINTS * ln(1 + signal) * (GENERAL + (1 - GENERAL) * c)
    goal_relevance = w_goals     * GOAL_POINTS * c
    substance      = SUBSTANCE_POINTS * substance
    bait_penalty   = -BAIT_POINTS * bait_score
    freshness      = w_freshness * FRESH_POINTS * 0.5 ** (age_hours / HALF_LIFE_HOURS)

where

- `signal` is the post's `learn_weight` (the sum of the standing, in the post's skills, of
  everyone who marked "I learned from this"; a person who knows the subject counts for more than
  one who does not) plus `HELPFUL_SHARE` of its "helpful" marks. Posts whose weight is not yet
  computed fall back to `DEFAULT_STANDING` per learner. The logarithm damps it: the tenth learner
  adds far less than the first, so a crowd cannot buy the top of everyone's feed.
- `c` is the closeness of the post's skills to the reader's learning goals, through the skill
  hierarchy (the best over the post's skills and the reader's goals): the goal's own skill 1.0,
  a parent or child 0.6, a grandparent or grandchild 0.35, anything further below the goal 0.2,
  anything else 0. Only straight lines count (up or down), not cousins.
- the learning signal keeps a small general part (`GENERAL`): a post many people learned from is
  worth something to you even off your goals.
- `substance` and `bait_score` are computed from the text when it is saved (posts/substance.py,
  posts/bait.py), both in 0..1. The penalty is steep (up to 4 points, what a few dozen
  learners on your goal are worth): of two posts with the same reactions and skills, written
  hours apart, the bait one ranks lower, whatever the reader's weights.
- `w_*` are the reader's weights (FeedSettings, 0..2, 1 by default), set by sliders or one of
  the `PRESETS`.

Order: highest score first; equal scores by the newer post (higher id) first, so the order is
deterministic. In `chronological` mode the parts are still computed (the reader can still see
why a post is there) but the order is simply newest first.

Likes, views, comment counts and follower counts are deliberately not signals.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

HALF_LIFE_HOURS = 36.0
LEARNING_POINTS = 1.0
GENERAL = 0.25
GOAL_POINTS = 1.5
SUBSTANCE_POINTS = 1.0
BAIT_POINTS = 4.0
FRESH_POINTS = 1.5
HELPFUL_SHARE = 0.3
DEFAULT_STANDING = 1.0

# Closeness by distance in the hierarchy: the goal itself, one step, two steps; deeper narrower.
CLOSENESS_BY_STEPS = (1.0, 0.6, 0.35)
DEEPER_NARROWER = 0.2

PARTS = ("learning", "goal_relevance", "substance", "bait_penalty", "freshness")

RANKED = "ranked"
CHRONOLOGICAL = "chronological"


@dataclass(frozen=True)
class Weights:
    freshness: float = 1.0
    learning: float = 1.0
    goals: float = 1.0


PRESETS: dict[str, Weights] = {
    "balanced": Weights(freshness=1.0, learning=1.0, goals=1.0),
    "fresh": Weights(freshness=2.0, learning=0.6, goals=1.0),
    "deep_learning": Weights(freshness=0.3, learning=2.0, goals=1.5),
    "my_goals": Weights(freshness=1.0, learning=1.0, goals=2.0),
}


def preset_for(weights: Weights) -> str | None:
    """The name of the preset these weights are, if any."""
    for name, preset in PRESETS.items():
        if all(math.isclose(getattr(weights, part), getattr(preset, part), abs_tol=1e-6)
               for part in ("freshness", "learning", "goals")):
            return name
    return None


@dataclass(frozen=True)
class GoalMatch:
    """How a skill relates to one of the reader's goals."""

    goal_id: uuid.UUID
    closeness: float
    # "same", "narrower" (the skill is below the goal) or "broader" (above it).
    relation: str


@dataclass(frozen=True)
class CandidatePost:
    id: int
    author_id: int
    created: datetime
    skill_ids: frozenset[uuid.UUID] = frozenset()
    learned_count: int = 0
    learn_weight: float = 0.0
    helpful_count: int = 0
    bait_score: float = 0.0
    substance: float = 0.0
    hashtag_count: int = 0
    # Why it is a candidate at all (several can hold at once).
    followed_person: bool = False
    followed_topic_skill_ids: frozenset[uuid.UUID] = frozenset()
    followed_skill_ids: frozenset[uuid.UUID] = frozenset()
    goal_discovery: bool = False


@dataclass(frozen=True)
class ReaderContext:
    now: datetime
    # Every skill near one of the reader's goals, with its best match (see `goal_closeness`).
    goals: Mapping[uuid.UUID, GoalMatch] = field(default_factory=dict)
    weights: Weights = field(default_factory=Weights)
    mode: str = RANKED


@dataclass(frozen=True)
class ScoredPost:
    post: CandidatePost
    score: float
    parts: Mapping[str, float]
    goal: GoalMatch | None = None
    matched_skill_id: uuid.UUID | None = None

    @property
    def id(self) -> int:
        return self.post.id


def _clamp(value: float, low: float = 0.0, high: float = 1.0) -> float:
    return max(low, min(high, value))


def learning_signal(post: CandidatePost) -> float:
    weight = post.learn_weight if post.learn_weight > 0 else post.learned_count * DEFAULT_STANDING
    return max(0.0, weight) + HELPFUL_SHARE * max(0, post.helpful_count)


def freshness(age_hours: float) -> float:
    """1.0 for a post written now, 0.5 after one half-life, 0.25 after two."""
    return float(0.5 ** (max(0.0, age_hours) / HALF_LIFE_HOURS))


def best_goal(skill_ids: Iterable[uuid.UUID],
              goals: Mapping[uuid.UUID, GoalMatch]) -> tuple[uuid.UUID | None, GoalMatch | None]:
    """The post skill closest to one of the goals (ties: the smaller skill id, for determinism)."""
    best: tuple[uuid.UUID | None, GoalMatch | None] = (None, None)
    for skill_id in sorted(skill_ids):
        match = goals.get(skill_id)
        if match is not None and (best[1] is None or match.closeness > best[1].closeness):
            best = (skill_id, match)
    return best


def score(post: CandidatePost, reader: ReaderContext) -> ScoredPost:
    weights = reader.weights
    skill_id, goal = best_goal(post.skill_ids, reader.goals)
    closeness = goal.closeness if goal else 0.0
    age_hours = (reader.now - post.created).total_seconds() / 3600.0
    parts = {
        "learning": weights.learning * LEARNING_POINTS * math.log1p(learning_signal(post))
        * (GENERAL + (1.0 - GENERAL) * closeness),
        "goal_relevance": weights.goals * GOAL_POINTS * closeness,
        "substance": SUBSTANCE_POINTS * _clamp(post.substance),
        "bait_penalty": -BAIT_POINTS * _clamp(post.bait_score),
        "freshness": weights.freshness * FRESH_POINTS * freshness(age_hours),
    }
    return ScoredPost(post=post, score=sum(parts.values()), parts=parts, goal=goal,
                      matched_skill_id=skill_id)


def rank(posts: Iterable[CandidatePost], reader: ReaderContext) -> list[ScoredPost]:
    """Score every post and order them: by score, or newest first in chronological mode."""
    scored = [score(post, reader) for post in posts]
    if reader.mode == CHRONOLOGICAL:
        scored.sort(key=lambda s: (s.post.created, s.post.id), reverse=True)
    else:
        scored.sort(key=lambda s: (s.score, s.post.id), reverse=True)
    return scored


def goal_closeness(goal_ids: Sequence[uuid.UUID],
                   relations: Iterable[tuple[uuid.UUID, uuid.UUID]]) -> dict[uuid.UUID, GoalMatch]:
    """Every skill near a goal, with its closeness to the nearest goal.

    `relations` are (narrower, broader) edges of the hierarchy around the goals (at least two
    levels up and as far down as wanted). Goals earlier in `goal_ids` win ties.
    """
    parents: dict[uuid.UUID, set[uuid.UUID]] = {}
    children: dict[uuid.UUID, set[uuid.UUID]] = {}
    for narrower, broader in relations:
        parents.setdefault(narrower, set()).add(broader)
        children.setdefault(broader, set()).add(narrower)

    found: dict[uuid.UUID, GoalMatch] = {}

    def offer(skill_id: uuid.UUID, match: GoalMatch) -> None:
        current = found.get(skill_id)
        if current is None or match.closeness > current.closeness:
            found[skill_id] = match

    for goal_id in goal_ids:
        offer(goal_id, GoalMatch(goal_id, CLOSENESS_BY_STEPS[0], "same"))
        for direction, graph, depth_limit in (("broader", parents, len(CLOSENESS_BY_STEPS) - 1),
                                              ("narrower", children, None)):
            seen = {goal_id}
            frontier = [goal_id]
            steps = 0
            while frontier and (depth_limit is None or steps < depth_limit):
                steps += 1
                closeness = (CLOSENESS_BY_STEPS[steps] if steps < len(CLOSENESS_BY_STEPS)
                             else DEEPER_NARROWER)
                next_frontier = []
                for skill_id in frontier:
                    for other in sorted(graph.get(skill_id, ())):
                        if other not in seen:
                            seen.add(other)
                            next_frontier.append(other)
                            offer(other, GoalMatch(goal_id, closeness, direction))
                frontier = next_frontier
    return found
