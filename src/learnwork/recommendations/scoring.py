"""Who to learn a skill from: scoring, ranking and reasons over plain data, no database.

Three things decide a suggestion, in this order of weight:

1. Evidence that they teach the skill (`evidence_score`): people marked "I learned from this" on
   their posts about it (or narrower skills), counted with each learner's standing and with
   diminishing returns, times how reliably their posts teach (learned marks per post, smoothed
   so one lucky post is not a teacher); then finished learning records (confirmed ones count
   more) and verified badges; a "can teach" declaration is a weak signal, and a self-rating of
   proficient or expert a weaker one.
2. Closeness (`rank`): people the reader follows learned from them.
3. Variety (`rank`): popularity is damped (follower counts are mostly fame, not teaching), and a
   greedy re-rank (maximal marginal relevance) holds back people whose learners are the same
   crowd as someone already suggested, so the list is not ten versions of the most-followed.

Reasons come out as sentences (`reasons`), from the same numbers, so every suggestion says why.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Tuned with bench/recommend.py at tier M (hidden 20 %): volume of learned marks predicts whom
# a reader learns from next, the rate per post whom they follow, so both count; the rate's
# exponent and prior keep a single lucky post from looking like a teacher.
# Evidence. Learned marks per post are smoothed towards PRIOR_RATE over PRIOR_POSTS posts.
PRIOR_POSTS = 10.0
PRIOR_RATE = 0.5
RATE_EXPONENT = 0.25
RECORD_WEIGHT = 0.35
CONFIRMED_EXTRA = 1.0
BADGE_WEIGHT = 0.6
TEACH_WEIGHT = 0.3
# A self-rating above "competent" (3 of 5), per level: weaker still than "can teach".
DECLARED_WEIGHT = 0.1
# Posting about a skill shows little, but ranks someone above nobody.
POST_WEIGHT = 0.02
# Closeness and popularity.
CLOSENESS_WEIGHT = 0.6
POPULARITY_DAMPING = 0.1
# Variety: how much a full overlap of learners with an earlier pick costs (0..1).
OVERLAP_PENALTY = 0.3
# Below this many followers a teacher counts as "not widely followed" in the reasons.
FEW_FOLLOWERS = 20


@dataclass(frozen=True)
class Evidence:
    learned_marks: int = 0
    learned_weight: float = 0.0
    learners: int = 0
    learned_posts: int = 0
    posts: int = 0
    records: int = 0
    confirmed_records: int = 0
    badges: int = 0
    can_teach: bool = False
    # The highest level (1-5) they rate themselves in the skill or a narrower one; 0: none.
    declared_level: int = 0
    followers: int = 0


def evidence_score(e: Evidence) -> float:
    """How strongly the evidence says this person teaches the skill; 0 for none."""
    score = 0.0
    if e.learned_marks:
        rate = (e.learned_marks + PRIOR_RATE * PRIOR_POSTS) / (max(e.posts, e.learned_posts)
                                                             + PRIOR_POSTS)
        score += math.log1p(e.learned_weight) * rate ** RATE_EXPONENT
    records = e.records + CONFIRMED_EXTRA * e.confirmed_records
    score += RECORD_WEIGHT * math.log1p(records) + BADGE_WEIGHT * math.log1p(e.badges)
    if e.can_teach:
        score += TEACH_WEIGHT
    score += DECLARED_WEIGHT * max(0, e.declared_level - 3)
    score += POST_WEIGHT * math.log1p(e.posts)
    return round(score, 6)


@dataclass(frozen=True)
class Candidate:
    person_id: int
    evidence: Evidence
    # People the reader follows who learned from this person's posts in the skill.
    friends_learned: int = 0
    # Who learned from them (possibly a sample), to tell one crowd's teachers apart.
    learner_ids: frozenset[int] = frozenset()
    # The evidence score as stored; computed from `evidence` when None.
    base: float | None = None


@dataclass(frozen=True)
class Ranked:
    candidate: Candidate
    score: float
    parts: dict[str, float] = field(default_factory=dict)

    @property
    def person_id(self) -> int:
        return self.candidate.person_id


def relevance(c: Candidate) -> tuple[float, dict[str, float]]:
    """The candidate's score before variety, and its parts (for tests and explanations)."""
    base = c.base if c.base is not None else evidence_score(c.evidence)
    closeness = 1.0 + CLOSENESS_WEIGHT * math.log1p(c.friends_learned)
    damping = 1.0 + POPULARITY_DAMPING * math.log1p(c.evidence.followers)
    score = base * closeness / damping
    return score, {"evidence": base, "closeness": closeness, "damping": damping}


def _overlap(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def rank(candidates: Iterable[Candidate], *, limit: int) -> list[Ranked]:
    """The best `limit` candidates: by relevance, re-ranked greedily for variety.

    Each pick is the candidate with the highest relevance times (1 - OVERLAP_PENALTY x its
    largest learner overlap with anyone picked before it). Ties go to the lower person id, so
    the order is stable.
    """
    scored = []
    for c in candidates:
        score, parts = relevance(c)
        if score > 0:
            scored.append(Ranked(c, score, parts))
    scored.sort(key=lambda r: (-r.score, r.person_id))
    # Only the head can make the list: a candidate whose undamped score is below the limit-th
    # best can never overtake it, since the variety penalty only lowers scores.
    pool = scored[: max(limit * 4, limit)]
    picked: list[Ranked] = []
    while pool and len(picked) < limit:
        best_at, best_value = 0, -1.0
        for at, r in enumerate(pool):
            if r.score <= best_value:
                break  # sorted by score: nothing further can beat it
            overlap = max((_overlap(r.candidate.learner_ids, p.candidate.learner_ids)
                           for p in picked), default=0.0)
            value = r.score * (1.0 - OVERLAP_PENALTY * overlap)
            if value > best_value:
                best_at, best_value = at, value
        picked.append(pool.pop(best_at))
    return picked


def reasons(e: Evidence, *, name: str, skill_label: str, friends_learned: int = 0,
            declared_label: str | None = None) -> list[str]:
    """Why this person is suggested for `skill_label`, in one to four sentences."""
    sentences = []
    if e.learners:
        sentence = ngettext(
            "%(n)d person learned from %(name)s's posts on %(skill)s",
            "%(n)d people learned from %(name)s's posts on %(skill)s",
            e.learners) % {"n": e.learners, "name": name, "skill": skill_label}
        if friends_learned:
            sentence += ngettext("; %(n)d of them is someone you follow",
                                 "; %(n)d of them are people you follow",
                                 friends_learned) % {"n": friends_learned}
        sentences.append(sentence + ".")
    if e.records:
        if e.confirmed_records:
            sentences.append(ngettext(
                "Finished %(n)d course or other learning in %(skill)s, %(confirmed)d of them "
                "confirmed by the provider.",
                "Finished %(n)d courses or other learning in %(skill)s, %(confirmed)d of them "
                "confirmed by the provider.", e.records)
                % {"n": e.records, "skill": skill_label, "confirmed": e.confirmed_records})
        else:
            sentences.append(ngettext(
                "Finished %(n)d course or other learning in %(skill)s.",
                "Finished %(n)d courses or other learning in %(skill)s.", e.records)
                % {"n": e.records, "skill": skill_label})
    if e.badges:
        sentences.append(ngettext("Holds %(n)d verified badge in %(skill)s.",
                                  "Holds %(n)d verified badges in %(skill)s.", e.badges)
                         % {"n": e.badges, "skill": skill_label})
    if e.can_teach:
        sentences.append(_("Says they can teach %(skill)s.")
                         % {"skill": declared_label or skill_label})
    elif e.declared_level >= 4:
        rating = {"skill": declared_label or skill_label, "level": e.declared_level}
        sentences.append(_("Rates themselves an expert in %(skill)s (%(level)d of 5).") % rating
                         if e.declared_level >= 5 else
                         _("Rates themselves proficient in %(skill)s (%(level)d of 5).") % rating)
    if e.learners and e.followers < FEW_FOLLOWERS:
        sentences.append(_("Not widely followed yet: found through what people learned."))
    if not sentences and e.posts:
        sentences.append(ngettext(
            "Wrote %(n)d post on %(skill)s; nobody has marked learning from it yet.",
            "Wrote %(n)d posts on %(skill)s; nobody has marked learning from them yet.",
            e.posts) % {"n": e.posts, "skill": skill_label})
    return sentences[:4]


def top_by_score(candidates: Sequence[Candidate], n: int) -> list[Candidate]:
    """The `n` candidates with the highest evidence score (a helper for callers and benches)."""
    return sorted(candidates, key=lambda c: (-(c.base if c.base is not None
                                               else evidence_score(c.evidence)),
                                             c.person_id))[:n]
