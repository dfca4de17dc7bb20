"""Reads for learning journeys: the records a viewer may see, the evidence behind a person's
skills, their learning activity per day, and the data export.

Who sees a record: its owner always; anyone else only when the record is not hidden, its
visibility admits them (everyone, signed-in members, only me) and neither has blocked the other.
Every selector runs a fixed number of queries, whatever the number of records.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import F, Prefetch, QuerySet
from django.utils.translation import gettext as _

from learnwork.accounts import selectors as accounts
from learnwork.accounts.models import User, Visibility
from learnwork.journeys.errors import RecordNotFound
from learnwork.journeys.localtime import local_date, zone_of
from learnwork.journeys.models import LearningRecord
from learnwork.posts.selectors import visible_posts
from learnwork.skills import selectors as skills
from learnwork.skills.models import Skill, UserSkill
from learnwork.social.selectors import is_blocked_between

Viewer = User | AnonymousUser | None
Status = LearningRecord.Status


def _signed_in(viewer: Viewer) -> bool:
    return viewer is not None and viewer.is_authenticated


def _is_owner(viewer: Viewer, owner_id: int) -> bool:
    return viewer is not None and viewer.is_authenticated and viewer.pk == owner_id


def blocked_either_way(*, viewer: Viewer, owner: User) -> bool:
    """Whether `viewer` and `owner` have blocked each other, either way (one query)."""
    return _signed_in(viewer) and not _is_owner(viewer, owner.pk) and is_blocked_between(
        a=viewer, b=owner)


def newest_first(records: QuerySet[LearningRecord]) -> QuerySet[LearningRecord]:
    # Spelled out rather than left to Meta.ordering: SQLite and PostgreSQL put NULLs at
    # opposite ends of a descending sort, and undated records belong after dated ones on both.
    return records.order_by(F("finished_on").desc(nulls_last=True),
                            F("started_on").desc(nulls_last=True), "-created", "-pk")


def with_skills(records: QuerySet[LearningRecord]) -> QuerySet[LearningRecord]:
    """`records` with their skills loaded alongside (one more query, whatever the count)."""
    return records.prefetch_related(
        Prefetch("skills", queryset=Skill.objects.only("id", "label", "kind").order_by("label")))


def visible_records(*, viewer: Viewer, owner: User,
                    blocked: bool | None = None) -> QuerySet[LearningRecord]:
    """`owner`'s records that `viewer` may see, as a queryset to filter further. A caller that
    already knows whether the two have blocked each other passes `blocked`."""
    records = LearningRecord.objects.filter(user=owner)
    if _is_owner(viewer, owner.pk):
        return records
    if blocked is None:
        blocked = blocked_either_way(viewer=viewer, owner=owner)
    if blocked or not owner.is_active:
        return records.none()
    audience = [Visibility.EVERYONE, Visibility.MEMBERS] if _signed_in(viewer) else [
        Visibility.EVERYONE]
    return records.filter(hidden=False, visibility__in=audience)


def can_see_record(*, viewer: Viewer, record: LearningRecord) -> bool:
    if _is_owner(viewer, record.user_id):
        return True
    owner = record.user
    if record.hidden or not owner.is_active:
        return False
    if not accounts.can_see(viewer=viewer, owner=owner, visibility=record.visibility):
        return False
    return not blocked_either_way(viewer=viewer, owner=owner)


def journey_for(*, viewer: Viewer, owner: User,
                blocked: bool | None = None) -> list[LearningRecord]:
    """`owner`'s records `viewer` may see, newest first, with their skills (two queries, three
    when it has to check for a block)."""
    return list(with_skills(newest_first(visible_records(viewer=viewer, owner=owner,
                                                         blocked=blocked))))


def records_for(*, user: User) -> QuerySet[LearningRecord]:
    """All of `user`'s own records, hidden ones too, newest first, with skills."""
    return with_skills(newest_first(LearningRecord.objects.filter(user=user)))


def record_get(*, viewer: Viewer, record_id: int) -> LearningRecord:
    """The record with its owner and skills, if `viewer` may see it; RecordNotFound otherwise,
    the same for hidden and gone."""
    record = (with_skills(LearningRecord.objects.select_related("user__profile"))
              .filter(pk=record_id).first())
    if record is None or not can_see_record(viewer=viewer, record=record):
        raise RecordNotFound()
    return record


def own_record(*, user: User, record_id: int) -> LearningRecord:
    """One of `user`'s records, for their edit form; anyone else's is simply not found."""
    record = with_skills(LearningRecord.objects.filter(user=user)).filter(pk=record_id).first()
    if record is None:
        raise RecordNotFound()
    return record


def record_by_external_id(*, user: User, external_id: str) -> LearningRecord | None:
    """The record a provider made for `user` from the activity `external_id`, if any."""
    if not external_id:
        return None
    return (LearningRecord.objects.filter(user=user, external_id=external_id)
            .order_by("-created", "-pk").first())


def eligible_for_credential(*, user: User) -> list[LearningRecord]:
    """`user`'s finished records a provider confirmed (badges excluded: they are credentials
    already), newest first, with skills: what this instance may issue a credential for."""
    return list(with_skills(newest_first(
        LearningRecord.objects.filter(user=user, status=Status.FINISHED)
        .exclude(confirmed_by="").exclude(origin=LearningRecord.Origin.BADGE))))


@dataclass
class SkillEvidence:
    """One skill on a profile and what stands behind it: the owner's own claim (a declared
    skill), records they finished (shown), records a provider or badge confirmed (verified)."""

    skill: Skill
    declared: UserSkill | None = None
    shown: list[LearningRecord] = field(default_factory=list)
    verified: list[LearningRecord] = field(default_factory=list)

    @property
    def strength(self) -> str:
        if self.verified:
            return "verified"
        return "shown" if self.shown else "claimed"

    @property
    def verifiers(self) -> list[str]:
        return sorted({record.confirmed_by for record in self.verified})

    @property
    def records(self) -> list[LearningRecord]:
        return [*self.verified, *self.shown]

    def sort_key(self) -> tuple[int, int, int, str]:
        level = self.declared.level if self.declared else 0
        return (-len(self.verified), -len(self.shown), -level, self.skill.label.casefold())


def evidence_from(*, records: Iterable[LearningRecord],
                  declared: Sequence[UserSkill]) -> list[SkillEvidence]:
    """Per skill, the declared claim and the finished records behind it, strongest first
    (hidden records left out). `records` must have their skills loaded (`with_skills`); no
    query is run here."""
    rows: dict[uuid.UUID, SkillEvidence] = {
        us.skill_id: SkillEvidence(skill=us.skill, declared=us) for us in declared}
    for record in records:
        # A hidden record is kept off the profile, its owner's view of it included.
        if record.hidden or (record.status != Status.FINISHED and not record.confirmed_by):
            continue
        for skill in record.skills.all():
            row = rows.setdefault(skill.pk, SkillEvidence(skill=skill))
            (row.verified if record.confirmed_by else row.shown).append(record)
    return sorted(rows.values(), key=SkillEvidence.sort_key)


def declared_skills(*, viewer: Viewer, owner: User,
                    blocked: bool | None = None) -> list[UserSkill]:
    """`owner`'s own skills, when the profile's skills section is open to `viewer`."""
    if blocked is None:
        blocked = blocked_either_way(viewer=viewer, owner=owner)
    profile = accounts.profile_for_user(user=owner)
    if blocked or not accounts.can_see(viewer=viewer, owner=owner,
                                       visibility=profile.skills_visibility):
        return []
    return skills.skills_for_profile(user=owner)


def skill_evidence(*, viewer: Viewer, owner: User) -> list[SkillEvidence]:
    """The evidence behind each of `owner`'s skills that `viewer` may see: declared skills
    when the profile's skills section is open to them, and skills of the records they may see
    (including skills that appear only through records)."""
    blocked = blocked_either_way(viewer=viewer, owner=owner)
    records = journey_for(viewer=viewer, owner=owner, blocked=blocked)
    return evidence_from(records=records,
                         declared=declared_skills(viewer=viewer, owner=owner, blocked=blocked))


def _record_days(record: LearningRecord, owner: User) -> set[date]:
    days = {record.started_on, record.finished_on, local_date(owner, record.created)}
    return {day for day in days if day is not None}


def activity_by_day(*, viewer: Viewer, owner: User, days: int = 365,
                    records: Iterable[LearningRecord] | None = None,
                    blocked: bool | None = None) -> dict[date, int]:
    """Learning events per day of `owner`'s last `days` days (their time zone), as `viewer`
    may see them: each record counts once on each day it was started, finished or added, and
    each of their posts tagged with skills counts on its day (posts shared from a record are
    the record's). Pass `records` (visible to `viewer`) when already loaded."""
    blocked = blocked_either_way(viewer=viewer, owner=owner) if blocked is None else blocked
    if blocked:
        return {}
    today = local_date(owner)
    since = today - timedelta(days=max(1, days) - 1)
    if records is None:
        records = visible_records(viewer=viewer, owner=owner, blocked=False)
    counts: Counter[date] = Counter()
    for record in records:
        if record.hidden:
            continue
        for day in _record_days(record, owner):
            if since <= day <= today:
                counts[day] += 1
    shared = LearningRecord.objects.filter(user=owner, shared_post__isnull=False)
    posts = (visible_posts(viewer=viewer)
             .filter(author=owner, skill_links__isnull=False,
                     created__gte=datetime.combine(since, time.min, tzinfo=zone_of(owner)))
             .exclude(pk__in=shared.values("shared_post"))
             .values_list("pk", "created").distinct())
    for _pk, created in posts:
        day = local_date(owner, created)
        if since <= day <= today:
            counts[day] += 1
    return dict(counts)


@dataclass(frozen=True)
class TimelineGroup:
    key: str
    label: str
    records: list[LearningRecord]


def timeline_groups(records: Sequence[LearningRecord]) -> list[TimelineGroup]:
    """In progress, then planned, then what was finished, by year (newest first)."""
    groups = [
        TimelineGroup("in_progress", _("In progress"),
                      [r for r in records if r.status == Status.IN_PROGRESS]),
        TimelineGroup("planned", _("Planned"), [r for r in records if r.status == Status.PLANNED]),
    ]
    years: dict[int, list[LearningRecord]] = {}
    for record in records:
        if record.status == Status.FINISHED:
            year = (record.finished_on or record.created.date()).year
            years.setdefault(year, []).append(record)
    groups += [TimelineGroup(str(year), str(year), years[year])
               for year in sorted(years, reverse=True)]
    return [group for group in groups if group.records]


def export_for(*, user: User) -> dict[str, Any]:
    """Every learning record of `user`'s, hidden ones too, for their data download."""
    return {
        "learning_records": [
            {"id": r.pk, "kind": r.kind, "title": r.title, "source_name": r.source_name,
             "url": r.url, "status": r.status,
             "started_on": r.started_on.isoformat() if r.started_on else None,
             "finished_on": r.finished_on.isoformat() if r.finished_on else None,
             "reflection": r.reflection, "visibility": r.visibility, "origin": r.origin,
             "hidden": r.hidden, "confirmed_by": r.confirmed_by or None,
             "confirmed_at": r.confirmed_at.isoformat() if r.confirmed_at else None,
             "external_id": r.external_id or None, "shared_post_id": r.shared_post_id,
             "created": r.created.isoformat(), "updated": r.updated.isoformat(),
             "skills": [{"skill_id": str(s.pk), "label": s.label} for s in r.skills.all()]}
            for r in records_for(user=user)
        ],
    }
