"""The journeys JSON API: a person's journey as you may see it, and your own learning records."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from ninja import P, PathEx, QueryEx, Router, Status

from learnwork.accounts.auth import public_auth, public_openapi, require_write
from learnwork.accounts.models import User
from learnwork.core.api import COMMON_ERRORS, errors
from learnwork.journeys import selectors, services
from learnwork.journeys.models import LearningRecord
from learnwork.journeys.pages import journey_page
from learnwork.journeys.schemas import (
    JourneyOut,
    RecordIn,
    RecordOut,
    RecordPatch,
    ShareIn,
    ShareOut,
)
from learnwork.journeys.selectors import SkillEvidence
from learnwork.social.selectors import profile_by_handle

router = Router(tags=["journeys"])

# Ids beyond a 64-bit integer cannot exist; refusing them up front keeps the database from
# raising an overflow on them.
Id = PathEx[int, P(ge=1, le=2**63 - 1)]


def _me(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _record(record: LearningRecord, owner: str) -> dict[str, Any]:
    return {
        "id": record.pk, "owner": owner, "kind": record.kind, "title": record.title,
        "source_name": record.source_name, "url": record.url, "status": record.status,
        "started_on": record.started_on, "finished_on": record.finished_on,
        "reflection": record.reflection, "reflection_html": record.reflection_html,
        "visibility": record.visibility, "origin": record.origin, "hidden": record.hidden,
        "verified": bool(record.confirmed_by), "confirmed_by": record.confirmed_by or None,
        "confirmed_at": record.confirmed_at,
        "skills": [{"id": s.pk, "label": s.label, "kind": s.kind} for s in record.skills.all()],
        "shared_post_id": record.shared_post_id, "created": record.created,
        "updated": record.updated,
    }


def _evidence(row: SkillEvidence) -> dict[str, Any]:
    return {
        "skill": {"id": row.skill.pk, "label": row.skill.label, "kind": row.skill.kind},
        "strength": row.strength, "claimed": row.declared is not None,
        "proficiency": row.declared.proficiency if row.declared else None,
        "level": row.declared.level if row.declared else None,
        "shown_by": [r.pk for r in row.shown], "verified_by": [r.pk for r in row.verified],
        "verifiers": row.verifiers,
    }


def _mine(request: HttpRequest, record_id: int) -> dict[str, Any]:
    me = _me(request)
    return _record(selectors.own_record(user=me, record_id=record_id), me.username)


@router.get("/people/{handle}/journey", auth=public_auth, openapi_extra=public_openapi,
            url_name="person_journey",
            response={200: JourneyOut, **errors(404, *COMMON_ERRORS)},
            summary="A person's learning journey: the records you may see, the evidence behind "
                    "their skills, and their learning activity")
def person_journey(request: HttpRequest, handle: str) -> dict[str, Any]:
    owner = profile_by_handle(handle=handle).user
    blocked = selectors.blocked_either_way(viewer=request.user, owner=owner)
    page = journey_page(viewer=request.user, owner=owner, blocked=blocked,
                        declared=selectors.declared_skills(viewer=request.user, owner=owner,
                                                           blocked=blocked))
    return {
        "handle": owner.username,
        "records": [_record(r, owner.username) for r in page.records],
        "skills": [_evidence(row) for row in page.evidence],
        "activity": [{"day": day, "count": count}
                     for day, count in sorted(page.activity.items())],
    }


@router.get("/journey/records", url_name="my_records",
            response={200: list[RecordOut], **errors(*COMMON_ERRORS)},
            summary="Your learning records, hidden ones too, newest first")
def my_records(request: HttpRequest, limit: QueryEx[int, P(ge=1, le=500)] = 100,
               offset: QueryEx[int, P(ge=0, le=1_000_000)] = 0) -> list[dict[str, Any]]:
    me = _me(request)
    return [_record(r, me.username)
            for r in selectors.records_for(user=me)[offset:offset + limit]]


@router.post("/journey/records", url_name="my_records_add",
             response={201: RecordOut, **errors(400, 403, 404, *COMMON_ERRORS)},
             summary="Add a learning record by hand (404 names skill ids that do not exist)")
def add_record(request: HttpRequest, payload: RecordIn) -> Status[dict[str, Any]]:
    require_write(request)
    record = services.record_create(user=_me(request), **payload.model_dump())
    return Status(201, _mine(request, record.pk))


@router.get("/journey/records/{record_id}", auth=public_auth, openapi_extra=public_openapi,
            url_name="record_detail",
            response={200: RecordOut, **errors(404, *COMMON_ERRORS)},
            summary="A learning record you may see (404 when it is gone or not shared with you)")
def get_record(request: HttpRequest, record_id: Id) -> dict[str, Any]:
    record = selectors.record_get(viewer=request.user, record_id=record_id)
    return _record(record, record.user.username)


@router.patch("/journey/records/{record_id}", url_name="record_update",
              response={200: RecordOut, **errors(400, 403, 404, *COMMON_ERRORS)},
              summary="Change your record; send only what changes. What a provider or badge "
                      "confirmed cannot change (403).")
def patch_record(request: HttpRequest, record_id: Id, payload: RecordPatch) -> dict[str, Any]:
    require_write(request)
    changes = {k: v for k, v in payload.model_dump(exclude_unset=True).items()
               if v is not None or k in ("started_on", "finished_on")}
    hidden = changes.pop("hidden", None)
    me = _me(request)
    with transaction.atomic():
        if changes or hidden is None:
            services.record_update(user=me, record_id=record_id, **changes)
        if hidden is not None:
            services.record_set_hidden(user=me, record_id=record_id, hidden=hidden)
    return _mine(request, record_id)


@router.delete("/journey/records/{record_id}", url_name="record_delete",
               response={204: None, **errors(403, 404, *COMMON_ERRORS)},
               summary="Delete your record (a post shared from it stays)")
def delete_record(request: HttpRequest, record_id: Id) -> Status[None]:
    require_write(request)
    services.record_delete(user=_me(request), record_id=record_id)
    return Status(204, None)


@router.post("/journey/records/{record_id}/share", url_name="record_share",
             response={201: ShareOut, **errors(400, 403, 404, 409, *COMMON_ERRORS)},
             summary="Share a finished record as a post, with its skills (409 if already shared)")
def share_record(request: HttpRequest, record_id: Id,
                 payload: ShareIn | None = None) -> Status[dict[str, Any]]:
    require_write(request)
    post = services.record_share_as_post(user=_me(request), record_id=record_id,
                                         body=payload.body if payload else None)
    return Status(201, {"record_id": record_id, "post_id": post.pk,
                        "post_url": request.build_absolute_uri(
                            reverse("posts:detail", args=[post.pk]))})
