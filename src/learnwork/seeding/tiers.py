"""Data-set sizes; ARCHITECTURE.md's benchmark tiers use the same ones, so keep them in step."""

from __future__ import annotations

from dataclasses import dataclass

from learnwork.seeding.errors import SeedError


@dataclass(frozen=True)
class Tier:
    name: str
    people: int
    description: str
    # Totals at the tier's own size. Seeding a different number of people (`people=`) keeps
    # the same amounts per person: see `per_person`.
    follows: int = 0
    posts: int = 0
    reactions: int = 0

    def per_person(self, total: int) -> float:
        return total / self.people if self.people else 0.0


TIERS: dict[str, Tier] = {
    # XS exists so tests and smoke checks exercise the whole pipeline in a second or two.
    "XS": Tier("XS", 50, "50 people, for tests and smoke checks",
               follows=750, posts=400, reactions=2_000),
    "S": Tier("S", 1_000,
              "1,000 people, ~100k follows, 20k posts, 80k reactions: the demo and CI size",
              follows=100_000, posts=20_000, reactions=80_000),
    "M": Tier("M", 10_000, "10,000 people, 1.5M follows, 200k posts, 1M reactions: run by hand",
              follows=1_500_000, posts=200_000, reactions=1_000_000),
}


class UnknownTier(SeedError):
    pass


def get_tier(name: str) -> Tier:
    tier = TIERS.get(name.strip().upper())
    if tier is None:
        choices = ", ".join(f"{t.name} ({t.people:,} people)" for t in TIERS.values())
        raise UnknownTier(f"unknown tier {name!r}: choose one of {choices}")
    return tier
