"""Posts: who writes how much, about what, and how well, from hidden expertise.

- How much: in proportion to `PersonPlan.activity` (heavy-tailed) times `Traits.post_rate`
  (influencers post more), scaled to the tier's posts per person.
- About what: mostly one of the author's TRUE strengths (`PersonPlan.strengths()`, unlisted ones
  included), otherwise a goal they are learning or another skill they hold. A quarter of the
  posts are tagged with a second skill of theirs.
- How well: the text's band follows the author's true level in the skill (texts.py); a share
  of posts, `Traits.bait_rate`, is engagement bait, posted mostly by influencers.
- When: over the 30 days before the run's `now`, 70 % in the last 7, so a home feed (14 days)
  always has something to show. Visibility: mostly everyone, some members or followers only.

Derived columns (body_html, hashtag_count, bait_score, substance) come from texts.derive, i.e.
the app's own pure functions. They are the costly part (a few milliseconds a post), so a seed of
thousands of posts fans them out to a process pool while the main process writes.

An author's posts are written whole in one transaction; authors with any post are skipped, so
a rerun adds nothing. The reaction counters are set by the reactions stage.
"""

from __future__ import annotations

import multiprocessing
import os
import random
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Count

from learnwork.posts.models import Post, PostSkill
from learnwork.seeding.context import SeedContext, StageResult
from learnwork.seeding.people import PersonPlan
from learnwork.seeding.taxonomy import Taxonomy
from learnwork.seeding.texts import (
    BAIT,
    EXPERT,
    LEARNING,
    SOLID,
    Derived,
    TextSpec,
    compose_and_derive,
)
from learnwork.seeding.traits import Traits, traits_for

BATCH_ROWS = 5_000
# Rows per INSERT statement, well inside every driver's parameter limit.
INSERT_BATCH = 2_000
# Below this many posts a pool costs more to start than it saves.
POOL_MIN_POSTS = 3_000
CHUNK = 250
MAX_POSTS_PER_PERSON = 400
DAYS = 30
RECENT_DAYS = 7
RECENT_SHARE = 0.7
LEARNING_LEVEL = 1.5
EXPERT_FROM = 4.3
SOLID_FROM = 3.3
SECOND_SKILL = 0.25
# Visibility mix: everyone, members, followers.
VISIBILITY = ((Post.Visibility.EVERYONE, 0.86), (Post.Visibility.MEMBERS, 0.09),
              (Post.Visibility.FOLLOWERS, 0.05))


@dataclass(frozen=True)
class PostPlan:
    author: int  # PersonPlan.index
    number: int  # the author's n-th post (0-based), for stable keys
    created: datetime
    visibility: str
    skill_ids: tuple[str, ...]
    text: TextSpec
    # Hidden truth: written as bait; the author's true level in the main skill.
    bait: bool
    level: float


def true_level(person: PersonPlan, skill_id: str) -> float:
    """How good `person` really is at `skill_id`: their hidden expertise, or a beginner's
    level for anything they only want to learn."""
    for skill, level in person.expertise:
        if skill == skill_id:
            return level
    return LEARNING_LEVEL


def band_for(level: float) -> str:
    return EXPERT if level >= EXPERT_FROM else SOLID if level >= SOLID_FROM else LEARNING


def mean_post_rate(people: Sequence[PersonPlan], traits: dict[int, Traits]) -> float:
    if not people:
        return 1.0
    return sum(p.activity * traits[p.index].post_rate for p in people) / len(people)


def _skill(rng: random.Random, person: PersonPlan) -> str:
    strengths = person.strengths()
    roll = rng.random()
    if strengths and roll < 0.72:
        weights = [max(0.1, true_level(person, s) - 3.0) ** 2 for s in strengths]
        return rng.choices(strengths, weights=weights, k=1)[0]
    if person.goals and roll < 0.87:
        return rng.choice(person.goals).skill_id
    held = [s.skill_id for s in person.skills]
    return rng.choice(held) if held else rng.choice(person.goals).skill_id


def plan_posts(person: PersonPlan, *, seed: int, now: datetime, traits: Traits,
               per_person: float, mean_rate: float, taxonomy: Taxonomy) -> list[PostPlan]:
    rng = random.Random(f"learnwork-seed:{seed}:posts:{person.index}")
    expected = per_person * person.activity * traits.post_rate / mean_rate
    count = min(MAX_POSTS_PER_PERSON, int(expected) + (rng.random() < expected % 1))
    occupation = taxonomy.occupations.get(person.occupation_id)
    topics = sorted({s.skill_id for s in person.skills} | {g.skill_id for g in person.goals})
    plans = []
    for number in range(count):
        bait = rng.random() < traits.bait_rate
        skill_id = rng.choice(topics) if bait else _skill(rng, person)
        level = true_level(person, skill_id)
        skill_ids = [skill_id]
        if not bait and rng.random() < SECOND_SKILL:
            others = [s for s in topics if s != skill_id]
            if others:
                skill_ids.append(rng.choice(others))
        if rng.random() < RECENT_SHARE:
            seconds = rng.uniform(60, RECENT_DAYS * 86400)
        else:
            seconds = rng.uniform(RECENT_DAYS * 86400, DAYS * 86400)
        visibility = rng.choices([v for v, _w in VISIBILITY], [w for _v, w in VISIBILITY])[0]
        main = taxonomy.skills[skill_id]
        other = taxonomy.skills[skill_ids[1]] if len(skill_ids) > 1 else None
        plans.append(PostPlan(
            author=person.index,
            number=number,
            created=now - timedelta(seconds=round(seconds)),
            visibility=visibility,
            skill_ids=tuple(skill_ids),
            text=TextSpec(
                key=f"{seed}:{person.index}:{number}",
                band=BAIT if bait else band_for(level),
                level=level,
                label=main.label,
                is_knowledge=main.is_knowledge,
                other_label=other.label if other else "",
                other_is_knowledge=other.is_knowledge if other else False,
                occupation=occupation.label if occupation else "",
                years=person.years,
            ),
            bait=bait,
            level=level,
        ))
    return plans


def plan_all(*, seed: int, people: Sequence[PersonPlan], now: datetime, per_person: float,
             taxonomy: Taxonomy, only: set[int] | None = None,
             everyone: Sequence[PersonPlan] | None = None) -> list[PostPlan]:
    """Every post of `people` (or of those in `only`). The rate is normalised over `everyone`
    (all planned people), so a person's share does not depend on who is already seeded."""
    everyone = people if everyone is None else everyone
    traits = {p.index: traits_for(p, seed=seed) for p in everyone}
    for p in people:
        traits.setdefault(p.index, traits_for(p, seed=seed))
    mean_rate = mean_post_rate(everyone, traits)
    plans: list[PostPlan] = []
    for person in people:
        if only is None or person.index in only:
            plans += plan_posts(person, seed=seed, now=now, traits=traits[person.index],
                                per_person=per_person, mean_rate=mean_rate, taxonomy=taxonomy)
    return plans


def _texts(plans: Sequence[PostPlan], workers: int) -> Iterator[Derived]:
    """Each plan's text and derived fields, in order; computed ahead by a pool when it pays."""
    chunks = [[p.text for p in plans[i:i + CHUNK]] for i in range(0, len(plans), CHUNK)]
    if workers <= 1 or len(plans) < POOL_MIN_POSTS:
        for chunk in chunks:
            yield from compose_and_derive(chunk)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        ahead = workers * 3
        pending: list[Future[list[Derived]]] = []
        for chunk in chunks:
            pending.append(pool.submit(compose_and_derive, chunk))
            if len(pending) > ahead:
                yield from pending.pop(0).result()
        for future in pending:
            yield from future.result()


def run(ctx: SeedContext) -> StageResult:
    result = StageResult()
    present = [p for p in ctx.people if p.handle in ctx.user_ids]
    ids = {p.index: ctx.user_ids[p.handle] for p in present}
    seeded_ids = set(ids.values())
    counts = {author: n for author, n in
              Post.objects.order_by().values_list("author_id").annotate(n=Count("id"))
              if author in seeded_ids}
    result.existing = sum(counts.values())
    todo = {p.index for p in present if ids[p.index] not in counts}
    if not todo:
        return result
    plans = plan_all(seed=ctx.seed, people=present, now=ctx.now, taxonomy=ctx.taxonomy,
                     per_person=ctx.tier.per_person(ctx.tier.posts), only=todo,
                     everyone=ctx.people)
    batch: list[tuple[PostPlan, Derived]] = []
    written = 0
    for plan, derived in zip(plans, _texts(plans, ctx.workers), strict=True):
        # Flush only between authors, so each author's posts land in one transaction.
        if len(batch) >= BATCH_ROWS and batch[-1][0].author != plan.author:
            written += _write(batch, ids, result)
            ctx.log(f"  posts: {written:,}/{len(plans):,}")
            batch = []
        batch.append((plan, derived))
    if batch:
        _write(batch, ids, result)
    return result


@transaction.atomic
def _write(batch: list[tuple[PostPlan, Derived]], ids: dict[int, int],
           result: StageResult) -> int:
    posts = Post.objects.bulk_create(
        [Post(author_id=ids[plan.author], body=d.body, body_html=d.body_html,
              visibility=plan.visibility, created=plan.created,
              hashtag_count=d.hashtag_count, bait_score=d.bait_score, substance=d.substance)
         for plan, d in batch], batch_size=INSERT_BATCH)
    links = PostSkill.objects.bulk_create(
        [PostSkill(post_id=post.pk, skill_id=skill_id, created=post.created)
         for post, (plan, _d) in zip(posts, batch, strict=True) for skill_id in plan.skill_ids],
        batch_size=INSERT_BATCH)
    result.add("posts", len(posts))
    result.add("post skills", len(links))
    return len(posts)


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))
