"""Gathering teacher evidence into `TeacherEvidence`: for some people, or for everyone.

The unit of work is a batch of people (authors): their member-visible posts and tags, the
"learned" marks on those posts, their finished records, verified badges and "can teach"
declarations, and their follower counts, a fixed nine queries a batch. `tally.tally` adds it all
up per skill (each skill and every one above it); each person's rows are then replaced in one
transaction. A full rebuild is the same over everyone, a batch at a time, so its memory stays
that of one batch.

This module reads other apps' tables directly (posts, journeys, credentials, skills, social):
it is a bulk aggregation over many people, which none of their per-person selectors offer.
"""

from __future__ import annotations

import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Field, Q, QuerySet
from django.utils import timezone

from learnwork.accounts.models import User, Visibility
from learnwork.credentials.models import ImportedBadge
from learnwork.journeys.models import LearningRecord, RecordSkill
from learnwork.posts.models import Post, PostSkill, Reaction
from learnwork.recommendations.models import EvidenceRun, TeacherEvidence
from learnwork.recommendations.scoring import Evidence, evidence_score
from learnwork.recommendations.tally import (
    Ancestors,
    BadgeRow,
    Declared,
    LearnedMark,
    RecordRow,
    tally,
)
from learnwork.skills import hierarchy
from learnwork.skills.models import Proficiency, UserSkill
from learnwork.social.models import Follow

BATCH_PEOPLE = 400
INSERT_BATCH = 5_000
# Self-ratings from this level up count (a little) as evidence; "can teach" at any level.
DECLARED_FROM = 4
# Learner ids kept per row for closeness ("people you follow learned from them").
LEARNER_IDS_CAP = 300
SEEN_BY_MEMBERS = (Visibility.EVERYONE, Visibility.MEMBERS)
POSTS_SEEN_BY_MEMBERS = (Post.Visibility.EVERYONE, Post.Visibility.MEMBERS)


@dataclass(frozen=True)
class RefreshReport:
    people: int
    rows: int
    seconds: float


@dataclass(frozen=True)
class Row:
    skill_id: uuid.UUID
    person_id: int
    evidence: Evidence
    declared_skill_id: uuid.UUID | None
    learner_ids: list[int]


def _batch_rows(person_ids: Sequence[int], up: Ancestors) -> list[Row]:
    active = set(User.objects.filter(pk__in=person_ids, is_active=True)
                 .values_list("pk", flat=True))
    if not active:
        return []
    ids = sorted(active)
    tags: dict[int, list[uuid.UUID]] = defaultdict(list)
    author: dict[int, int] = {}
    for post_id, author_id, skill_id in PostSkill.objects.filter(
            post__author_id__in=ids, post__visibility__in=POSTS_SEEN_BY_MEMBERS).values_list(
            "post_id", "post__author_id", "skill_id"):
        tags[post_id].append(skill_id)
        author[post_id] = author_id
    posts = {post_id: (author[post_id], tuple(skills)) for post_id, skills in tags.items()}
    learned = [LearnedMark(post_id, learner_id, weight) for post_id, learner_id, weight in
               Reaction.objects.filter(kind=Reaction.Kind.LEARNED, post__author_id__in=ids,
                                       post__visibility__in=POSTS_SEEN_BY_MEMBERS)
               .values_list("post_id", "user_id", "weight").order_by("-created", "-pk")]
    records = _records(ids)
    badges = [BadgeRow(owner, tuple(skills)) for owner, skills in _grouped(
        RecordSkill.objects.filter(
            record__user_id__in=ids, record__hidden=False,
            record__badge__status=ImportedBadge.Status.VERIFIED,
            record__badge__visibility__in=SEEN_BY_MEMBERS))]
    declared = [Declared(owner, skill_id, level, proficiency == Proficiency.CAN_TEACH)
                for owner, skill_id, level, proficiency in UserSkill.objects.filter(
                    Q(proficiency=Proficiency.CAN_TEACH) | Q(level__gte=DECLARED_FROM),
                    user_id__in=ids, user__profile__skills_visibility__in=SEEN_BY_MEMBERS)
                .values_list("user_id", "skill_id", "level", "proficiency")]
    followers = dict(Follow.objects.filter(followee_id__in=ids, follower__is_active=True)
                     .order_by().values_list("followee_id").annotate(n=Count("id")))
    # Marks come newest first, so the learner ids kept for closeness are the latest ones.
    order: dict[int, int] = {}
    for i, mark in enumerate(learned):
        order.setdefault(mark.learner_id, i)
    rows = []
    for (skill_id, person_id), found in tally(posts=posts, learned=learned, records=records,
                                             badges=badges, declared=declared, up=up).items():
        evidence = found.evidence(followers=followers.get(person_id, 0))
        learners = (sorted(found.learner_ids, key=lambda pk: (order.get(pk, 0), pk))
                    [:LEARNER_IDS_CAP] if len(found.learner_ids) > LEARNER_IDS_CAP
                    else sorted(found.learner_ids))
        rows.append(Row(skill_id=skill_id, person_id=person_id, evidence=evidence,
                        declared_skill_id=found.declared_skill_id, learner_ids=learners))
    return rows


def _grouped(links: QuerySet[RecordSkill]) -> list[tuple[int, list[uuid.UUID]]]:
    by_record: dict[int, tuple[int, list[uuid.UUID]]] = {}
    for record_id, owner_id, skill_id in links.values_list(
            "record_id", "record__user_id", "skill_id"):
        by_record.setdefault(record_id, (owner_id, []))[1].append(skill_id)
    return list(by_record.values())


def _records(ids: Sequence[int]) -> list[RecordRow]:
    by_record: dict[int, tuple[int, bool, list[uuid.UUID]]] = {}
    for record_id, owner_id, confirmed_by, skill_id in RecordSkill.objects.filter(
            record__user_id__in=ids, record__status=LearningRecord.Status.FINISHED,
            record__hidden=False, record__visibility__in=SEEN_BY_MEMBERS).exclude(
            record__origin=LearningRecord.Origin.BADGE).values_list(
            "record_id", "record__user_id", "record__confirmed_by", "skill_id"):
        by_record.setdefault(record_id, (owner_id, bool(confirmed_by), []))[2].append(skill_id)
    return [RecordRow(owner, tuple(skills), confirmed)
            for owner, confirmed, skills in by_record.values()]


_COLUMNS = ("skill", "person", "learned_marks", "learned_weight", "learners", "learned_posts",
            "posts", "records", "confirmed_records", "badges", "can_teach", "declared_level",
            "declared_skill", "followers", "learner_ids", "score", "updated")


def _insert(rows: list[Row], now: datetime) -> None:
    """One prepared INSERT run for every row: a full rebuild writes hundreds of thousands of
    rows, and bulk_create spent most of its time compiling SQL (on SQLite, 66 rows a statement
    for its 999-parameter limit)."""
    meta = TeacherEvidence._meta
    fields = [cast("Field[Any, Any]", meta.get_field(name)) for name in _COLUMNS]
    quote = connection.ops.quote_name
    # Only the model's own table and column names go into the text; values are parameters.
    sql = (f"INSERT INTO {quote(meta.db_table)} "  # noqa: S608
           f"({', '.join(quote(str(f.column)) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    skill_field = meta.get_field("skill")
    skills: dict[uuid.UUID, Any] = {}

    def skill(pk: uuid.UUID | None) -> Any:
        if pk is None:
            return None
        if pk not in skills:
            skills[pk] = skill_field.get_db_prep_save(pk, connection)
        return skills[pk]

    updated = meta.get_field("updated").get_db_prep_save(now, connection)
    values = [
        (skill(r.skill_id), r.person_id, r.evidence.learned_marks, r.evidence.learned_weight,
         r.evidence.learners, r.evidence.learned_posts, r.evidence.posts, r.evidence.records,
         r.evidence.confirmed_records, r.evidence.badges, r.evidence.can_teach,
         r.evidence.declared_level, skill(r.declared_skill_id),
         r.evidence.followers, connection.ops.adapt_json_value(r.learner_ids, None),
         evidence_score(r.evidence), updated)
        for r in rows]
    with connection.cursor() as cursor:
        for start in range(0, len(values), INSERT_BATCH):
            cursor.executemany(sql, values[start:start + INSERT_BATCH])


def _write(person_ids: Sequence[int], rows: list[Row]) -> None:
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                TeacherEvidence.objects.filter(person_id__in=person_ids).delete()
                _insert(rows, timezone.now())
            return
        except IntegrityError:
            # Another refresh of the same person committed in between (PostgreSQL); its rows
            # are replaced on the second try.
            if attempt == 2:
                raise


def refresh_people(*, person_ids: Iterable[int], full: bool = False,
                   log: Callable[[str], None] | None = None) -> RefreshReport:
    """Recompute every row of these people; inactive or unknown ones end with none."""
    started, started_at = time.perf_counter(), timezone.now()
    ordered = sorted(set(person_ids))
    up = Ancestors(hierarchy.current().parents)
    written = 0
    for start in range(0, len(ordered), BATCH_PEOPLE):
        batch = ordered[start:start + BATCH_PEOPLE]
        rows = _batch_rows(batch, up)
        _write(batch, rows)
        written += len(rows)
        if log is not None:
            log(f"  teacher evidence: {min(start + BATCH_PEOPLE, len(ordered)):,}/"
                f"{len(ordered):,} people, {written:,} rows")
    if full:
        # Partial refreshes are not recorded: they come with every learned mark.
        EvidenceRun.objects.create(people=len(ordered), rows=written,
                                   started=started_at, finished=timezone.now())
    return RefreshReport(people=len(ordered), rows=written,
                         seconds=time.perf_counter() - started)


def rebuild(*, log: Callable[[str], None] | None = None) -> RefreshReport:
    """Every person's rows again, and none left for people who are gone or deactivated."""
    TeacherEvidence.objects.filter(person__is_active=False).delete()
    people = User.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True)
    return refresh_people(person_ids=list(people), full=True, log=log)


def refresh_post_authors(*, post_ids: Iterable[int]) -> RefreshReport:
    authors = set(Post.objects.filter(pk__in=list(post_ids)).values_list("author_id", flat=True))
    return refresh_people(person_ids=authors)


def evidence_of(row: TeacherEvidence) -> Evidence:
    """A stored row back as the plain evidence scoring takes."""
    return Evidence(
        learned_marks=row.learned_marks, learned_weight=row.learned_weight,
        learners=row.learners, learned_posts=row.learned_posts, posts=row.posts,
        records=row.records, confirmed_records=row.confirmed_records, badges=row.badges,
        can_teach=row.can_teach, declared_level=row.declared_level, followers=row.followers)


def last_full_refresh() -> datetime | None:
    return (EvidenceRun.objects.order_by("-finished")
            .values_list("finished", flat=True).first())
