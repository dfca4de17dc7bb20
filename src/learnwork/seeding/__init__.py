"""Deterministic, realistic community data: `seed(tier="S", seed=1)`.

The same tier and seed always give the same people, skills and goals; a second run adds nothing;
a larger tier after a smaller one adds only the people that are missing. This is a plain package,
not a Django app, so it may use every app; import it after django.setup().
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

from learnwork.seeding.errors import SeedError, SkillsNotImported
from learnwork.seeding.tiers import TIERS, Tier, UnknownTier, get_tier

if TYPE_CHECKING:
    from learnwork.seeding.context import SeedReport

__all__ = [
    "TIERS", "SeedError", "SkillsNotImported", "Tier", "UnknownTier", "get_tier", "seed",
]


def seed(
    *,
    tier: str,
    seed: int,
    people: int | None = None,
    today: date | None = None,
    password: str | None = None,
    log: Callable[[str], None] | None = None,
    now: datetime | None = None,
    workers: int | None = None,
) -> SeedReport:
    """Seed `tier` with `seed`. `people` overrides the tier's size (tests seed a few dozen);
    `password`, when given, lets every seeded person sign in with it (load tests). Posts and
    reactions are dated back from `now` (default: the current time). `workers` processes
    write post texts (default: one per core, up to four; 1 for none)."""
    # Imported here so `learnwork --help` and tier validation work before Django is set up.
    from learnwork.seeding.runner import run

    return run(tier=tier, seed=seed, people=people, today=today, password=password, log=log,
               now=now, workers=workers)
