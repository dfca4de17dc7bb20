"""Runs the seed pipeline: check the taxonomy, plan the people, run each stage."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import date, datetime

from django.contrib.auth.hashers import make_password
from django.db import DatabaseError, connection
from django.utils import timezone

from learnwork.seeding.context import SeedContext, SeedReport, Stage
from learnwork.seeding.errors import SeedError, SkillsNotImported
from learnwork.seeding.people import plan_people
from learnwork.seeding.stage_posts import default_workers
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
    now: datetime | None = None,
    workers: int | None = None,
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
        now=now or timezone.now(),
        # One hash for everyone: hashing per person would dominate the run (Argon2 is slow on
        # purpose). Without a password the hash is unusable, so nobody can sign in as a seed.
        password_hash=make_password(password),
        log=log or (lambda line: None),
        workers=default_workers() if workers is None else max(1, workers),
    )
    results = {}
    for stage in stages:
        stage_started = time.perf_counter()
        result = stage.run(ctx)
        result.seconds = time.perf_counter() - stage_started
        results[stage.name] = result
        ctx.log(f"  {stage.name}: done in {result.seconds:.1f} s")
    if any(sum(r.created.values()) for r in results.values()):
        analyze_started = time.perf_counter()
        analyze()
        ctx.log(f"  planner statistics refreshed in {time.perf_counter() - analyze_started:.1f} s")
    return SeedReport(
        tier=chosen.name,
        seed=seed,
        people_planned=count,
        stages=results,
        seconds=time.perf_counter() - started,
        people=ctx.people,
        user_ids=ctx.user_ids,
    )


def analyze() -> None:
    """Refresh the query planner's statistics on the tables seeding fills.

    A bulk load leaves them stale or, on SQLite, absent: the planner then guesses, and at tier
    M it guessed a feed query into a 1.5 s scan of every post (a few ms once analysed).
    PostgreSQL's autovacuum would get there eventually, if it is on.
    """
    from allauth.account.models import EmailAddress

    from learnwork.accounts.models import Profile, User
    from learnwork.posts.models import Post, PostSkill, Reaction
    from learnwork.skills.models import LearningGoal, UserSkill
    from learnwork.social.models import Follow, FollowTopic, SkillFollow

    models = (User, Profile, EmailAddress, UserSkill, LearningGoal, Follow, FollowTopic,
              SkillFollow, Post, PostSkill, Reaction)
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
