"""Adding up teacher evidence per (skill, person) from plain rows: pure, no database.

Every piece of evidence about a skill also counts for each skill above it in the hierarchy (a
post on "statistics" is evidence for "mathematics" too), so `up(skill)` gives the skill and all
its ancestors, and each post, record, badge or declaration is counted once per skill it reaches,
however many of its tags reach that skill.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from learnwork.recommendations.scoring import Evidence

SkillId = uuid.UUID
Up = Callable[[SkillId], frozenset[SkillId]]


@dataclass(frozen=True)
class LearnedMark:
    post_id: int
    learner_id: int
    weight: float


@dataclass(frozen=True)
class RecordRow:
    owner_id: int
    skill_ids: tuple[SkillId, ...]
    confirmed: bool = False


@dataclass(frozen=True)
class BadgeRow:
    owner_id: int
    skill_ids: tuple[SkillId, ...]


@dataclass(frozen=True)
class Declared:
    """A skill on someone's profile: "can teach", or a self-rated level."""

    owner_id: int
    skill_id: SkillId
    level: int
    can_teach: bool = False


@dataclass
class Tally:
    """One (skill, person): the plain evidence, who learned, and what they say about it."""

    learned_marks: int = 0
    learned_weight: float = 0.0
    learner_ids: set[int] = field(default_factory=set)
    learned_post_ids: set[int] = field(default_factory=set)
    posts: int = 0
    records: int = 0
    confirmed_records: int = 0
    badges: int = 0
    can_teach: bool = False
    declared_level: int = 0
    # The declaration to name: one they can teach, else their highest-rated.
    declared_skill_id: SkillId | None = None

    def evidence(self, *, followers: int = 0) -> Evidence:
        return Evidence(
            learned_marks=self.learned_marks, learned_weight=round(self.learned_weight, 6),
            learners=len(self.learner_ids), learned_posts=len(self.learned_post_ids),
            posts=self.posts, records=self.records, confirmed_records=self.confirmed_records,
            badges=self.badges, can_teach=self.can_teach, declared_level=self.declared_level,
            followers=followers)



def _reach(skill_ids: Iterable[SkillId], up: Up) -> set[SkillId]:
    reached: set[SkillId] = set()
    for skill_id in skill_ids:
        reached |= up(skill_id)
    return reached


def tally(*, posts: Mapping[int, tuple[int, tuple[SkillId, ...]]],
          learned: Iterable[LearnedMark], records: Iterable[RecordRow] = (),
          badges: Iterable[BadgeRow] = (), declared: Iterable[Declared] = (),
          up: Up) -> dict[tuple[SkillId, int], Tally]:
    """Evidence per (skill, person) wherever there is any, posts included.

    `posts`: post id -> (author id, its skill ids), the posts that may count; marks on any other
    post are ignored. `up(skill)`: the skill and every skill above it.
    """
    tallies: dict[tuple[SkillId, int], Tally] = {}
    reach: dict[int, set[SkillId]] = {}

    def at(skill_id: SkillId, person_id: int) -> Tally:
        found = tallies.get((skill_id, person_id))
        if found is None:
            found = tallies[(skill_id, person_id)] = Tally()
        return found

    # Marks are added up per post first, then the post's totals for each skill it reaches.
    per_post: dict[int, tuple[list[int], set[int]]] = {}
    weights: dict[int, float] = defaultdict(float)
    for mark in learned:
        post = posts.get(mark.post_id)
        if post is None or post[0] == mark.learner_id:
            continue
        found = per_post.get(mark.post_id)
        if found is None:
            found = per_post[mark.post_id] = ([0], set())
        found[0][0] += 1
        found[1].add(mark.learner_id)
        weights[mark.post_id] += mark.weight
    for post_id, ([marks], learners) in per_post.items():
        author_id, tags = posts[post_id]
        skills = reach[post_id] = _reach(tags, up)
        for skill_id in skills:
            row = at(skill_id, author_id)
            row.learned_marks += marks
            row.learned_weight += weights[post_id]
            row.learner_ids |= learners
            row.learned_post_ids.add(post_id)
    for record in records:
        for skill_id in _reach(record.skill_ids, up):
            row = at(skill_id, record.owner_id)
            row.records += 1
            row.confirmed_records += record.confirmed
    for badge in badges:
        for skill_id in _reach(badge.skill_ids, up):
            at(skill_id, badge.owner_id).badges += 1
    # Declarations: "can teach" wins, then the higher level, then the skill itself over a
    # narrower one, then the smallest id, so the reason names the same skill on every refresh.
    for d in sorted(declared, key=lambda d: (d.owner_id, str(d.skill_id))):
        for skill_id in up(d.skill_id):
            row = at(skill_id, d.owner_id)
            mine = (d.can_teach, d.level, d.skill_id == skill_id)
            named = (row.can_teach, row.declared_level, row.declared_skill_id == skill_id)
            if row.declared_skill_id is None or mine > named:
                row.declared_skill_id = d.skill_id
            row.can_teach |= d.can_teach
            row.declared_level = max(row.declared_level, d.level)
    # Every post counts: as the denominator of a rate, and, for someone nobody has learned
    # from yet, as the faint sign that they write about the skill at all.
    for post_id, (author_id, tags) in posts.items():
        skills = reach.get(post_id) or _reach(tags, up)
        for skill_id in skills:
            at(skill_id, author_id).posts += 1
    return tallies


class Ancestors:
    """`up(skill)` over a parents mapping, memoised: a skill and everything above it."""

    def __init__(self, parents: Mapping[SkillId, Iterable[SkillId]]) -> None:
        self.parents = parents
        self._memo: dict[SkillId, frozenset[SkillId]] = {}

    def __call__(self, skill_id: SkillId) -> frozenset[SkillId]:
        found = self._memo.get(skill_id)
        if found is None:
            seen = {skill_id}
            stack = [skill_id]
            while stack:
                for parent in self.parents.get(stack.pop(), ()):
                    if parent not in seen:
                        seen.add(parent)
                        stack.append(parent)
            found = self._memo[skill_id] = frozenset(seen)
        return found
