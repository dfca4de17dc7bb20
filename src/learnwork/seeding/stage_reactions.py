"""Reactions: who learned from what, driven by hidden expertise.

Each reader browses posts on their learning goals, posts by people they follow, and some posts
on skills they already hold. For each post they come across:

- "learned" with a probability that rises steeply with the author's TRUE level in the post's
  skills (`((level - 1) / 4) ** 3`: 1.0 for a 5, 0.42 for a 4, 0.13 for a 3) and with how close
  the post is to the reader's goals; bait is almost never learned from, however popular its
  author. So the learned marks on a skill point at the people who really know it;
- "helpful" often alongside a learned mark, rarely otherwise;
- "saved" a little.

Never on their own posts; at most one of each kind per reader and post; followers-only posts
only from people they follow. What a reader came across through a follow (or could only read as
a follower) is dated after that follow, so nothing is learned through a follow before it was
made. A learned mark carries the reader's standing in the post's skills
(`posts.services.standing`, from their listed skill levels in the post's skills or in skills
above or below them, as the reaction service computes it), and the posts' counters
(learned_count, helpful_count, learn_weight) are recounted from the rows with
`posts.services.posts_recount`, so they agree with the rows by construction.

A reader's reactions are written whole in one transaction; readers with any reaction are
skipped, so a rerun adds nothing (and repairs the counters if an earlier run was cut short).
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Count, Q, Sum

from learnwork.posts.models import Post, PostSkill, Reaction
from learnwork.posts.services import posts_recount, standing
from learnwork.seeding.context import SeedContext, StageResult
from learnwork.seeding.people import PersonPlan
from learnwork.seeding.stage_posts import LEARNING_LEVEL
from learnwork.skills.models import SkillRelation, UserSkill
from learnwork.social.models import Follow

BATCH_ROWS = 10_000
# Rows per INSERT statement, well inside every driver's parameter limit.
INSERT_BATCH = 5_000
RECOUNT_CHUNK = 500
READER_SIGMA = 0.8
MAX_PER_READER = 2_000
ATTEMPTS_PER_REACTION = 40
# Where a reader comes across posts (cumulative): their goals, people they follow, the rest
# of what they know.
FROM_GOALS, FROM_FOLLOWS = 0.5, 0.85
BAIT_FROM = 0.5
LEARNED, HELPFUL, SAVED = (Reaction.Kind.LEARNED.value, Reaction.Kind.HELPFUL.value,
                           Reaction.Kind.SAVED.value)


@dataclass
class PostIndex:
    """The seeded posts as plain arrays, with what readers need to judge them."""

    ids: list[int] = field(default_factory=list)
    author: list[int] = field(default_factory=list)  # PersonPlan.index
    created: list[datetime] = field(default_factory=list)
    followers_only: list[bool] = field(default_factory=list)
    bait: list[bool] = field(default_factory=list)
    skills: list[frozenset[str]] = field(default_factory=list)
    # The author's best true level among the post's skills (hidden truth).
    level: list[float] = field(default_factory=list)
    by_author: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    by_skill: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))


def learn_chance(level: float) -> float:
    """How likely a reader for whom the post is spot on learns from it, by the author's true
    level."""
    return max(0.0, (level - 1.0) / 4.0) ** 3


def load_posts(people: dict[int, PersonPlan], author_of: dict[int, int]) -> PostIndex:
    """Posts by seeded people. `author_of` maps user id -> PersonPlan.index."""
    index = PostIndex()
    position: dict[int, int] = {}
    rows = Post.objects.order_by("id").values_list("id", "author_id", "created", "visibility",
                                                   "bait_score")
    for pid, author_id, created, visibility, bait_score in rows.iterator(chunk_size=10_000):
        author = author_of.get(author_id)
        if author is None:
            continue
        position[pid] = len(index.ids)
        index.ids.append(pid)
        index.author.append(author)
        index.created.append(created)
        index.followers_only.append(visibility == Post.Visibility.FOLLOWERS)
        index.bait.append(bait_score >= BAIT_FROM)
    tags: list[set[str]] = [set() for _ in index.ids]
    for pid, skill_id in PostSkill.objects.values_list("post_id", "skill_id").iterator(
            chunk_size=20_000):
        at = position.get(pid)
        if at is not None:
            tags[at].add(str(skill_id))
    for at, tagged in enumerate(tags):
        expertise = dict(people[index.author[at]].expertise)
        index.skills.append(frozenset(tagged))
        index.level.append(max((expertise.get(s, LEARNING_LEVEL) for s in tagged),
                               default=LEARNING_LEVEL))
        index.by_author[index.author[at]].append(at)
        for skill in tagged:
            index.by_skill[skill].append(at)
    return index


class Related:
    """`posts.selectors.related_skill_ids` for one skill at a time, from the whole hierarchy
    held in memory: the skill, everything below it and everything above it."""

    def __init__(self) -> None:
        self.up: dict[str, list[str]] = defaultdict(list)
        self.down: dict[str, list[str]] = defaultdict(list)
        for narrower, broader in SkillRelation.objects.values_list("narrower_id", "broader_id"):
            self.up[str(narrower)].append(str(broader))
            self.down[str(broader)].append(str(narrower))
        self._memo: dict[str, frozenset[str]] = {}

    def _walk(self, start: str, graph: dict[str, list[str]]) -> set[str]:
        seen = {start}
        stack = [start]
        while stack:
            for other in graph.get(stack.pop(), ()):
                if other not in seen:
                    seen.add(other)
                    stack.append(other)
        return seen

    def of(self, skill_id: str) -> frozenset[str]:
        found = self._memo.get(skill_id)
        if found is None:
            found = frozenset(self._walk(skill_id, self.up) | self._walk(skill_id, self.down))
            self._memo[skill_id] = found
        return found

    def standing(self, held: Sequence[tuple[str, int]], skill_ids: frozenset[str]) -> float:
        related: set[str] = set()
        for skill_id in skill_ids:
            related |= self.of(skill_id)
        return standing(level for skill_id, level in held if skill_id in related)


@dataclass(frozen=True)
class PlannedReaction:
    post: int  # position in the PostIndex
    kind: str
    created: datetime
    weight: float


def _lists_sampler(lists: list[list[int]]) -> tuple[list[list[int]], list[int]]:
    lists = [items for items in lists if items]
    return lists, list(itertools.accumulate(len(items) for items in lists))


def _draw(rng: random.Random, lists: list[list[int]], cum: list[int]) -> int:
    """A uniformly drawn element of the concatenation of `lists`, without concatenating."""
    n = rng.randrange(cum[-1])
    i = bisect.bisect_right(cum, n)
    return lists[i][n - (cum[i - 1] if i else 0)]


def plan_reader(reader: PersonPlan, *, seed: int, now: datetime, per_person: float,
                posts: PostIndex, followees: Mapping[int, datetime],
                held: Sequence[tuple[str, int]], related: Related) -> list[PlannedReaction]:
    """`followees`: PersonPlan.index of each person the reader follows -> since when."""
    rng = random.Random(f"learnwork-seed:{seed}:reactions:{reader.index}")
    budget = min(MAX_PER_READER, round(
        per_person * rng.lognormvariate(-READER_SIGMA**2 / 2, READER_SIGMA)))
    goals = {g.skill_id for g in reader.goals}
    known = {skill_id for skill_id, _level in held}
    sources = [
        _lists_sampler([posts.by_skill.get(g, []) for g in sorted(goals)]),
        _lists_sampler([posts.by_author.get(a, []) for a in sorted(followees)]),
        _lists_sampler([posts.by_skill.get(s, []) for s in sorted(known)]),
    ]
    if budget <= 0 or not any(cum for _lists, cum in sources):
        return []
    planned: list[PlannedReaction] = []
    seen: set[int] = set()
    for _ in range(budget * ATTEMPTS_PER_REACTION):
        if len(planned) >= budget:
            break
        roll = rng.random()
        source = 0 if roll < FROM_GOALS else 1 if roll < FROM_FOLLOWS else 2
        lists, cum = sources[source]
        if not cum:
            continue
        at = _draw(rng, lists, cum)
        author = posts.author[at]
        if at in seen or author == reader.index:
            continue
        if posts.followers_only[at] and author not in followees:
            continue
        seen.add(at)
        tags = posts.skills[at]
        match = 1.0 if not goals.isdisjoint(tags) else 0.5 if not known.isdisjoint(tags) else 0.25
        chance = 0.9 * learn_chance(posts.level[at]) * match
        if posts.bait[at]:
            chance *= 0.05
        learned = rng.random() < chance
        helpful = rng.random() < (0.3 if learned else 0.01 if posts.bait[at] else 0.05)
        saved = rng.random() < (0.1 if learned else 0.01)
        if not (learned or helpful or saved):
            continue
        created = posts.created[at]
        # Most reactions come soon after the post; none after `now`.
        when = created + max(now - created, timedelta(0)) * (rng.random() ** 2)
        if source == 1 or posts.followers_only[at]:
            when = max(when, min(followees[author], now))
        if learned:
            planned.append(PlannedReaction(at, LEARNED, when, related.standing(held, tags)))
        if helpful:
            planned.append(PlannedReaction(at, HELPFUL, when, 0.0))
        if saved:
            planned.append(PlannedReaction(at, SAVED, when, 0.0))
    return planned


def counters_consistent() -> bool:
    """Whether the posts' counters add up to the reaction rows (two aggregate queries each)."""
    totals = Post.objects.aggregate(learned=Sum("learned_count"), helpful=Sum("helpful_count"),
                                    weight=Sum("learn_weight"))
    rows = Reaction.objects.aggregate(
        learned=Count("id", filter=Q(kind=LEARNED)), helpful=Count("id", filter=Q(kind=HELPFUL)),
        weight=Sum("weight", filter=Q(kind=LEARNED)))
    return ((totals["learned"] or 0) == rows["learned"]
            and (totals["helpful"] or 0) == rows["helpful"]
            and abs((totals["weight"] or 0.0) - (rows["weight"] or 0.0)) < 1e-6 * max(
                1.0, rows["weight"] or 0.0))


def recount(post_ids: Iterable[int]) -> None:
    """Counters of these posts recomputed from their rows, a few hundred posts per query."""
    ordered = sorted(set(post_ids))
    for start in range(0, len(ordered), RECOUNT_CHUNK):
        posts_recount(post_ids=ordered[start:start + RECOUNT_CHUNK])


def run(ctx: SeedContext) -> StageResult:
    result = StageResult()
    present = [p for p in ctx.people if p.handle in ctx.user_ids]
    ids = {p.index: ctx.user_ids[p.handle] for p in present}
    author_of = {user_id: index for index, user_id in ids.items()}
    counts = {user: n for user, n in
              Reaction.objects.order_by().values_list("user_id").annotate(n=Count("id"))
              if user in author_of}
    result.existing = sum(counts.values())
    todo = [p for p in present if ids[p.index] not in counts]
    if todo:
        _react(ctx, todo, ids, author_of, result)
    # A run cut short between writing reactions and recounting leaves counters behind: the
    # next run notices and repairs them.
    if result.existing and not counters_consistent():
        ctx.log("  reactions: counters out of step with the rows; recounting")
        recount(Reaction.objects.order_by().values_list("post_id", flat=True).distinct())
    return result


def _react(ctx: SeedContext, todo: list[PersonPlan], ids: dict[int, int],
           author_of: dict[int, int], result: StageResult) -> None:
    people = {p.index: p for p in ctx.people if p.handle in ctx.user_ids}
    posts = load_posts(people, author_of)
    if not posts.ids:
        return
    related = Related()
    per_person = ctx.tier.per_person(ctx.tier.reactions)
    touched: set[int] = set()
    done = 0
    for start in range(0, len(todo), _readers_per_batch(per_person)):
        readers = todo[start:start + _readers_per_batch(per_person)]
        reader_ids = [ids[p.index] for p in readers]
        followees: dict[int, dict[int, datetime]] = defaultdict(dict)
        for follower, followee, since in Follow.objects.filter(
                follower_id__in=reader_ids).values_list("follower_id", "followee_id", "created"):
            if followee in author_of:
                followees[author_of[follower]][author_of[followee]] = since
        held: dict[int, list[tuple[str, int]]] = defaultdict(list)
        for user_id, skill_id, level in UserSkill.objects.filter(
                user_id__in=reader_ids).values_list("user_id", "skill_id", "level"):
            held[author_of[user_id]].append((str(skill_id), level))
        rows: list[Reaction] = []
        for reader in readers:
            for r in plan_reader(reader, seed=ctx.seed, now=ctx.now, per_person=per_person,
                                 posts=posts, followees=followees[reader.index],
                                 held=sorted(held[reader.index]), related=related):
                rows.append(Reaction(user_id=ids[reader.index], post_id=posts.ids[r.post],
                                     kind=r.kind, created=r.created, weight=r.weight))
                touched.add(posts.ids[r.post])
        with transaction.atomic():
            Reaction.objects.bulk_create(rows, batch_size=INSERT_BATCH)
        for row in rows:
            result.add(row.kind, 1)
        done += len(readers)
        ctx.log(f"  reactions: {done:,}/{len(todo):,} readers")
    recount(touched)


def _readers_per_batch(per_person: float) -> int:
    return max(1, int(BATCH_ROWS / max(1.0, per_person)))

