"""Follows: who reads whom (some for one topic only), and which skills people follow.

Planned from hidden truth, so the graph means something:

- expertise: most deliberate follows go to people who are truly strong (listed or not) in one
  of the follower's goal skills, or in a skill they hold; a third of those are follows for a
  topic only, the followee's strongest skill;
- community: people follow others in their occupation family, stronger ones more often;
- popularity: the rest go by fame (traits.py), a Pareto tail, which gives the skewed in-degree
  of a real network: a few accounts with thousands of followers, many of them influencers
  rather than experts.

Out-degree is heavy-tailed too: about 1.5 % of people follow 1,000 to 2,000 others (capped by
the network's size). Everyone also follows some of their goal skills.

Each follow is dated like the rest of the seeded activity: over the 30 days before `now`, 70 % in
the last 7, never before either person joined. The dates come from their own random stream, so
they leave the graph itself unchanged; they make "the newest follows" mean something (the
recommendations benchmark hides them and asks who would be followed next), and the reactions
stage dates what a reader learned through a follow after that follow.

A person's follows are written whole in one transaction; whoever already follows anyone (or
any skill) is skipped, so a rerun adds nothing.
"""

from __future__ import annotations

import bisect
import itertools
import math
import random
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from django.db import models, transaction
from django.db.models import Count

from learnwork.seeding.context import SeedContext, StageResult
from learnwork.seeding.people import PersonPlan
from learnwork.seeding.taxonomy import Taxonomy
from learnwork.seeding.traits import Traits, traits_for
from learnwork.social.models import Follow, FollowTopic, SkillFollow

# Rows per transaction.
BATCH_ROWS = 10_000
# Rows per INSERT statement, well inside every driver's parameter limit.
INSERT_BATCH = 5_000
HEAVY_SHARE = 0.015
HEAVY_RANGE = (1_000, 2_000)
USUAL_MAX = 900
# Nobody follows more than this share of everyone else (matters for small tiers).
MAX_SHARE = 0.8
OUT_SIGMA = 0.9
# Where each follow comes from (cumulative): a goal expert, an expert in a held skill, the
# occupation family, then fame.
GOAL_EXPERT, HELD_EXPERT, FAMILY = 0.38, 0.46, 0.64
TOPIC_CHANCE = 0.35
SKILL_FOLLOW_CHANCE = 0.3
# True level from which someone is worth following for a skill.
FOLLOW_LEVEL = 3.8
# When follows were made (seconds before `now`): like posts, over 30 days, 70 % in the last 7.
DAYS, RECENT_DAYS, RECENT_SHARE = 30, 7, 0.7


@dataclass(frozen=True)
class FollowPlan:
    followee: int  # PersonPlan.index
    topic: str | None = None  # skill id: followed for this skill only
    age: float = 0.0  # seconds before the run's `now`


def follow_age(rng: random.Random, follower: PersonPlan, followee: PersonPlan) -> float:
    """Seconds before `now` that `follower` followed `followee`: after both joined."""
    if rng.random() < RECENT_SHARE:
        seconds = rng.uniform(60, RECENT_DAYS * 86400)
    else:
        seconds = rng.uniform(RECENT_DAYS * 86400, DAYS * 86400)
    joined = min(follower.joined_days_ago, followee.joined_days_ago) * 86400
    return round(min(seconds, max(60.0, joined - 3600)))


@dataclass(frozen=True)
class PersonFollows:
    person: int
    follows: tuple[FollowPlan, ...]
    skills: tuple[str, ...]


class _Pool:
    """People to draw from, each in proportion to a weight."""

    def __init__(self, members: list[int], weights: list[float]) -> None:
        self.members = members
        self.cum = list(itertools.accumulate(weights))

    def draw(self, rng: random.Random) -> int:
        i = bisect.bisect_right(self.cum, rng.random() * self.cum[-1])
        return self.members[min(i, len(self.members) - 1)]


def _family(taxonomy: Taxonomy, person: PersonPlan) -> str:
    occupation = taxonomy.occupations.get(person.occupation_id)
    if occupation is None:
        return ""
    return occupation.family or f"isco:{occupation.isco_group}"


def _pools(people: Sequence[PersonPlan], traits: dict[int, Traits], taxonomy: Taxonomy
           ) -> tuple[_Pool, dict[str, _Pool], dict[str, _Pool]]:
    every = _Pool([p.index for p in people], [traits[p.index].fame for p in people])
    family_members: dict[str, tuple[list[int], list[float]]] = defaultdict(lambda: ([], []))
    skill_members: dict[str, tuple[list[int], list[float]]] = defaultdict(lambda: ([], []))
    for p in people:
        t = traits[p.index]
        members, weights = family_members[_family(taxonomy, p)]
        members.append(p.index)
        weights.append(math.sqrt(t.fame) * (1.0 + max(0.0, t.peak - 3.0)))
        for skill_id, level in p.expertise:
            if level >= FOLLOW_LEVEL:
                members, weights = skill_members[skill_id]
                members.append(p.index)
                weights.append((level - 3.0) ** 3)
    families = {key: _Pool(*value) for key, value in family_members.items()}
    skills = {key: _Pool(*value) for key, value in skill_members.items()}
    return every, families, skills


def out_degree(rng: random.Random, *, per_person: float, population: int) -> int:
    cap = int(MAX_SHARE * max(0, population - 1))
    heavy_mean = min(sum(HEAVY_RANGE) / 2, cap)
    usual_mean = max(0.0, (per_person - HEAVY_SHARE * heavy_mean) / (1 - HEAVY_SHARE))
    if rng.random() < HEAVY_SHARE:
        wanted = rng.randint(*HEAVY_RANGE)
    else:
        wanted = min(USUAL_MAX, round(usual_mean * rng.lognormvariate(-OUT_SIGMA**2 / 2,
                                                                      OUT_SIGMA)))
    return max(0, min(cap, wanted))


def plan_follows(*, seed: int, people: Sequence[PersonPlan], taxonomy: Taxonomy,
                 per_person: float, only: set[int] | None = None) -> list[PersonFollows]:
    """Whom each person follows, among `people`. `only` limits which followers are planned
    (the pools, and so the choices, always cover everyone)."""
    traits = {p.index: traits_for(p, seed=seed) for p in people}
    every, families, skills = _pools(people, traits, taxonomy)
    by_index = {p.index: p for p in people}
    plans = []
    for person in people:
        if only is not None and person.index not in only:
            continue
        rng = random.Random(f"learnwork-seed:{seed}:follows:{person.index}")
        k = out_degree(rng, per_person=per_person, population=len(people))
        goal_pools = [skills[g.skill_id] for g in person.goals if g.skill_id in skills]
        held_pools = [skills[s.skill_id] for s in person.skills if s.skill_id in skills]
        family = families.get(_family(taxonomy, person))
        chosen: dict[int, str | None] = {}
        for _ in range(k * 12):
            if len(chosen) >= k:
                break
            roll = rng.random()
            by_skill = False
            if roll < GOAL_EXPERT and goal_pools:
                followee, by_skill = rng.choice(goal_pools).draw(rng), True
            elif roll < HELD_EXPERT and held_pools:
                followee, by_skill = rng.choice(held_pools).draw(rng), True
            elif roll < FAMILY and family is not None:
                followee = family.draw(rng)
            else:
                followee = every.draw(rng)
            if followee == person.index or followee in chosen:
                continue
            topic = None
            if rng.random() < (TOPIC_CHANCE if by_skill else 0.05):
                strongest = by_index[followee].strengths()
                topic = strongest[0] if strongest else None
            chosen[followee] = topic
        followed_skills = tuple(g.skill_id for g in person.goals
                                if rng.random() < SKILL_FOLLOW_CHANCE)
        # A stream of its own, so dating the follows changed none of the choices above.
        when = random.Random(f"learnwork-seed:{seed}:follow-times:{person.index}")
        plans.append(PersonFollows(
            person=person.index,
            follows=tuple(FollowPlan(f, t, follow_age(when, person, by_index[f]))
                          for f, t in chosen.items()),
            skills=followed_skills,
        ))
    return plans


def run(ctx: SeedContext) -> StageResult:
    result = StageResult()
    present = [p for p in ctx.people if p.handle in ctx.user_ids]
    if len(present) < 2:
        return result
    ids = {p.index: ctx.user_ids[p.handle] for p in present}
    seeded_ids = set(ids.values())
    # One grouped scan of an index, rather than an IN list as long as the tier.
    counts = {
        follower: n for follower, n in
        Follow.objects.order_by().values_list("follower_id").annotate(n=Count("id"))
        if follower in seeded_ids
    }
    started = set(counts) | (seeded_ids & set(
        SkillFollow.objects.order_by().values_list("user_id", flat=True).distinct()))
    result.existing = sum(counts.values())
    todo = {p.index for p in present if ids[p.index] not in started}
    if not todo:
        return result
    plans = plan_follows(seed=ctx.seed, people=present, taxonomy=ctx.taxonomy,
                         per_person=ctx.tier.per_person(ctx.tier.follows), only=todo)
    batch: list[PersonFollows] = []
    rows = done = 0
    for plan in plans:
        batch.append(plan)
        rows += len(plan.follows) + len(plan.skills)
        if rows >= BATCH_ROWS:
            done += _write(batch, ids, result, ctx.now)
            ctx.log(f"  follows: {done:,}/{len(plans):,} people")
            batch, rows = [], 0
    if batch:
        _write(batch, ids, result, ctx.now)
    return result


@contextmanager
def _dated(model: type[Follow]) -> Iterator[None]:
    """Let bulk_create keep the planned `created` instead of stamping the current time: an
    UPDATE of every row afterwards would cost minutes at tier M."""
    field = cast(models.DateTimeField, model._meta.get_field("created"))
    field.auto_now_add = False
    try:
        yield
    finally:
        field.auto_now_add = True


@transaction.atomic
def _write(batch: list[PersonFollows], ids: dict[int, int], result: StageResult,
           now: datetime) -> int:
    follows: list[Follow] = []
    topics: list[tuple[int, str]] = []
    for plan in batch:
        for follow in plan.follows:
            if follow.topic is not None:
                topics.append((len(follows), follow.topic))
            follows.append(Follow(follower_id=ids[plan.person], followee_id=ids[follow.followee],
                                  created=now - timedelta(seconds=follow.age)))
    with _dated(Follow):
        Follow.objects.bulk_create(follows, batch_size=INSERT_BATCH)
    FollowTopic.objects.bulk_create(
        (FollowTopic(follow_id=follows[i].pk, follower_id=follows[i].follower_id,
                     skill_id=skill_id) for i, skill_id in topics),
        batch_size=INSERT_BATCH)
    skill_follows = SkillFollow.objects.bulk_create(
        SkillFollow(user_id=ids[plan.person], skill_id=skill_id)
        for plan in batch for skill_id in plan.skills)
    result.add("follows", len(follows))
    result.add("follow topics", len(topics))
    result.add("skill follows", len(skill_follows))
    return len(batch)
