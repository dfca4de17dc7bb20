"""Badges and credentials for profile tests, without a badge issuer on the network: imported
badges are stored as an import would store them, credentials are signed by the real service."""

from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone

from learnwork.credentials import issue_services
from learnwork.credentials.models import ImportedBadge, IssuedCredential
from tests.factories import UserFactory
from tests.journeys.factories import RecordFactory


class ImportedBadgeFactory(factory.django.DjangoModelFactory):
    """ImportedBadgeFactory(user=..., name=..., status="verified", visibility="everyone")."""

    class Meta:
        model = ImportedBadge

    user = factory.SubFactory(UserFactory)
    spec = ImportedBadge.Spec.OB2
    source = ImportedBadge.Source.URL
    source_url = factory.Sequence(lambda n: f"https://badges.example/assertions/{n}")
    raw = factory.LazyAttribute(lambda b: {"id": b.source_url})
    fingerprint = factory.Sequence(lambda n: f"{n:064x}")
    name = factory.Sequence(lambda n: f"Badge number {n}")
    issuer_name = "Open Python School"
    issuer_url = "https://badges.example/"
    issued_on = factory.LazyFunction(timezone.now)
    status = ImportedBadge.Status.VERIFIED
    status_detail = "It was fetched from its issuer's site."
    checked_at = factory.LazyFunction(timezone.now)
    visibility = "everyone"


def issued_credential(*, user: Any, title: str, visibility: str = "everyone",
                      **record: Any) -> IssuedCredential:
    """A provider-confirmed record of `user`'s and the credential this instance signed for it."""
    finished = RecordFactory(user=user, title=title, visibility=visibility,
                             confirmed_by="Data School", **record)
    return issue_services.credential_issue(user=user, record_id=finished.pk)
