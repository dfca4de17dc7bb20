"""The first stage: accounts, profiles, verified emails, skills and learning goals."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db import connection, transaction

from learnwork.accounts.models import Profile, User
from learnwork.core.markdown import render_markdown
from learnwork.seeding.context import SeedContext, StageResult
from learnwork.seeding.people import EMAIL_DOMAIN, PersonPlan
from learnwork.skills.models import LearningGoal, UserSkill

# Large enough that per-query overhead stops mattering; small enough for SQLite's variable limit
# and for a failed batch to cost little when it rolls back.
BATCH_SIZE = 500


def run(ctx: SeedContext) -> StageResult:
    result = StageResult()
    for start in range(0, len(ctx.people), BATCH_SIZE):
        batch = ctx.people[start : start + BATCH_SIZE]
        # One transaction per batch: a person is written whole or not at all, so a rerun after
        # an interruption can trust that an existing handle means a complete person.
        with transaction.atomic():
            _write_batch(ctx, batch, result)
        done = min(start + BATCH_SIZE, len(ctx.people))
        if len(ctx.people) > BATCH_SIZE:
            ctx.log(f"  people: {done:,}/{len(ctx.people):,}")
    return result


def _write_batch(ctx: SeedContext, batch: Sequence[PersonPlan], result: StageResult) -> None:
    existing = {
        username: (pk, email)
        for pk, username, email in User.objects.filter(
            username__in=[p.handle for p in batch]
        ).values_list("pk", "username", "email")
    }
    new: list[PersonPlan] = []
    for person in batch:
        if person.handle not in existing:
            new.append(person)
            continue
        pk, email = existing[person.handle]
        if email.endswith(f"@{EMAIL_DOMAIN}"):
            result.existing += 1
            ctx.user_ids[person.handle] = pk
        else:
            result.skipped += 1
    if not new:
        return

    users = [
        User(
            username=p.handle,
            email=p.email,
            first_name=p.first_name,
            last_name=p.last_name,
            password=ctx.password_hash,
            timezone=p.city.timezone,
            date_joined=ctx.now - timedelta(days=p.joined_days_ago, minutes=p.index % 1440),
        )
        for p in new
    ]
    User.objects.bulk_create(users)
    if connection.features.can_return_rows_from_bulk_insert:
        ids = {u.username: u.pk for u in users}
    else:  # pragma: no cover - every supported database returns ids
        ids = dict(
            User.objects.filter(username__in=[p.handle for p in new]).values_list("username", "pk")
        )
    ctx.user_ids.update(ids)

    Profile.objects.bulk_create(
        Profile(
            user_id=ids[p.handle],
            display_name=p.display_name,
            headline=p.headline,
            bio=p.bio,
            bio_html=render_markdown(p.bio),
            location=p.city.location,
        )
        for p in new
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user_id=ids[p.handle], email=p.email, verified=True, primary=True)
        for p in new
    )
    skills = UserSkill.objects.bulk_create(
        UserSkill(user_id=ids[p.handle], skill_id=s.skill_id, proficiency=s.proficiency,
                  level=s.level)
        for p in new
        for s in p.skills
    )
    goals = LearningGoal.objects.bulk_create(
        LearningGoal(user_id=ids[p.handle], skill_id=g.skill_id, why=g.why,
                     target_date=ctx.today + timedelta(days=g.target_in_days))
        for p in new
        for g in p.goals
    )
    result.add("people", len(new))
    result.add("skills", len(skills))
    result.add("goals", len(goals))
