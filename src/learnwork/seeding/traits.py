"""Hidden social traits of seeded people: how famous they are, and whether they chase reach.

Like `PersonPlan.expertise`, none of this reaches the database; the follows, posts and
reactions stages act on it, and benchmarks may score against it. It is deliberately NOT the
same as expertise: fame is mostly luck and self-promotion, so the most-followed accounts are
often "influencers" who post a lot, bait a lot and know little, while real experts are found
through what people learn from them. A popularity ranking cannot fake that signal.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from learnwork.seeding.people import PersonPlan

# True level from which someone counts as an expert in a skill.
EXPERT_LEVEL = 4.2
# Fame is Pareto-distributed (alpha close to 1: a very long tail), capped so that even the most
# famous account is followed by a share of the network rather than by everyone.
FAME_ALPHA = 1.15
FAME_CAP = 400.0
INFLUENCER_FAME = 6.0
INFLUENCER_POSTS = 2.5


@dataclass(frozen=True)
class Traits:
    # Relative pull on followers who are not looking for any particular skill.
    fame: float
    # Posts a lot and chases reach: a popular account that is not an expert (mostly).
    influencer: bool
    # Share of their posts that are engagement bait.
    bait_rate: float
    # Multiplier on PersonPlan.activity for how much they post.
    post_rate: float
    # Their best true level in any skill.
    peak: float


def traits_rng(seed: int, index: int) -> random.Random:
    return random.Random(f"learnwork-seed:{seed}:traits:{index}")


def traits_for(person: PersonPlan, *, seed: int) -> Traits:
    rng = traits_rng(seed, person.index)
    peak = max((level for _skill, level in person.expertise), default=1.0)
    expert = peak >= EXPERT_LEVEL
    influencer = rng.random() < (0.015 if expert else 0.07)
    fame = min(rng.paretovariate(FAME_ALPHA), FAME_CAP)
    # Experts earn a little fame through their work; influencers buy a lot through volume.
    fame *= 1.0 + 0.4 * max(0.0, peak - 3.5)
    if influencer:
        fame *= INFLUENCER_FAME
        bait_rate = 0.25 if expert else 0.6
    else:
        bait_rate = 0.06 if peak < 3.5 else 0.035
    return Traits(
        fame=round(fame, 4),
        influencer=influencer,
        bait_rate=bait_rate,
        post_rate=INFLUENCER_POSTS if influencer else 1.0,
        peak=peak,
    )
