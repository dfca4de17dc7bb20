"""Writes for learning journeys: add, edit, delete, hide and share records; course providers
and badge issuers confirm them.

Each service checks everything before it writes and runs in one transaction, so a refused
request leaves nothing behind. Only a record's owner changes it; what a provider or issuer
confirmed stays as they confirmed it.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learnwork.accounts.models import User, Visibility
from learnwork.core.errors import InvalidInput, PermissionDenied
from learnwork.journeys import validation as checks
from learnwork.journeys.errors import AlreadyShared, NotFinished, RecordConfirmed, RecordNotFound
from learnwork.journeys.localtime import local_date
from learnwork.journeys.models import LearningRecord, RecordSkill
from learnwork.journeys.selectors import can_see_record
from learnwork.journeys.validation import (
    CONFIRMED_BY_MAX_CHARS,
    EXTERNAL_ID_MAX_CHARS,
    Kind,
    Origin,
    Status,
)
from learnwork.posts import services as posts
from learnwork.posts.models import Post

# What record_update may change.
EDITABLE = frozenset({"kind", "title", "status", "skill_ids", "source_name", "url", "started_on",
                      "finished_on", "reflection", "visibility"})
# What a provider or issuer vouched for. The owner keeps their reflection and who sees it.
CONFIRMED = frozenset({"kind", "title", "status", "skill_ids", "source_name", "url",
                       "started_on", "finished_on"})
# Sharing keeps the audience the record already has (only-me records are not shared at all).
POST_VISIBILITY: dict[str, str] = {Visibility.EVERYONE: Post.Visibility.EVERYONE,
                                   Visibility.MEMBERS: Post.Visibility.MEMBERS}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#!|~])")


def _tag(record: LearningRecord, skill_ids: Iterable[uuid.UUID]) -> None:
    RecordSkill.objects.bulk_create([RecordSkill(record=record, skill_id=pk) for pk in skill_ids])


@transaction.atomic
def record_create(*, user: User, kind: str, title: str, status: str,
                  skill_ids: Iterable[uuid.UUID | str] = (), source_name: str = "",
                  url: str = "", started_on: date | None = None,
                  finished_on: date | None = None, reflection: str = "",
                  visibility: str = Visibility.EVERYONE, origin: str = Origin.MANUAL,
                  external_id: str = "") -> LearningRecord:
    """Add a record to `user`'s journey. Providers and badges pass their `origin` (and a
    provider its activity IRI as `external_id`); their dates are never later than today."""
    origin = checks.clean_choice(origin, Origin.values, field="origin",
                     message=_("A record is added by hand, by a provider or from a badge."))
    values = checks.clean_record(user, origin, {
        "kind": kind, "title": title, "status": status, "source_name": source_name, "url": url,
        "started_on": started_on, "finished_on": finished_on, "reflection": reflection,
        "visibility": visibility})
    skills = checks.clean_skill_ids(skill_ids)
    record = LearningRecord(user=user, origin=origin, **values, external_id=checks.clean_text(
        external_id, limit=EXTERNAL_ID_MAX_CHARS, field="external_id", what=_("The activity id")))
    record.save()
    _tag(record, skills)
    return record


def _own(user: User, record_id: int) -> LearningRecord:
    """The record, locked for the change, if `user` owns it: 404 when they cannot even see it,
    403 when it is someone else's."""
    record = (LearningRecord.objects.select_for_update().select_related("user")
              .filter(pk=record_id).first())
    if record is None or not can_see_record(viewer=user, record=record):
        raise RecordNotFound()
    if record.user_id != user.pk:
        raise PermissionDenied(_("Only the person whose journey this is can change it."))
    return record


def _current(record: LearningRecord) -> dict[str, Any]:
    return {"kind": record.kind, "title": record.title, "status": record.status,
            "source_name": record.source_name, "url": record.url,
            "started_on": record.started_on, "finished_on": record.finished_on,
            "reflection": record.reflection, "visibility": record.visibility}


@transaction.atomic
def record_update(*, user: User, record_id: int, **fields: Any) -> LearningRecord:
    """Change what is given (any of EDITABLE). Marking a record planned or in progress clears
    its finish date unless one is given; marking it finished without one finishes it today."""
    unknown = set(fields) - EDITABLE
    if unknown:
        raise TypeError(f"record_update() cannot change {', '.join(sorted(unknown))}")
    record = _own(user, record_id)
    merged = {**_current(record), **{k: v for k, v in fields.items() if k != "skill_ids"}}
    if "status" in fields and "finished_on" not in fields:
        if fields["status"] != Status.FINISHED:
            merged["finished_on"] = None
        elif record.status != Status.FINISHED:
            merged["finished_on"] = None  # finished now, unless a date is given
    values = checks.clean_record(user, record.origin, merged)
    current_skills = list(RecordSkill.objects.filter(record=record).order_by("pk")
                          .values_list("skill_id", flat=True))
    skills = (checks.clean_skill_ids(fields["skill_ids"]) if "skill_ids" in fields
              else current_skills)
    if record.confirmed_by:
        changed = {name for name in CONFIRMED - {"skill_ids"}
                   if values[name] != getattr(record, name)}
        if set(skills) != set(current_skills):
            changed.add("skill_ids")
        if changed:
            raise RecordConfirmed(field=sorted(changed)[0])
    changes = [name for name, value in values.items() if getattr(record, name) != value]
    for name in changes:
        setattr(record, name, values[name])
    if changes:
        record.save(update_fields=[*changes, "updated"])
    if set(skills) != set(current_skills):
        RecordSkill.objects.filter(record=record).delete()
        _tag(record, skills)
    return record


@transaction.atomic
def record_delete(*, user: User, record_id: int) -> None:
    """Delete a record; a post it was shared as stays (it is a post of its own now)."""
    _own(user, record_id).delete()


@transaction.atomic
def record_set_hidden(*, user: User, record_id: int, hidden: bool) -> LearningRecord:
    """Hide a record from everyone but its owner without losing it (meant for what providers
    and badges add), or show it again."""
    record = _own(user, record_id)
    if record.hidden != bool(hidden):
        record.hidden = bool(hidden)
        record.save(update_fields=["hidden", "updated"])
    return record


def _markdown_text(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def default_share_body(record: LearningRecord) -> str:
    """What a shared record says unless its owner writes something else (Markdown)."""
    title = _markdown_text(record.title)
    if record.url:
        link = record.url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
        title = f"[{title}]({link})"
    earned = record.kind in (Kind.BADGE, Kind.CERTIFICATE)
    if record.source_name:
        template = (_("Earned %(title)s (from %(source)s).") if earned
                    else _("Finished %(title)s (by %(source)s)."))
        text = template % {"title": title, "source": _markdown_text(record.source_name)}
    else:
        text = (_("Earned %(title)s.") if earned else _("Finished %(title)s.")) % {
            "title": title}
    if record.reflection:
        text += "\n\n" + _("What I learned: %(reflection)s") % {"reflection": record.reflection}
    return text


@transaction.atomic
def record_share_as_post(*, user: User, record_id: int, body: str | None = None) -> Post:
    """Publish a finished record as a post with its skills (the first ten), to the audience the
    record has. `body` replaces the default text. A record is shared once (409 after that,
    unless its post was deleted)."""
    record = _own(user, record_id)
    if record.status != Status.FINISHED:
        raise NotFinished()
    if record.shared_post_id is not None:
        raise AlreadyShared()
    if record.hidden:
        raise InvalidInput(_("This record is hidden from your profile. Show it again before "
                             "sharing it."), code="hidden")
    visibility = POST_VISIBILITY.get(record.visibility)
    if visibility is None:
        raise InvalidInput(_("Only you can see this record. Let others see it before sharing "
                             "it as a post."), code="private", field="visibility")
    skill_ids = list(RecordSkill.objects.filter(record=record).order_by("pk")
                     .values_list("skill_id", flat=True))[:posts.MAX_SKILLS]
    post = posts.post_publish(author=user, skill_ids=skill_ids, visibility=visibility,
                              body=default_share_body(record) if body is None else body)
    record.shared_post = post
    record.save(update_fields=["shared_post", "updated"])
    return post


@transaction.atomic
def record_confirm(*, record: LearningRecord, confirmed_by: str,
                   at: datetime | None = None) -> LearningRecord:
    """A course provider or a verified badge vouches that the learner finished `record`: it
    becomes finished (today, or the day of `at`, if it had no finish date) and verified.
    For other apps (providers, credentials); people cannot confirm their own records."""
    name = checks.clean_text(confirmed_by, limit=CONFIRMED_BY_MAX_CHARS, field="confirmed_by",
                 what=_("Who confirmed it"), required=True)
    at = at or timezone.now()
    if timezone.is_naive(at):
        raise ValueError("at must be an aware datetime")
    locked = LearningRecord.objects.select_for_update().select_related("user").get(pk=record.pk)
    day = min(local_date(locked.user, at), local_date(locked.user))
    locked.confirmed_by, locked.confirmed_at = name, at
    locked.status = Status.FINISHED
    if locked.finished_on is None:
        locked.finished_on = max(day, locked.started_on) if locked.started_on else day
    locked.save(update_fields=["confirmed_by", "confirmed_at", "status", "finished_on",
                               "updated"])
    return locked


@transaction.atomic
def record_unconfirm(*, record: LearningRecord) -> LearningRecord:
    """Take a confirmation back (a badge revoked or expired, a provider withdrawing it). The
    record stays, as the learner's own claim."""
    locked = LearningRecord.objects.select_for_update().get(pk=record.pk)
    if locked.confirmed_by or locked.confirmed_at:
        locked.confirmed_by, locked.confirmed_at = "", None
        locked.save(update_fields=["confirmed_by", "confirmed_at", "updated"])
    return locked
