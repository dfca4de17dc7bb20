"""Linked identities and managed providers are in the person's data download, nobody else's."""

from __future__ import annotations

import json

from django.urls import reverse
from django.utils import timezone

from learnwork.providers.models import LinkedIdentity


def test_the_download_lists_linked_identities_and_managed_providers(client, ana, ben, provider):
    LinkedIdentity.objects.create(user=ana, provider=provider, kind=LinkedIdentity.Kind.EMAIL,
                                  email="ana@work.example", verified_at=timezone.now())
    client.force_login(ana)
    data = json.loads(client.get(reverse("profiles:export")).content)
    assert data["linked_identities"] == [{
        "provider": "Open Academy", "kind": "email", "email": "ana@work.example",
        "home_page": "", "account_name": "", "verified_at": data["linked_identities"][0][
            "verified_at"]}]
    assert data["linked_identities"][0]["verified_at"] is not None
    assert data["providers_managed"] == []

    client.force_login(ben)
    theirs = json.loads(client.get(reverse("profiles:export")).content)
    assert theirs["linked_identities"] == []
    assert theirs["providers_managed"] == ["Open Academy"]
