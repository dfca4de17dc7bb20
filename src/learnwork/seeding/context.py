"""What seed stages share: the plan, the taxonomy, and where each stage reports what it did."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from learnwork.seeding.people import PersonPlan
from learnwork.seeding.taxonomy import Taxonomy
from learnwork.seeding.tiers import Tier


@dataclass
class StageResult:
    created: dict[str, int] = field(default_factory=dict)
    # Rows a previous run already wrote; a repeated run reports everything here.
    existing: int = 0
    # Planned rows that could not be written, e.g. a handle a real member already holds.
    skipped: int = 0
    seconds: float = 0.0

    def add(self, kind: str, count: int) -> None:
        self.created[kind] = self.created.get(kind, 0) + count


@dataclass
class SeedContext:
    tier: Tier
    seed: int
    taxonomy: Taxonomy
    people: list[PersonPlan]
    # Target dates are counted from `today` and join dates back from `now`. Neither feeds a
    # random choice, so the same seed still plans the same people on any day.
    today: date
    now: datetime
    password_hash: str
    log: Callable[[str], None]
    # Processes for CPU-heavy work (post texts); 1 keeps everything in this process.
    workers: int = 1
    # handle -> user id for every planned person that exists after the people stage, whether
    # this run created them or an earlier one did. Later stages key their rows on these ids.
    user_ids: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Stage:
    name: str
    run: Callable[[SeedContext], StageResult]


@dataclass
class SeedReport:
    tier: str
    seed: int
    people_planned: int
    stages: dict[str, StageResult]
    seconds: float
    # The hidden side of the data set (expertise, activity): later stages and benchmarks use it.
    people: list[PersonPlan] = field(repr=False, default_factory=list)
    user_ids: dict[str, int] = field(repr=False, default_factory=dict)

    @property
    def people_created(self) -> int:
        return self.stages["people"].created.get("people", 0) if "people" in self.stages else 0

    @property
    def created_total(self) -> int:
        return sum(sum(r.created.values()) for r in self.stages.values())

    def summary(self) -> str:
        lines = [
            f"Tier {self.tier}, seed {self.seed}: {self.people_planned:,} people planned, "
            f"done in {self.seconds:.1f} s."
        ]
        for name, result in self.stages.items():
            made = ", ".join(f"{n:,} {kind}" for kind, n in result.created.items()) or "nothing"
            line = f"  {name}: created {made}; {result.existing:,} already there"
            if result.skipped:
                line += f"; {result.skipped:,} skipped (handle taken by another account)"
            lines.append(f"{line} ({result.seconds:.1f} s)")
        return "\n".join(lines)
