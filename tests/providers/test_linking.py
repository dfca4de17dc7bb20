"""Linking identities: own verified addresses at once, other addresses by a mailed link, and
accounts on a provider's platform through the provider's one-time link."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from learnwork.core.errors import Conflict, InvalidInput, RateLimited
from learnwork.providers import linking
from learnwork.providers.errors import LinkInvalid, NotProviderAdmin
from learnwork.providers.models import AccountLinkToken, LinkedIdentity, WebhookDelivery
from learnwork.providers.webhooks import webhook_create
from tests.api_client import bearer, send
from tests.factories import UserFactory

from .factories import credential_for

pytestmark = pytest.mark.django_db


def _mailed_path() -> str:
    (message,) = mail.outbox
    return re.search(r"https?://[^/\s]+(/providers/linked/verify/\S+/)", message.body).group(1)


def test_an_own_verified_address_links_at_once_and_tells_the_provider(
        ana, provider, django_capture_on_commit_callbacks):
    webhook_create(actor=None, provider=provider, url="https://hooks.academy.example/lw")
    with django_capture_on_commit_callbacks(execute=True):
        identity = linking.identity_link_email(user=ana, provider=provider,
                                               email="ANA@example.org")
    assert identity.email == "ana@example.org" and identity.verified_at is not None
    assert mail.outbox == []
    (delivery,) = WebhookDelivery.objects.all()
    assert delivery.event == "identity.linked"
    assert delivery.payload["data"]["identity"] == {"kind": "email",
                                                    "mbox": "mailto:ana@example.org"}
    assert delivery.payload["data"]["learner"]["handle"] == "ana"


def test_another_address_links_only_once_the_mailed_link_is_confirmed(
        client, ana, provider, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        identity = linking.identity_link_email(user=ana, provider=provider,
                                               email="ana.work@corp.example")
    assert identity.verified_at is None
    (message,) = mail.outbox
    assert message.to == ["ana.work@corp.example"] and "Open Academy" in message.subject
    path = _mailed_path()
    client.force_login(ana)
    page = client.get(path)  # opening the link only asks
    assert page.status_code == 200 and b"Link it" in page.content
    identity.refresh_from_db()
    assert identity.verified_at is None
    response = client.post(path)
    assert response.status_code == 302
    identity.refresh_from_db()
    assert identity.verified_at is not None


def test_the_mailed_link_works_only_for_who_asked_and_not_when_tampered(
        client, ana, ben, provider, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        linking.identity_link_email(user=ana, provider=provider, email="ana@corp.example")
    path = _mailed_path()
    client.force_login(ben)
    assert client.post(path).status_code == 400
    client.force_login(ana)
    assert client.post(path.replace(":", ";", 1)).status_code == 400
    assert LinkedIdentity.objects.get().verified_at is None


def test_an_expired_mailed_link_is_refused(ana, provider, django_capture_on_commit_callbacks):
    identity = linking.identity_link_email(user=ana, provider=provider, email="a@corp.example")
    token = linking.email_token(identity)
    from unittest import mock

    later = timezone.now().timestamp() + linking.EMAIL_LINK_MAX_AGE.total_seconds() + 60
    with mock.patch("django.core.signing.time.time", return_value=later), \
            pytest.raises(LinkInvalid):
        linking.identity_verify_email(user=ana, token=token)


def test_an_identity_belongs_to_one_person_per_provider(ana, ben, provider):
    linking.identity_link_email(user=ana, provider=provider, email="ana@example.org")
    with pytest.raises(Conflict):
        linking.identity_link_email(user=ben, provider=provider, email="ana@example.org")


def test_bad_addresses_and_too_many_mails_are_refused(ana, provider):
    with pytest.raises(InvalidInput):
        linking.identity_link_email(user=ana, provider=provider, email="not-an-address")
    allowed = int(linking.EMAIL_LINK_RATE.split("/")[0])
    for n in range(allowed):
        linking.identity_link_email(user=ana, provider=provider, email=f"a{n}@corp.example")
    with pytest.raises(RateLimited):
        linking.identity_link_email(user=ana, provider=provider, email="one-more@corp.example")
    assert not LinkedIdentity.objects.filter(email="one-more@corp.example").exists()


def test_account_linking_through_the_providers_one_time_link(
        client, ana, provider, django_capture_on_commit_callbacks):
    _credential, basic = credential_for(provider)
    response = send(client, "post", "/providers/open-academy/link-tokens",
                    {"home_page": "https://lms.academy.example", "account_name": "ana-77"},
                    HTTP_AUTHORIZATION=basic)
    assert response.status_code == 201
    url = response.json()["url"]
    path = url[url.index("/providers/"):]
    assert client.get(path).status_code == 302  # sign in first
    client.force_login(ana)
    page = client.get(path)
    assert page.status_code == 200 and b"ana-77" in page.content
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(path).status_code == 302
    identity = LinkedIdentity.objects.get(user=ana)
    assert (identity.kind, identity.home_page, identity.account_name) == \
        ("account", "https://lms.academy.example", "ana-77")
    assert identity.verified_at is not None
    assert client.post(path).status_code == 400  # used once


def test_link_tokens_expire_and_only_the_provider_makes_them(ana, provider):
    with pytest.raises(NotProviderAdmin):
        linking.link_token_create(actor=ana, provider=provider,
                                  home_page="https://lms.example", account_name="x")
    _row, token, _url = linking.link_token_create(actor=None, provider=provider,
                                                  home_page="https://lms.example",
                                                  account_name="x")
    AccountLinkToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(LinkInvalid):
        linking.link_token_redeem(user=ana, token=token)
    with pytest.raises(LinkInvalid):
        linking.link_token_redeem(user=ana, token="made-up")


def test_an_account_someone_else_linked_cannot_be_claimed(ana, ben, provider):
    for who in (ana, ben):
        _row, token, _url = linking.link_token_create(
            actor=None, provider=provider, home_page="https://lms.example", account_name="x")
        if who is ana:
            linking.link_token_redeem(user=who, token=token)
        else:
            with pytest.raises(Conflict):
                linking.link_token_redeem(user=who, token=token)


def test_identities_api(client, ana, provider):
    auth = bearer(ana)
    made = send(client, "post", "/me/linked-identities",
                {"provider": "open-academy", "email": "ana@example.org"}, **auth)
    assert made.status_code == 201
    body = made.json()
    assert body["verified"] is True and body["provider"]["slug"] == "open-academy"
    pending = send(client, "post", "/me/linked-identities",
                   {"provider": "open-academy", "email": "other@corp.example"}, **auth)
    assert pending.status_code == 201 and pending.json()["verified"] is False
    listed = send(client, "get", "/me/linked-identities", **auth).json()
    assert {i["email"] for i in listed} == {"ana@example.org", "other@corp.example"}
    assert send(client, "post", "/me/linked-identities",
                {"provider": "nobody", "email": "a@b.example"}, **auth).status_code == 404
    assert send(client, "delete", f"/me/linked-identities/{body['id']}",
                **bearer(UserFactory())).status_code == 404
    assert send(client, "delete", f"/me/linked-identities/{body['id']}", **auth).status_code \
        == 204
    assert send(client, "get", "/me/linked-identities", **bearer(ana, "read")).json()[0][
        "email"] == "other@corp.example"
