"""Runs the seed pipeline: check the taxonomy, plan the people, run each stage."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import date

from django.contrib.auth.hashers import make_password
from django.db import DatabaseError
from django.utils import timezone

from learnwork.seeding.context import SeedContext, SeedReport, Stage
from learnwork.seeding.errors import SeedError, SkillsNotImported
from learnwork.seeding.people import plan_people
from learnwork.seeding.stages import STAGES
from learnwork.seeding.taxonomy import load_taxonomy
from learnwork.seeding.tiers import get_tier
from learnwork.skills.models import OccupationSkill


def run(
    *,
    tier: str,
    seed: int,
    people: int | None = None,
    today: date | None = None,
    password: str | None = None,
    log: Callable[[str], None] | None = None,
    stages: Sequence[Stage] = STAGES,
) -> SeedReport:
    started = time.perf_counter()
    chosen = get_tier(tier)
    count = chosen.people if people is None else people
    if count < 0:
        raise SeedError("the number of people cannot be negative")
    try:
        loaded = OccupationSkill.objects.exists()
    except DatabaseError as exc:
        raise SeedError(
            "the database has no tables yet: run `learnwork manage migrate` first"
        ) from exc
    if not loaded:
        raise SkillsNotImported()
    taxonomy = load_taxonomy()
    if not taxonomy.occupations:
        raise SkillsNotImported(
            "no imported occupation has enough skills to seed people from: "
            "run `learnwork import-skills --force`"
        )

    ctx = SeedContext(
        tier=chosen,
        seed=seed,
        taxonomy=taxonomy,
        people=plan_people(seed=seed, count=count, taxonomy=taxonomy),
        today=today or timezone.now().date(),
        now=timezone.now(),
        # One hash for everyone: hashing per person would dominate the run (Argon2 is slow on
        # purpose). Without a password the hash is unusable, so nobody can sign in as a seed.
        password_hash=make_password(password),
        log=log or (lambda line: None),
    )
    results = {}
    for stage in stages:
        stage_started = time.perf_counter()
        result = stage.run(ctx)
        result.seconds = time.perf_counter() - stage_started
        results[stage.name] = result
    return SeedReport(
        tier=chosen.name,
        seed=seed,
        people_planned=count,
        stages=results,
        seconds=time.perf_counter() - started,
        people=ctx.people,
        user_ids=ctx.user_ids,
    )
