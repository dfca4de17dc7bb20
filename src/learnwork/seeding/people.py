"""Plans for seeded people: who they are, what they can do, what they want to learn.

Planning is pure: it reads a Taxonomy and a seed and returns plain data. Each person draws from
their own random.Random seeded with (seed, index), so person 417 is the same whichever tier is
asked for; that is what lets tier M extend an existing tier S instead of replacing it.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from learnwork.seeding.names import POOLS, NamePool, ascii_slug, display
from learnwork.seeding.places import CITIES, City
from learnwork.seeding.taxonomy import OccupationInfo, SkillInfo, Taxonomy

EMAIL_DOMAIN = "seed.learnwork.localhost"

# Proficiency values, spelled as learnwork.skills.models.Proficiency stores them; repeated here so
# planning imports no models.
LEARNING = "learning"
CAN_APPLY = "can_apply"
CAN_TEACH = "can_teach"

T = TypeVar("T")


@dataclass(frozen=True)
class Seniority:
    name: str
    title: str
    weight: int
    years: tuple[int, int]
    skill_count: tuple[int, int]
    base_level: int
    teach_chance: float


SENIORITIES: tuple[Seniority, ...] = (
    Seniority("junior", "Junior", 25, (0, 2), (4, 7), 2, 0.0),
    Seniority("mid", "", 40, (3, 6), (6, 10), 3, 0.08),
    Seniority("senior", "Senior", 25, (7, 15), (8, 13), 4, 0.25),
    Seniority("lead", "Lead", 10, (10, 25), (8, 14), 4, 0.45),
)
SENIORITY = {s.name: s for s in SENIORITIES}


@dataclass(frozen=True)
class SkillPlan:
    skill_id: str
    proficiency: str
    level: int


@dataclass(frozen=True)
class GoalPlan:
    skill_id: str
    why: str
    target_in_days: int


@dataclass(frozen=True)
class PersonPlan:
    """One seeded person. Fields after `goals` are hidden truth that never reaches the database:
    later stages use them to decide who posts about what, and benchmarks score recommendations
    against them."""

    index: int
    handle: str
    first_name: str
    last_name: str
    headline: str
    bio: str
    city: City
    occupation_id: str
    seniority: str
    years: int
    joined_days_ago: int
    skills: tuple[SkillPlan, ...]
    goals: tuple[GoalPlan, ...]
    # skill id -> how good they really are (1.0-5.0); includes skills they never listed.
    expertise: tuple[tuple[str, float], ...]
    # Relative posting rate, heavy-tailed: a few people write most of what gets posted.
    activity: float

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def email(self) -> str:
        return f"{self.handle}@{EMAIL_DOMAIN}"

    def strengths(self, threshold: float = 3.8) -> tuple[str, ...]:
        """Skills this person is genuinely strong in, listed or not, strongest first."""
        ranked = sorted(self.expertise, key=lambda item: (-item[1], item[0]))
        return tuple(skill for skill, true_level in ranked if true_level >= threshold)


def person_rng(seed: int, index: int) -> random.Random:
    # A string seed is hashed with SHA-512 by random.Random, so it is stable across processes and
    # Python versions, unlike hash() of a tuple.
    return random.Random(f"learnwork-seed:{seed}:{index}")


def plan_people(*, seed: int, count: int, taxonomy: Taxonomy) -> list[PersonPlan]:
    """The first `count` people for `seed`; a prefix of any larger count for the same seed."""
    taken: set[str] = set()
    people = []
    for index in range(count):
        person = plan_person(person_rng(seed, index), taxonomy, index=index, taken=taken)
        taken.add(person.handle)
        people.append(person)
    return people


def plan_person(
    rng: random.Random,
    taxonomy: Taxonomy,
    *,
    index: int,
    taken: set[str] | frozenset[str] = frozenset(),
    occupation_id: str | None = None,
    seniority: str | None = None,
    city: City | None = None,
) -> PersonPlan:
    pool = _weighted(rng, POOLS, [p.weight for p in POOLS])
    first, last = rng.choice(pool.first), rng.choice(pool.last)
    handle = _handle(rng, first, last, taken)
    if city is None:
        city = _city(rng, pool)
    level = SENIORITY[seniority] if seniority else _weighted(
        rng, SENIORITIES, [s.weight for s in SENIORITIES]
    )
    years = rng.randint(*level.years)
    occupation = taxonomy.occupations[occupation_id or _occupation(rng, taxonomy)]
    neighbour = _neighbour(rng, taxonomy, occupation)

    skills = _skills(rng, occupation, level)
    held = {s.skill_id for s in skills}
    goals = _goals(rng, taxonomy, occupation, neighbour, held)
    expertise = _expertise(
        rng, skills, taxonomy.occupations[neighbour] if neighbour else None,
        held | {g.skill_id for g in goals},
    )

    return PersonPlan(
        index=index,
        handle=handle,
        first_name=display(first),
        last_name=display(last),
        headline=_headline(rng, taxonomy, occupation, level, city, skills, goals),
        bio=_bio(rng, taxonomy, occupation, years, city, skills, goals),
        city=city,
        occupation_id=occupation.id,
        seniority=level.name,
        years=years,
        joined_days_ago=rng.randint(1, 730),
        skills=skills,
        goals=goals,
        expertise=expertise,
        activity=round(min(rng.paretovariate(1.6), 40.0), 3),
    )


def _weighted(rng: random.Random, items: Sequence[T], weights: Sequence[float]) -> T:
    return rng.choices(items, weights=weights, k=1)[0]


def _sample_weighted(
    rng: random.Random, items: Sequence[T], weights: Sequence[float], k: int
) -> list[T]:
    """k distinct items, each drawn in proportion to its weight (Efraimidis-Spirakis keys)."""
    keyed = [(rng.random() ** (1.0 / w), i) for i, w in enumerate(weights)]
    keyed.sort(reverse=True)
    return [items[i] for _, i in keyed[:k]]


def _handle(rng: random.Random, first: str, last: str, taken: Iterable[str]) -> str:
    f, surname = ascii_slug(first)[:12], ascii_slug(last)[:13]
    stem = _weighted(
        rng,
        [f"{f}_{surname}", f"{f}{surname}", f"{f[0]}{surname}", f"{f}_{surname[0]}"],
        [6, 2, 1, 1],
    )
    # Two digits like most real handles; widen the range on a clash so the loop always ends.
    for digits in (2, 2, 3, 3, 4, 4, 4, 4):
        handle = f"{stem}{rng.randint(10 ** (digits - 1), 10**digits - 1)}"[:30]
        if handle not in taken:
            return handle
    raise RuntimeError(f"could not find a free handle for {first} {last}")  # pragma: no cover


def _city(rng: random.Random, pool: NamePool) -> City:
    local = [c for c in CITIES if c.region == pool.region]
    # Most people live where their name is common; a quarter have moved somewhere else.
    candidates = local if local and rng.random() < 0.75 else list(CITIES)
    return _weighted(rng, candidates, [c.weight for c in candidates])


def _occupation(rng: random.Random, taxonomy: Taxonomy) -> str:
    if taxonomy.common and rng.random() < 0.85:
        return _weighted(rng, taxonomy.common, taxonomy.common_weights)
    return rng.choice(taxonomy.long_tail)


def _neighbour(rng: random.Random, taxonomy: Taxonomy, occupation: OccupationInfo) -> str | None:
    """An occupation this person is growing towards: usually a close one, sometimes a career
    change to one of the common occupations."""
    close = taxonomy.neighbours(occupation.id)
    if close and rng.random() < 0.85:
        return rng.choice(close)
    others = [o for o in taxonomy.common if o != occupation.id]
    return rng.choice(others) if others else (rng.choice(close) if close else None)


def _skills(
    rng: random.Random, occupation: OccupationInfo, level: Seniority
) -> tuple[SkillPlan, ...]:
    # Leave at least one of the occupation's skills unheld, so there is always something to learn.
    count = max(3, min(rng.randint(*level.skill_count), len(occupation.skills) - 1))
    essential = set(occupation.essential)
    chosen = _sample_weighted(
        rng, occupation.skills, [3.0 if s in essential else 1.0 for s in occupation.skills], count
    )
    plans = []
    for skill_id in sorted(chosen):
        offsets = [-1, 0, 0, 1] if skill_id in essential else [-2, -1, 0, 0]
        value = min(5, max(1, level.base_level + rng.choice(offsets)))
        if value == 5 or (value == 4 and rng.random() < level.teach_chance):
            plans.append(SkillPlan(skill_id, CAN_TEACH, value))
        elif value == 1 or (value == 2 and rng.random() < 0.4):
            plans.append(SkillPlan(skill_id, LEARNING, value))
        else:
            plans.append(SkillPlan(skill_id, CAN_APPLY, max(2, value)))
    return tuple(plans)


def _goals(
    rng: random.Random,
    taxonomy: Taxonomy,
    occupation: OccupationInfo,
    neighbour: str | None,
    held: set[str],
) -> tuple[GoalPlan, ...]:
    own = [s for s in occupation.optional if s not in held]
    own_fallback = [s for s in occupation.essential if s not in held]
    other: list[str] = []
    other_occupation = taxonomy.occupations[neighbour] if neighbour else None
    if other_occupation is not None:
        other = [s for s in other_occupation.skills if s not in held]
    wanted = _weighted(rng, [1, 2, 3], [5, 3.5, 1.5])
    goals: list[GoalPlan] = []
    chosen: set[str] = set()
    for _ in range(wanted * 3):
        if len(goals) == wanted:
            break
        from_other = other and (not own or rng.random() < 0.5)
        candidates = other if from_other else (own or own_fallback)
        candidates = [s for s in candidates if s not in chosen]
        if not candidates:
            continue
        skill_id = rng.choice(candidates)
        chosen.add(skill_id)
        why = _why(rng, taxonomy.skills[skill_id], occupation,
                   other_occupation if from_other else None)
        goals.append(GoalPlan(skill_id, why, rng.randint(30, 365)))
    if not goals:  # pragma: no cover - the occupation always keeps one skill unheld
        raise RuntimeError(f"no goal candidates for occupation {occupation.label}")
    return tuple(goals)


def _expertise(
    rng: random.Random,
    skills: Sequence[SkillPlan],
    neighbour: OccupationInfo | None,
    excluded: set[str],
) -> tuple[tuple[str, float], ...]:
    # Self-ratings are noisy: some people undersell themselves, a few oversell.
    style = rng.random()
    bias = 0.7 if style < 0.2 else (-0.7 if style < 0.3 else 0.0)
    truth = {
        s.skill_id: round(min(5.0, max(1.0, s.level + bias + rng.gauss(0.0, 0.4))), 1)
        for s in skills
    }
    # Some people are strong in something they never put on their profile (a past job, a
    # hobby); only what they post reveals it, which is what recommendations must pick up.
    if neighbour is not None and rng.random() < 0.2:
        unlisted = [s for s in neighbour.essential if s not in excluded]
        if unlisted:
            truth[rng.choice(unlisted)] = round(rng.uniform(4.0, 5.0), 1)
    return tuple(sorted(truth.items()))


def _learning(skill: SkillInfo) -> str:
    """'learning cloud technologies' for knowledge, 'learning to manage budgets' for skills."""
    return f"learning {skill.label}" if skill.is_knowledge else f"learning to {skill.label}"


def _title(label: str) -> str:
    return label[:1].upper() + label[1:]


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _why(
    rng: random.Random,
    skill: SkillInfo,
    occupation: OccupationInfo,
    towards: OccupationInfo | None,
) -> str:
    # ESCO labels skills as verb phrases ("perform data cleansing") and knowledge as nouns
    # ("statistics"); each needs its own sentences to read naturally.
    thing, job = skill.label, occupation.label
    if towards is not None:
        other = towards.label
        templates = (
            [f"I'd like to move towards {other} work, and {thing} keeps coming up.",
             f"Every {other} I work with relies on {thing}; I want to keep up with them.",
             f"Our team is short of {thing} know-how and I volunteered to pick it up."]
            if skill.is_knowledge else
            [f"I'd like to move towards {other} work, where people {thing} every day.",
             f"Every {other} I work with can {thing}; I want to keep up with them.",
             f"Our team needs someone who can {thing}, and I volunteered."]
        )
        templates.append(f"A step towards becoming {_article(other)} {other}.")
    else:
        templates = (
            [f"I keep running into {thing} at work and want to understand it properly.",
             f"Curiosity, mostly: the best {job} I know has {thing} down cold."]
            if skill.is_knowledge else
            [f"I'm asked to {thing} more and more, and want to do it properly.",
             f"My manager wants me to {thing} on my own by next quarter.",
             f"I want to mentor others one day, so first I need to {thing} with confidence."]
        )
        templates.append(f"It would make me a better {job}.")
    return rng.choice(templates)[:500]


def _headline(
    rng: random.Random,
    taxonomy: Taxonomy,
    occupation: OccupationInfo,
    level: Seniority,
    city: City,
    skills: Sequence[SkillPlan],
    goals: Sequence[GoalPlan],
) -> str:
    job = f"{level.title} {occupation.label}" if level.title else occupation.label
    goal = taxonomy.skills[goals[0].skill_id]
    teach = [taxonomy.skills[s.skill_id] for s in skills if s.proficiency == CAN_TEACH]
    options = [
        f"{_title(occupation.label)} {_learning(goal)}",
        f"{_title(occupation.label)} {_learning(goal)}",
        _title(job),
        f"{_title(job)} in {city.name}",
    ]
    if teach:
        offer = (f"happy to help with {teach[0].label}" if teach[0].is_knowledge
                 else f"happy to teach how to {teach[0].label}")
        options.append(f"{_title(job)} · {offer}")
    headline = rng.choice(options)
    return headline if len(headline) <= 140 else _title(job)[:140]


def _bio(
    rng: random.Random,
    taxonomy: Taxonomy,
    occupation: OccupationInfo,
    years: int,
    city: City,
    skills: Sequence[SkillPlan],
    goals: Sequence[GoalPlan],
) -> str:
    strongest = [taxonomy.skills[s.skill_id]
                 for s in sorted(skills, key=lambda s: (-s.level, s.skill_id))]
    teach = [taxonomy.skills[s.skill_id] for s in skills if s.proficiency == CAN_TEACH]
    learning = [taxonomy.skills[g.skill_id].label for g in goals]
    job = occupation.label
    tenure = "just starting out" if years < 1 else f"{years} year{'s' if years != 1 else ''} in"

    parts = [rng.choice([
        f"{_title(_article(job))} {job} based in {city.name}, {tenure}.",
        f"I work as {_article(job)} {job} in {city.name}.",
        f"{_title(job)} from {city.name}. {_title(tenure)}, still enjoying it.",
    ])]
    if rng.random() < 0.4:
        parts.append("Things I'm good at:\n\n" + "\n".join(f"- {s.label}" for s in strongest[:3]))
    else:
        verbs = [s.label for s in strongest if not s.is_knowledge][:3]
        nouns = [f"**{s.label}**" for s in strongest if s.is_knowledge][:3]
        if verbs:
            parts.append(f"Day to day I {_and(verbs)}.")
        if nouns:
            parts.append(f"I know my way around {_and(nouns)}.")
    parts.append("Currently learning: " + "; ".join(learning) + ".")
    if teach:
        offer = (f"getting started with {teach[0].label}" if teach[0].is_knowledge
                 else f"learning to {teach[0].label}")
        parts.append(f"Happy to help anyone {offer}: just ask.")
    return "\n\n".join(parts)


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
