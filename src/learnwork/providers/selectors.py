"""Reads for providers: who manages what, credentials, webhooks and deliveries, the course
catalogue, and whose identity a statement names. Query counts do not grow with page size."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from learnwork.accounts.models import User
from learnwork.core.errors import NotFound
from learnwork.providers.errors import CourseNotFound, ProviderNotFound
from learnwork.providers.models import (
    Course,
    LinkedIdentity,
    LrsCredential,
    Provider,
    Webhook,
    WebhookDelivery,
)
from learnwork.providers.services import is_admin
from learnwork.skills.selectors import descendant_ids

MAX_QUERY_WORDS = 8


def provider_by_slug(*, slug: str) -> Provider:
    provider = Provider.objects.filter(slug=slug[:60]).first()
    if provider is None:
        raise ProviderNotFound()
    return provider


def provider_by_id(*, provider_id: int) -> Provider:
    provider = Provider.objects.filter(pk=provider_id).first()
    if provider is None:
        raise ProviderNotFound()
    return provider


def providers_managed_by(*, user: User) -> QuerySet[Provider]:
    return Provider.objects.filter(admins=user)


def providers_all() -> QuerySet[Provider]:
    return Provider.objects.all()


def admins_of(*, provider: Provider) -> list[User]:
    return list(provider.admins.order_by("username"))


def credentials_of(*, provider: Provider) -> list[LrsCredential]:
    return list(LrsCredential.objects.filter(provider=provider))


def credential_of(*, provider: Provider, credential_id: int) -> LrsCredential | None:
    return LrsCredential.objects.filter(provider=provider, pk=credential_id).first()


def credential_by_key(*, key: str) -> LrsCredential:
    credential = (LrsCredential.objects.select_related("provider")
                  .filter(key=key.strip()[:40]).first())
    if credential is None:
        raise NotFound(_("No credential has the key “%(key)s”.") % {"key": key[:60]})
    return credential


def webhooks_of(*, provider: Provider) -> list[Webhook]:
    return list(Webhook.objects.filter(provider=provider))


def deliveries_of(*, provider: Provider, webhook_id: int | None = None,
                  status: str | None = None) -> QuerySet[WebhookDelivery]:
    deliveries = WebhookDelivery.objects.filter(webhook__provider=provider)
    if webhook_id is not None:
        deliveries = deliveries.filter(webhook_id=webhook_id)
    if status:
        deliveries = deliveries.filter(status=status)
    return deliveries.select_related("webhook")


# Catalogue --------------------------------------------------------------------------------


def _with_details(courses: QuerySet[Course]) -> QuerySet[Course]:
    return courses.select_related("provider").prefetch_related("skills")


def courses_of(*, provider: Provider) -> QuerySet[Course]:
    """All the provider's courses, unpublished too (for those who manage it)."""
    return _with_details(Course.objects.filter(provider=provider))


@dataclass(frozen=True)
class CourseFilters:
    q: str = ""
    skill_id: uuid.UUID | None = None
    format: str = ""
    free: bool | None = None
    provider: str = ""


def course_search(*, filters: CourseFilters) -> QuerySet[Course]:
    """Published courses matching every word of `q` (title, description, provider or skill
    names), teaching `skill_id` or a narrower skill, in a format, free or not."""
    courses = Course.objects.filter(published=True)
    for word in filters.q.split()[:MAX_QUERY_WORDS]:
        word = word[:60]
        courses = courses.filter(
            Q(title__icontains=word) | Q(description__icontains=word)
            | Q(provider__name__icontains=word)
            | Q(pk__in=Course.skills.through.objects.filter(skill__label__icontains=word)
                .values("course_id"))
        )
    if filters.skill_id is not None:
        wanted = descendant_ids(skill_ids=[filters.skill_id]) | {filters.skill_id}
        courses = courses.filter(pk__in=Course.skills.through.objects
                                 .filter(skill_id__in=wanted).values("course_id"))
    if filters.format:
        courses = courses.filter(format=filters.format)
    if filters.free is True:
        courses = courses.filter(cost_amount=0)
    elif filters.free is False:
        courses = courses.filter(cost_amount__gt=0)
    if filters.provider:
        courses = courses.filter(provider__slug=filters.provider)
    return _with_details(courses.order_by("title", "pk"))


def course_get(*, course_id: int, viewer: Any = None) -> Course:
    """A published course; an unpublished one only for those who manage its provider."""
    course = _with_details(Course.objects.filter(pk=course_id)).first()
    if course is None or (not course.published
                          and not is_admin(user=viewer, provider=course.provider)):
        raise CourseNotFound()
    return course


def course_for_activity(*, provider_id: int, activity_id: str) -> Course | None:
    """The provider's course statements about `activity_id` refer to, if it lists one."""
    if not activity_id:
        return None
    return (Course.objects.prefetch_related("skills")
            .filter(provider_id=provider_id, activity_id=activity_id).first())


# Identities -----------------------------------------------------------------------------


def identities_of(*, user: User) -> list[LinkedIdentity]:
    return list(LinkedIdentity.objects.filter(user=user).select_related("provider"))


def has_linked_identities(*, provider_id: int) -> bool:
    """Whether anyone linked an identity for this provider (else its statements reach no
    journey, and the LRS need not hand them over)."""
    return LinkedIdentity.objects.filter(provider_id=provider_id,
                                         verified_at__isnull=False).exists()


def linked_user(*, provider_id: int, email: str = "", home_page: str = "",
                account_name: str = "") -> User | None:
    """The person who linked and proved this identity for this provider, if anyone did."""
    query = LinkedIdentity.objects.filter(provider_id=provider_id, verified_at__isnull=False,
                                          user__is_active=True)
    if email:
        query = query.filter(kind=LinkedIdentity.Kind.EMAIL, email=email.strip().lower())
    elif home_page and account_name:
        # "https://lms.example" and "https://lms.example/" name the same system.
        base = home_page.rstrip("/")
        query = query.filter(kind=LinkedIdentity.Kind.ACCOUNT, account_name=account_name,
                             home_page__in=[base, base + "/"])
    else:
        return None
    identity = query.select_related("user").first()
    return identity.user if identity else None


def export_for(*, user: User) -> dict[str, Any]:
    """The person's linked identities and the providers they manage, for their data download."""
    return {
        "linked_identities": [
            {"provider": identity.provider.name, "kind": identity.kind,
             "email": identity.email, "home_page": identity.home_page,
             "account_name": identity.account_name,
             "verified_at": identity.verified_at.isoformat() if identity.verified_at else None}
            for identity in identities_of(user=user)
        ],
        "providers_managed": [provider.name for provider in providers_managed_by(user=user)],
    }
