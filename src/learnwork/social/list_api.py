"""The lists JSON API: your lists (private to you), and the people and skills on them. The
list read as a feed is the posts app's `GET /lists/{id}/feed`."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from learnwork.accounts.auth import require_write
from learnwork.accounts.models import User
from learnwork.core.api import COMMON_ERRORS, errors
from learnwork.social import list_selectors, lists, selectors
from learnwork.social.list_schemas import ListIn, ListOut, ListPatch, ListSummaryOut
from learnwork.social.models import FollowList

router = Router(tags=["lists"])


def _me(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _summary(row: FollowList) -> dict[str, Any]:
    return {"id": row.pk, "name": row.name, "description": row.description,
            "people_count": getattr(row, "people_count", 0),
            "skills_count": getattr(row, "skills_count", 0),
            "created": row.created, "updated": row.updated}


def _detail(owner: User, list_id: int) -> dict[str, Any]:
    detail = list_selectors.list_detail(owner=owner, list_id=list_id)
    row = detail.follow_list
    return {
        "id": row.pk, "name": row.name, "description": row.description,
        "people": [{"handle": p.username, "name": p.profile.name} for p in detail.people],
        "muted_people": [p.username for p in detail.people
                         if p.pk in detail.muted_person_ids],
        "skills": [{"id": s.pk, "label": s.label, "kind": s.kind} for s in detail.skills],
        "created": row.created, "updated": row.updated,
    }


@router.get("/lists", url_name="lists", response={200: list[ListSummaryOut],
                                                  **errors(*COMMON_ERRORS)},
            summary="Your lists, by name")
def my_lists(request: HttpRequest) -> list[dict[str, Any]]:
    return [_summary(row) for row in list_selectors.lists_for(user=_me(request))]


@router.post("/lists", url_name="lists_add",
             response={201: ListOut, **errors(400, 403, 404, 409, *COMMON_ERRORS)},
             summary="Create a list, with its first people and skills if you like "
                     "(409 if you have a list of that name)")
def create_list(request: HttpRequest, payload: ListIn) -> Status[dict[str, Any]]:
    require_write(request)
    people = list_selectors.people_by_handles(handles=payload.people)
    row = lists.list_create(owner=_me(request), name=payload.name,
                            description=payload.description, people=people,
                            skill_ids=payload.skills)
    return Status(201, _detail(_me(request), row.pk))


@router.get("/lists/{list_id}", url_name="list",
            response={200: ListOut, **errors(404, *COMMON_ERRORS)},
            summary="One of your lists, with its people and skills")
def get_list(request: HttpRequest, list_id: int) -> dict[str, Any]:
    return _detail(_me(request), list_id)


@router.patch("/lists/{list_id}", url_name="list_patch",
              response={200: ListOut, **errors(400, 403, 404, 409, *COMMON_ERRORS)},
              summary="Rename a list or change its description")
def patch_list(request: HttpRequest, list_id: int, payload: ListPatch) -> dict[str, Any]:
    require_write(request)
    lists.list_update(owner=_me(request), list_id=list_id, name=payload.name,
                      description=payload.description)
    return _detail(_me(request), list_id)


@router.delete("/lists/{list_id}", url_name="list_delete",
               response={204: None, **errors(403, 404, *COMMON_ERRORS)},
               summary="Delete a list (your follows stay as they are)")
def delete_list(request: HttpRequest, list_id: int) -> Status[None]:
    require_write(request)
    lists.list_delete(owner=_me(request), list_id=list_id)
    return Status(204, None)


@router.put("/lists/{list_id}/people/{handle}", url_name="list_person_put",
            response={200: ListOut, **errors(400, 403, 404, *COMMON_ERRORS)},
            summary="Put someone on a list: everything they post comes in (again: no change)")
def put_person(request: HttpRequest, list_id: int, handle: str) -> dict[str, Any]:
    require_write(request)
    person = selectors.person_by_handle(handle=handle)
    lists.list_add(owner=_me(request), list_id=list_id, people=[person])
    return _detail(_me(request), list_id)


@router.delete("/lists/{list_id}/people/{handle}", url_name="list_person_delete",
               response={204: None, **errors(403, 404, *COMMON_ERRORS)},
               summary="Take someone off a list")
def delete_person(request: HttpRequest, list_id: int, handle: str) -> Status[None]:
    require_write(request)
    list_selectors.list_get(owner=_me(request), list_id=list_id)
    lists.list_remove_person(owner=_me(request), list_id=list_id,
                             person=selectors.person_by_handle(handle=handle))
    return Status(204, None)


@router.put("/lists/{list_id}/skills/{skill_id}", url_name="list_skill_put",
            response={200: ListOut, **errors(400, 403, 404, *COMMON_ERRORS)},
            summary="Put a skill on a list: posts on it or any narrower skill come in")
def put_skill(request: HttpRequest, list_id: int, skill_id: uuid.UUID) -> dict[str, Any]:
    require_write(request)
    lists.list_add(owner=_me(request), list_id=list_id, skill_ids=[skill_id])
    return _detail(_me(request), list_id)


@router.delete("/lists/{list_id}/skills/{skill_id}", url_name="list_skill_delete",
               response={204: None, **errors(403, 404, *COMMON_ERRORS)},
               summary="Take a skill off a list")
def delete_skill(request: HttpRequest, list_id: int, skill_id: uuid.UUID) -> Status[None]:
    require_write(request)
    lists.list_remove_skill(owner=_me(request), list_id=list_id, skill_id=skill_id)
    return Status(204, None)
