"""Webhooks: signed deliveries, retried with backoff, logged, readable by the provider."""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from learnwork.core.errors import InvalidInput
from learnwork.providers import signing, webhooks
from learnwork.providers.errors import NotProviderAdmin
from learnwork.providers.models import WebhookDelivery
from tests.api_client import bearer, send

from .factories import credential_for

pytestmark = pytest.mark.django_db


def test_backoff_grows_and_is_capped():
    waits = [webhooks.backoff(n) for n in range(1, 10)]
    assert waits[:4] == [timedelta(minutes=1), timedelta(minutes=3), timedelta(minutes=9),
                         timedelta(minutes=27)]
    assert waits == sorted(waits) and max(waits) == timedelta(hours=12)


def test_signature_round_trip_and_tampering():
    body = b'{"type":"record.finished"}'
    now = int(time.time())
    header = signing.header_value("whsec_x", now, body)
    assert header.startswith(f"t={now},v1=")
    assert signing.verify("whsec_x", header, body, now=now)
    assert not signing.verify("whsec_y", header, body, now=now)
    assert not signing.verify("whsec_x", header, body + b" ", now=now)
    assert not signing.verify("whsec_x", header, body, now=now + 301)  # a replay, later
    assert not signing.verify("whsec_x", "t=abc,v1=00", body, now=now)


def test_delivery_is_signed_retried_then_delivered(provider, hook_server,
                                                   django_capture_on_commit_callbacks):
    webhook = webhooks.webhook_create(actor=None, provider=provider, url=hook_server.url)
    hook_server.statuses = [500, 503]  # fails twice, then succeeds
    with django_capture_on_commit_callbacks(execute=True):
        (delivery,) = webhooks.emit(provider_id=provider.pk, event="identity.linked",
                                    data={"identity": {"kind": "email"}})
    # The first attempt ran on commit (inline tasks here) and failed: it waits a minute.
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_response_status) == \
        ("pending", 1, 500)
    assert delivery.next_attempt_at > timezone.now() + timedelta(seconds=50)
    assert webhooks.deliver_due() == 0  # not due yet

    later = timezone.now() + timedelta(minutes=2)
    assert webhooks.deliver_due(now=later) == 1
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.last_response_status) == (2, 503)
    assert delivery.next_attempt_at == later + timedelta(minutes=3)

    webhooks.deliver_due(now=later + timedelta(minutes=4))
    delivery.refresh_from_db()
    assert delivery.status == "delivered" and delivery.attempts == 3
    assert delivery.next_attempt_at is None and delivery.delivered_at is not None
    assert [entry["status"] for entry in delivery.log] == [500, 503, 200]

    sent = hook_server.received[-1]
    body = sent["body"]
    assert json.loads(body)["type"] == "identity.linked"
    assert sent["headers"]["Learnwork-Event"] == "identity.linked"
    stamp = int(sent["headers"]["Learnwork-Signature"].split(",")[0][2:])
    assert signing.verify(webhook.secret, sent["headers"]["Learnwork-Signature"], body,
                          now=stamp)


def test_delivery_gives_up_after_the_last_attempt(provider, hook_server,
                                                  django_capture_on_commit_callbacks):
    webhooks.webhook_create(actor=None, provider=provider, url=hook_server.url)
    hook_server.statuses = [500] * 20
    with django_capture_on_commit_callbacks(execute=True):
        (delivery,) = webhooks.emit(provider_id=provider.pk, event="record.finished", data={})
    moment = timezone.now()
    for _ in range(webhooks.MAX_ATTEMPTS):
        moment += timedelta(hours=13)
        webhooks.deliver_due(now=moment)
    delivery.refresh_from_db()
    assert delivery.status == "failed" and delivery.attempts == webhooks.MAX_ATTEMPTS
    assert len(hook_server.received) == webhooks.MAX_ATTEMPTS


def test_only_subscribed_active_webhooks_get_an_event(provider, hook_server):
    webhooks.webhook_create(actor=None, provider=provider, url=hook_server.url,
                            events=["identity.linked"])
    paused = webhooks.webhook_create(actor=None, provider=provider, url=hook_server.url)
    webhooks.webhook_update(actor=None, provider=provider, webhook_id=paused.pk, active=False)
    assert webhooks.emit(provider_id=provider.pk, event="record.finished", data={}) == []
    assert len(webhooks.emit(provider_id=provider.pk, event="identity.linked", data={})) == 1


def test_a_rolled_back_event_is_never_sent(provider, hook_server):
    from django.db import transaction

    webhooks.webhook_create(actor=None, provider=provider, url=hook_server.url)
    with pytest.raises(RuntimeError), transaction.atomic():
        webhooks.emit(provider_id=provider.pk, event="record.finished", data={})
        raise RuntimeError
    assert not WebhookDelivery.objects.exists() and hook_server.received == []


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8000/hook", "http://10.0.0.5/hook", "http://[::1]/hook",
    "ftp://hooks.example/x", "http://user:pw@hooks.example/x", "not a url",
])
def test_private_or_odd_addresses_are_refused(provider, url):
    with pytest.raises(InvalidInput):
        webhooks.webhook_create(actor=None, provider=provider, url=url)


def test_a_name_resolving_to_a_private_address_fails_the_delivery_not_the_worker(
        provider, settings, django_capture_on_commit_callbacks):
    webhooks.webhook_create(actor=None, provider=provider, url="http://localhost:9/hook")
    with django_capture_on_commit_callbacks(execute=True):
        (delivery,) = webhooks.emit(provider_id=provider.pk, event="record.finished", data={})
    delivery.refresh_from_db()
    assert delivery.status == "pending" and delivery.attempts == 1
    assert "private or local" in delivery.last_error


def test_unknown_events_are_refused_and_only_admins_manage(provider, ana, ben):
    with pytest.raises(InvalidInput):
        webhooks.webhook_create(actor=ben, provider=provider, url="https://hooks.example/x",
                                events=["user.deleted"])
    with pytest.raises(NotProviderAdmin):
        webhooks.webhook_create(actor=ana, provider=provider, url="https://hooks.example/x")


def test_the_delivery_log_api(client, provider, ben, ana, hook_server,
                              django_capture_on_commit_callbacks):
    hook = webhooks.webhook_create(actor=None, provider=provider, url=hook_server.url)
    hook_server.statuses = [502]
    with django_capture_on_commit_callbacks(execute=True):
        webhooks.emit(provider_id=provider.pk, event="record.finished", data={"n": 1})
    _credential, basic = credential_for(provider)
    response = send(client, "get", "/providers/open-academy/webhook-deliveries",
                    HTTP_AUTHORIZATION=basic)
    assert response.status_code == 200
    (row,) = response.json()
    assert row["webhook_id"] == hook.pk and row["status"] == "pending"
    assert row["attempts"] == 1 and row["last_response_status"] == 502
    assert row["log"][0]["status"] == 502 and row["payload"]["data"] == {"n": 1}
    failed = send(client, "get", "/providers/open-academy/webhook-deliveries?status=delivered",
                  **bearer(ben))
    assert failed.status_code == 200 and failed.json() == []
    assert send(client, "get", "/providers/open-academy/webhook-deliveries",
                **bearer(ana)).status_code == 403


def test_webhook_api_needs_the_all_scope(client, provider):
    _credential, narrow = credential_for(provider)
    body = {"url": "https://hooks.example/x", "events": ["record.finished"]}
    response = send(client, "post", "/providers/open-academy/webhooks", body,
                    HTTP_AUTHORIZATION=narrow)
    assert response.status_code == 403 and response.json()["error"] == "scope_missing"
    _credential, full = credential_for(provider, scopes=["all"])
    response = send(client, "post", "/providers/open-academy/webhooks", body,
                    HTTP_AUTHORIZATION=full)
    assert response.status_code == 201
    made = response.json()
    assert made["secret"].startswith("whsec_") and made["events"] == ["record.finished"]
    listed = send(client, "get", "/providers/open-academy/webhooks", HTTP_AUTHORIZATION=full)
    assert [w["id"] for w in listed.json()] == [made["id"]]
    patched = send(client, "patch", f"/providers/open-academy/webhooks/{made['id']}",
                   {"new_secret": True, "active": False}, HTTP_AUTHORIZATION=full)
    assert patched.json()["secret"] != made["secret"] and patched.json()["active"] is False
    assert send(client, "delete", f"/providers/open-academy/webhooks/{made['id']}",
                HTTP_AUTHORIZATION=full).status_code == 204


def test_with_the_database_queue_a_failed_attempt_is_queued_for_later(
        provider, hook_server, settings, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    webhooks.webhook_create(actor=None, provider=provider, url=hook_server.url)
    hook_server.statuses = [500]
    with django_capture_on_commit_callbacks(execute=True):
        (delivery,) = webhooks.emit(provider_id=provider.pk, event="record.finished", data={})
    first = DBTaskResult.objects.get()  # queued for the worker, not run inline
    assert first.task_path.endswith("deliver_webhook") and hook_server.received == []
    with django_capture_on_commit_callbacks(execute=True):
        webhooks.attempt(delivery_id=delivery.pk)  # what the worker does
    delivery.refresh_from_db()
    retry = DBTaskResult.objects.exclude(pk=first.pk).get()
    assert retry.args_kwargs["kwargs"] == {"delivery_id": delivery.pk}
    assert retry.run_after == delivery.next_attempt_at
