"""From a provider's "finished" statement to a record on the learner's journey.

The LRS hands over statements (`xapi/journey_sync.py` reads them and finds the finishing ones);
this decides what they do to a journey:

- the learner is found by an identity they linked and proved for THAT provider; statements
  about anyone else change nothing here (they stay in the store);
- the record for the activity is the one an earlier statement made, else one the learner added
  themselves from the catalogue (same activity id), else a new one: kind from the activity type,
  title and skills from the provider's catalogue course with that activity id when it lists one;
- it is confirmed by the provider (finished, verified) and `record.finished` is sent to the
  provider's webhooks, once: a repeated statement about a finished record changes nothing;
- the learner keeps the last word: a hidden record is updated but stays hidden, and a record
  they deleted is not brought back by later statements (`SyncedRecord` remembers it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction

from learnwork.accounts.models import User
from learnwork.core.errors import DomainError
from learnwork.journeys import selectors as journeys_selectors
from learnwork.journeys import services as journeys
from learnwork.journeys.localtime import local_date
from learnwork.journeys.models import RECORD_MAX_SKILLS, TITLE_MAX_CHARS, LearningRecord
from learnwork.providers import webhooks
from learnwork.providers.models import Provider, SyncedRecord
from learnwork.providers.selectors import course_for_activity
from learnwork.providers.validation import clean_url


@dataclass(frozen=True)
class Finished:
    """A provider reports that `user` finished the activity `activity_id` at `at`."""

    provider_id: int
    user: User
    activity_id: str
    kind: str = LearningRecord.Kind.COURSE
    name: str = ""  # the activity's name from the statement, if it had one
    more_info: str = ""
    at: datetime | None = None
    statement_id: str = ""


def _link(*candidates: str) -> str:
    for url in candidates:
        try:
            if url and (cleaned := clean_url(url, field="url")):
                return cleaned
        except DomainError:
            continue
    return ""


def webhook_data(record: LearningRecord, event: Finished) -> dict[str, Any]:
    handle = record.user.username
    return {
        "activity_id": event.activity_id, "statement_id": event.statement_id,
        "learner": {"handle": handle, "profile_url": f"{settings.SITE_URL}/@{handle}"},
        "record": {"id": record.pk, "kind": record.kind, "title": record.title,
                   "status": record.status, "hidden": record.hidden,
                   "finished_on": record.finished_on.isoformat() if record.finished_on else None,
                   "confirmed_at": (record.confirmed_at.isoformat() if record.confirmed_at
                                    else None)},
    }


@transaction.atomic
def record_finished(*, event: Finished) -> LearningRecord | None:
    """Put the finished activity on the learner's journey (see the module docstring); the
    record, or None when the learner deleted the one it made before."""
    provider = Provider.objects.filter(pk=event.provider_id).first()
    if provider is None:
        return None
    synced = (SyncedRecord.objects.select_for_update()
              .filter(provider=provider, user=event.user, activity_id=event.activity_id)
              .first())
    if synced is not None and synced.record_id is None:
        return None  # the learner deleted it: their decision stands
    existing = synced.record if synced is not None else journeys_selectors.record_by_external_id(
        user=event.user, external_id=event.activity_id)
    if (existing is not None and existing.confirmed_by
            and existing.status == LearningRecord.Status.FINISHED):
        return existing  # already finished and confirmed: nothing changes, nothing is sent
    course = course_for_activity(provider_id=provider.pk, activity_id=event.activity_id)
    skill_ids = [s.pk for s in course.skills.all()][:RECORD_MAX_SKILLS] if course else []
    if existing is None:
        record = journeys.record_create(
            user=event.user, kind=event.kind, status=LearningRecord.Status.FINISHED,
            title=(course.title if course else event.name or event.activity_id)[
                :TITLE_MAX_CHARS],
            source_name=provider.name[:120],
            url=_link(course.url if course else "", event.more_info, event.activity_id),
            finished_on=local_date(event.user, event.at) if event.at else None,
            skill_ids=skill_ids, origin=LearningRecord.Origin.PROVIDER,
            external_id=event.activity_id,
        )
    else:
        record = existing
        if skill_ids and not record.skill_links.exists():
            journeys.record_update(user=event.user, record_id=record.pk, skill_ids=skill_ids)
    record = journeys.record_confirm(record=record, confirmed_by=provider.name[:120],
                                     at=event.at)
    SyncedRecord.objects.update_or_create(
        provider=provider, user=event.user, activity_id=event.activity_id,
        defaults={"record": record, "statement_id": event.statement_id[:36]},
    )
    webhooks.emit(provider_id=provider.pk, event="record.finished",
                  data=webhook_data(record, event))
    return record
