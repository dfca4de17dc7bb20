"""Data-set sizes; ARCHITECTURE.md's benchmark tiers use the same ones, so keep them in step."""

from __future__ import annotations

from dataclasses import dataclass

from learnwork.seeding.errors import SeedError


@dataclass(frozen=True)
class Tier:
    name: str
    people: int
    description: str


TIERS: dict[str, Tier] = {
    # XS exists so tests and smoke checks exercise the whole pipeline in a second or two.
    "XS": Tier("XS", 50, "50 people, for tests and smoke checks"),
    "S": Tier("S", 1_000, "1,000 people, the demo and CI size"),
    "M": Tier("M", 10_000, "10,000 people, run by hand for benchmarks"),
}


class UnknownTier(SeedError):
    pass


def get_tier(name: str) -> Tier:
    tier = TIERS.get(name.strip().upper())
    if tier is None:
        choices = ", ".join(f"{t.name} ({t.people:,} people)" for t in TIERS.values())
        raise UnknownTier(f"unknown tier {name!r}: choose one of {choices}")
    return tier
