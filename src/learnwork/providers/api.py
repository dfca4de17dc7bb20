"""The provider-facing JSON API: register, publish courses (or import them as schema.org JSON-LD),
webhooks and their delivery log, and account-link tokens.

Under `/providers/{slug}/…` a caller is either the provider's own LRS credential (HTTP Basic)
or a member who manages the provider (token or session). Credential scopes: `define` publishes
courses, `all` manages webhooks; any credential reads the catalogue and delivery log and makes
link tokens.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import P, PathEx, QueryEx, Router, Status

from learnwork.accounts.auth import public_auth, public_openapi, require_write
from learnwork.core.api import COMMON_ERRORS, errors
from learnwork.core.errors import InvalidInput, PayloadTooLarge
from learnwork.providers import catalogue, course_import, linking, selectors, services, webhooks
from learnwork.providers.api_auth import acting_for, provider_auth
from learnwork.providers.auth import authority_for
from learnwork.providers.errors import CourseNotFound
from learnwork.providers.models import Course, Provider, Webhook, WebhookDelivery
from learnwork.providers.schemas import (
    CourseIn,
    CourseOut,
    CoursePatch,
    DeliveryOut,
    ImportOut,
    LinkTokenIn,
    LinkTokenOut,
    ProviderIn,
    ProviderOut,
    WebhookIn,
    WebhookOut,
    WebhookPatch,
)

router = Router(tags=["providers"])

Id = PathEx[int, P(ge=1, le=2**63 - 1)]
MAX_IMPORT_BYTES = 2 * 1024 * 1024
DeliveryStatus = QueryEx[str, P(pattern="^(pending|delivered|failed)?$")]


def provider_out(provider: Provider) -> dict[str, Any]:
    return {"slug": provider.slug, "name": provider.name, "website": provider.website,
            "description": provider.description, "verified": provider.verified,
            "authority": authority_for(provider)}


def course_out(course: Course) -> dict[str, Any]:
    return {
        "id": course.pk, "title": course.title, "description": course.description,
        "provider": {"slug": course.provider.slug, "name": course.provider.name,
                     "verified": course.provider.verified},
        "url": course.url, "format": course.format, "free": course.is_free,
        "cost_amount": course.cost_amount, "cost_currency": course.cost_currency,
        "language": course.language, "credential": course.credential,
        "activity_id": course.activity_id, "published": course.published,
        "skills": [{"id": s.pk, "label": s.label, "kind": s.kind} for s in course.skills.all()],
        "page_url": reverse("courses:detail", args=[course.pk]),
        "created": course.created, "updated": course.updated,
    }


def webhook_out(webhook: Webhook) -> dict[str, Any]:
    return {"id": webhook.pk, "url": webhook.url, "events": webhook.events,
            "active": webhook.active, "secret": webhook.secret, "created": webhook.created}


def delivery_out(delivery: WebhookDelivery) -> dict[str, Any]:
    return {
        "id": delivery.pk, "webhook_id": delivery.webhook_id, "event": delivery.event,
        "payload": delivery.payload, "status": delivery.status, "attempts": delivery.attempts,
        "next_attempt_at": delivery.next_attempt_at,
        "last_response_status": delivery.last_response_status,
        "last_error": delivery.last_error, "delivered_at": delivery.delivered_at,
        "created": delivery.created, "log": delivery.log,
    }


def _course_again(provider: Provider, course_id: int) -> dict[str, Any]:
    return course_out(selectors.courses_of(provider=provider).get(pk=course_id))


@router.post("/providers", url_name="provider_create",
             response={201: ProviderOut, **errors(400, 409, *COMMON_ERRORS)},
             summary="Register an organisation as a course provider; you manage it")
def create_provider(request: HttpRequest, payload: ProviderIn) -> Status[dict[str, Any]]:
    require_write(request)
    provider = services.provider_create(admin=request.user, **payload.model_dump())  # type: ignore[arg-type]
    return Status(201, provider_out(provider))


@router.get("/providers/{slug}", auth=public_auth, openapi_extra=public_openapi,
            url_name="provider_detail", response={200: ProviderOut, **errors(404, *COMMON_ERRORS)},
            summary="A course provider")
def get_provider(request: HttpRequest, slug: str) -> dict[str, Any]:
    return provider_out(selectors.provider_by_slug(slug=slug))


# Courses ----------------------------------------------------------------------------------


@router.get("/providers/{slug}/courses", auth=provider_auth, url_name="provider_courses",
            response={200: list[CourseOut], **errors(403, 404, *COMMON_ERRORS)},
            summary="The provider's courses, unpublished ones too")
def list_courses(request: HttpRequest, slug: str,
                 limit: QueryEx[int, P(ge=1, le=500)] = 100,
                 offset: QueryEx[int, P(ge=0, le=1_000_000)] = 0) -> list[dict[str, Any]]:
    provider, _actor = acting_for(request, slug, write=False)
    return [course_out(c) for c in selectors.courses_of(provider=provider)[offset:offset + limit]]


@router.post("/providers/{slug}/courses", auth=provider_auth, url_name="provider_course_add",
             response={201: CourseOut, **errors(400, 403, 404, 409, *COMMON_ERRORS)},
             summary="Publish a course (credential scope: define)")
def add_course(request: HttpRequest, slug: str, payload: CourseIn) -> Status[dict[str, Any]]:
    provider, actor = acting_for(request, slug, scope="define")
    course = catalogue.course_create(actor=actor, provider=provider, **payload.model_dump())
    return Status(201, _course_again(provider, course.pk))


@router.post("/providers/{slug}/courses/import", auth=provider_auth,
             url_name="provider_course_import",
             response={200: ImportOut, **errors(400, 403, 404, 409, 413, *COMMON_ERRORS)},
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/ld+json": {"schema": {"type": "object"}},
                 "application/json": {"schema": {"type": "object"}}}}},
             summary="Create or update courses from schema.org Course JSON-LD (one Course, an "
                     "@graph or an ItemList); all or nothing (credential scope: define)")
def import_courses(request: HttpRequest, slug: str) -> dict[str, Any]:
    provider, actor = acting_for(request, slug, scope="define")
    if len(request.body) > MAX_IMPORT_BYTES:
        raise PayloadTooLarge()
    try:
        document = json.loads(request.body or b"null")
    except (ValueError, RecursionError):
        raise InvalidInput(_("The body is not JSON.")) from None
    report = course_import.course_import(actor=actor, provider=provider, document=document)
    courses = {c.pk: c for c in selectors.courses_of(provider=provider).filter(
        pk__in=[c.pk for c in report.created + report.updated])}
    return {"created": [course_out(courses[c.pk]) for c in report.created],
            "updated": [course_out(courses[c.pk]) for c in report.updated],
            "unmatched_skills": report.unmatched_skills}


@router.get("/providers/{slug}/courses/{course_id}", auth=provider_auth,
            url_name="provider_course",
            response={200: CourseOut, **errors(403, 404, *COMMON_ERRORS)},
            summary="One of the provider's courses")
def get_course(request: HttpRequest, slug: str, course_id: Id) -> dict[str, Any]:
    provider, _actor = acting_for(request, slug, write=False)
    course = selectors.courses_of(provider=provider).filter(pk=course_id).first()
    if course is None:
        raise CourseNotFound()
    return course_out(course)


@router.patch("/providers/{slug}/courses/{course_id}", auth=provider_auth,
              url_name="provider_course_update",
              response={200: CourseOut, **errors(400, 403, 404, 409, *COMMON_ERRORS)},
              summary="Change a course; send only what changes (credential scope: define)")
def patch_course(request: HttpRequest, slug: str, course_id: Id,
                 payload: CoursePatch) -> dict[str, Any]:
    provider, actor = acting_for(request, slug, scope="define")
    changes = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    catalogue.course_update(actor=actor, provider=provider, course_id=course_id, **changes)
    return _course_again(provider, course_id)


@router.delete("/providers/{slug}/courses/{course_id}", auth=provider_auth,
               url_name="provider_course_delete",
               response={204: None, **errors(403, 404, *COMMON_ERRORS)},
               summary="Remove a course from the catalogue (credential scope: define)")
def delete_course(request: HttpRequest, slug: str, course_id: Id) -> Status[None]:
    provider, actor = acting_for(request, slug, scope="define")
    catalogue.course_delete(actor=actor, provider=provider, course_id=course_id)
    return Status(204, None)


# Webhooks ---------------------------------------------------------------------------------


@router.get("/providers/{slug}/webhooks", auth=provider_auth, url_name="provider_webhooks",
            response={200: list[WebhookOut], **errors(403, 404, *COMMON_ERRORS)},
            summary="The provider's webhooks (credential scope: all)")
def list_webhooks(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    provider, _actor = acting_for(request, slug, scope="all", write=False)
    return [webhook_out(w) for w in selectors.webhooks_of(provider=provider)]


@router.post("/providers/{slug}/webhooks", auth=provider_auth, url_name="provider_webhook_add",
             response={201: WebhookOut, **errors(400, 403, 404, *COMMON_ERRORS)},
             summary="Subscribe an address to events; deliveries are signed with the secret "
                     "returned (credential scope: all)")
def add_webhook(request: HttpRequest, slug: str, payload: WebhookIn) -> Status[dict[str, Any]]:
    provider, actor = acting_for(request, slug, scope="all")
    webhook = webhooks.webhook_create(actor=actor, provider=provider, url=payload.url,
                                      events=payload.events)
    return Status(201, webhook_out(webhook))


@router.patch("/providers/{slug}/webhooks/{webhook_id}", auth=provider_auth,
              url_name="provider_webhook_update",
              response={200: WebhookOut, **errors(400, 403, 404, *COMMON_ERRORS)},
              summary="Change a webhook, pause it, or replace its secret (credential scope: all)")
def patch_webhook(request: HttpRequest, slug: str, webhook_id: Id,
                  payload: WebhookPatch) -> dict[str, Any]:
    provider, actor = acting_for(request, slug, scope="all")
    webhook = webhooks.webhook_update(actor=actor, provider=provider, webhook_id=webhook_id,
                                      **payload.model_dump(exclude_unset=True))
    return webhook_out(webhook)


@router.delete("/providers/{slug}/webhooks/{webhook_id}", auth=provider_auth,
               url_name="provider_webhook_delete",
               response={204: None, **errors(403, 404, *COMMON_ERRORS)},
               summary="Delete a webhook and its delivery log (credential scope: all)")
def delete_webhook(request: HttpRequest, slug: str, webhook_id: Id) -> Status[None]:
    provider, actor = acting_for(request, slug, scope="all")
    webhooks.webhook_delete(actor=actor, provider=provider, webhook_id=webhook_id)
    return Status(204, None)


@router.get("/providers/{slug}/webhook-deliveries", auth=provider_auth,
            url_name="provider_deliveries",
            response={200: list[DeliveryOut], **errors(403, 404, *COMMON_ERRORS)},
            summary="The delivery log, newest first: each delivery with its attempts")
def list_deliveries(request: HttpRequest, slug: str,
                    webhook: QueryEx[int | None, P(ge=1, le=2**63 - 1)] = None,
                    status: DeliveryStatus = "",
                    limit: QueryEx[int, P(ge=1, le=200)] = 50,
                    offset: QueryEx[int, P(ge=0, le=1_000_000)] = 0) -> list[dict[str, Any]]:
    provider, _actor = acting_for(request, slug, write=False)
    deliveries = selectors.deliveries_of(provider=provider, webhook_id=webhook,
                                         status=status or None)
    return [delivery_out(d) for d in deliveries[offset:offset + limit]]


# Account links ----------------------------------------------------------------------------


@router.post("/providers/{slug}/link-tokens", auth=provider_auth, url_name="provider_link_token",
             response={201: LinkTokenOut, **errors(400, 403, 404, *COMMON_ERRORS)},
             summary="A one-time link for a learner to connect their account on your platform "
                     "(xAPI account homePage and name) to their Learnwork profile")
def create_link_token(request: HttpRequest, slug: str,
                      payload: LinkTokenIn) -> Status[dict[str, Any]]:
    provider, actor = acting_for(request, slug)
    row, token, url = linking.link_token_create(actor=actor, provider=provider,
                                                **payload.model_dump())
    return Status(201, {"url": url, "token": token, "expires_at": row.expires_at})
