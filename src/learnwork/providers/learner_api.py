"""The learner-facing JSON API: browse and search the course catalogue, add a course to your
journey or its skills to your goals, and the identities you linked with providers."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from ninja import P, PathEx, QueryEx, Router, Status

from learnwork.accounts.auth import public_auth, public_openapi, require_write
from learnwork.accounts.models import User
from learnwork.core.api import COMMON_ERRORS, errors
from learnwork.providers import catalogue, linking, selectors
from learnwork.providers.api import course_out
from learnwork.providers.models import LinkedIdentity
from learnwork.providers.schemas import (
    CourseOut,
    FormatIn,
    GoalIn,
    GoalRef,
    IdentityIn,
    IdentityOut,
    RecordRef,
)

router = Router(tags=["courses"])

Id = PathEx[int, P(ge=1, le=2**63 - 1)]


def _me(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def identity_out(identity: LinkedIdentity) -> dict[str, Any]:
    return {
        "id": identity.pk, "kind": identity.kind, "email": identity.email,
        "provider": {"slug": identity.provider.slug, "name": identity.provider.name,
                     "verified": identity.provider.verified},
        "home_page": identity.home_page, "account_name": identity.account_name,
        "verified": identity.verified_at is not None, "verified_at": identity.verified_at,
        "created": identity.created,
    }


@router.get("/courses", auth=public_auth, openapi_extra=public_openapi, url_name="courses",
            response={200: list[CourseOut], **errors(*COMMON_ERRORS)},
            summary="Search the course catalogue: words in the title, description, provider or "
                    "skills; a skill (narrower skills count); format; free or paid")
def search_courses(request: HttpRequest, q: QueryEx[str, P(max_length=200)] = "",
                   skill: uuid.UUID | None = None, format: FormatIn | None = None,
                   free: bool | None = None,
                   provider: QueryEx[str, P(max_length=60)] = "",
                   limit: QueryEx[int, P(ge=1, le=100)] = 20,
                   offset: QueryEx[int, P(ge=0, le=1_000_000)] = 0) -> list[dict[str, Any]]:
    courses = selectors.course_search(filters=selectors.CourseFilters(
        q=q, skill_id=skill, format=format or "", free=free, provider=provider))
    return [course_out(c) for c in courses[offset:offset + limit]]


@router.get("/courses/{course_id}", auth=public_auth, openapi_extra=public_openapi,
            url_name="course", response={200: CourseOut, **errors(404, *COMMON_ERRORS)},
            summary="A published course")
def get_course(request: HttpRequest, course_id: Id) -> dict[str, Any]:
    return course_out(selectors.course_get(course_id=course_id, viewer=request.user))


@router.post("/courses/{course_id}/add-to-journey", url_name="course_add_to_journey",
             response={201: RecordRef, **errors(400, 404, 409, *COMMON_ERRORS)},
             summary="Put the course on your journey as planned (409 if it is there already); "
                     "when its provider reports you finished it, that record is confirmed")
def add_to_journey(request: HttpRequest, course_id: Id) -> Status[dict[str, Any]]:
    require_write(request)
    record = catalogue.course_add_to_journey(user=_me(request), course_id=course_id)
    return Status(201, {"id": record.pk, "title": record.title, "status": record.status})


@router.post("/courses/{course_id}/add-to-goals", url_name="course_add_to_goals",
             response={201: GoalRef, **errors(400, 404, 409, *COMMON_ERRORS)},
             summary="Make a skill the course teaches one of your learning goals")
def add_to_goals(request: HttpRequest, course_id: Id, payload: GoalIn) -> Status[dict[str, Any]]:
    require_write(request)
    goal = catalogue.course_skill_to_goals(user=_me(request), course_id=course_id,
                                           skill_id=payload.skill_id)
    skill = goal.skill
    return Status(201, {"id": goal.pk,
                        "skill": {"id": skill.pk, "label": skill.label, "kind": skill.kind}})


@router.get("/me/linked-identities", url_name="linked_identities",
            response={200: list[IdentityOut], **errors(*COMMON_ERRORS)},
            summary="The email addresses and provider accounts you linked")
def list_identities(request: HttpRequest) -> list[dict[str, Any]]:
    return [identity_out(i) for i in selectors.identities_of(user=_me(request))]


@router.post("/me/linked-identities", url_name="linked_identity_add",
             response={201: IdentityOut, **errors(400, 404, 409, *COMMON_ERRORS)},
             summary="Link an email address for a provider: at once if it is one of your "
                     "verified addresses, otherwise after you open the link mailed to it. "
                     "(Accounts on a provider's platform are linked from a link the provider "
                     "gives you.)")
def add_identity(request: HttpRequest, payload: IdentityIn) -> Status[dict[str, Any]]:
    require_write(request)
    provider = selectors.provider_by_slug(slug=payload.provider)
    identity = linking.identity_link_email(user=_me(request), provider=provider,
                                           email=payload.email)
    return Status(201, identity_out(identity))


@router.delete("/me/linked-identities/{identity_id}", url_name="linked_identity_delete",
               response={204: None, **errors(404, *COMMON_ERRORS)},
               summary="Unlink: that provider's later statements about it no longer reach your "
                       "journey (records already there stay, yours to hide or delete)")
def delete_identity(request: HttpRequest, identity_id: Id) -> Status[None]:
    require_write(request)
    linking.identity_remove(user=_me(request), identity_id=identity_id)
    return Status(204, None)
