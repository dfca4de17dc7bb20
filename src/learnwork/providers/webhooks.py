"""Webhooks: what a provider subscribes to, the events it gets, and delivering them.

An event becomes one `WebhookDelivery` per subscribed webhook, written in the transaction that
caused it and sent by the worker after commit. Each attempt is logged on the delivery; a failed
one is tried again later (`backoff`), up to `MAX_ATTEMPTS`, then the delivery is marked failed.
Delivery is at least once: two workers can, rarely, both send one, so receivers deduplicate on
the event `id`.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learnwork.accounts.models import User
from learnwork.core.errors import InvalidInput, NotFound
from learnwork.providers import outbound, signing
from learnwork.providers.models import Provider, Webhook, WebhookDelivery
from learnwork.providers.services import check_admin
from learnwork.providers.validation import clean_url

EVENTS = tuple(Webhook.Event.values)
MAX_WEBHOOKS = 10
MAX_ATTEMPTS = 8
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_FACTOR = 3
BACKOFF_CAP = timedelta(hours=12)
MAX_LOG_ENTRIES = MAX_ATTEMPTS


def backoff(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failure: 1 min, 3, 9, 27, 81 … at most 12 h."""
    return min(BACKOFF_BASE * BACKOFF_FACTOR ** max(attempts - 1, 0), BACKOFF_CAP)


def _clean_events(events: Iterable[str] | None) -> list[str]:
    chosen = list(dict.fromkeys(str(e).strip() for e in (events or EVENTS)))
    unknown = [e for e in chosen if e not in EVENTS]
    if unknown or not chosen:
        raise InvalidInput(_("Choose events from: %(all)s.") % {"all": ", ".join(EVENTS)},
                           field="events")
    return chosen


def _clean_webhook_url(url: str) -> str:
    url = clean_url(url, field="url", required=True)
    try:
        outbound.check_address(url)
    except outbound.DeliveryFailed as exc:
        raise InvalidInput(_("Webhooks cannot be sent to %(url)s: %(why)s")
                           % {"url": url[:80], "why": exc}, field="url") from exc
    return url


@transaction.atomic
def webhook_create(*, actor: User | None, provider: Provider, url: str,
                   events: Iterable[str] | None = None) -> Webhook:
    check_admin(actor=actor, provider=provider)
    if provider.webhooks.count() >= MAX_WEBHOOKS:
        raise InvalidInput(_("A provider can have %(n)d webhooks.") % {"n": MAX_WEBHOOKS})
    return Webhook.objects.create(provider=provider, url=_clean_webhook_url(url),
                                  events=_clean_events(events), secret=signing.new_secret())


def _webhook(provider: Provider, webhook_id: int) -> Webhook:
    webhook = Webhook.objects.filter(provider=provider, pk=webhook_id).first()
    if webhook is None:
        raise NotFound(_("This provider has no such webhook."))
    return webhook


@transaction.atomic
def webhook_update(*, actor: User | None, provider: Provider, webhook_id: int,
                   url: str | None = None, events: Iterable[str] | None = None,
                   active: bool | None = None, new_secret: bool = False) -> Webhook:
    check_admin(actor=actor, provider=provider)
    webhook = _webhook(provider, webhook_id)
    if url is not None:
        webhook.url = _clean_webhook_url(url)
    if events is not None:
        webhook.events = _clean_events(events)
    if active is not None:
        webhook.active = bool(active)
    if new_secret:
        webhook.secret = signing.new_secret()
    webhook.save()
    return webhook


@transaction.atomic
def webhook_delete(*, actor: User | None, provider: Provider, webhook_id: int) -> None:
    check_admin(actor=actor, provider=provider)
    _webhook(provider, webhook_id).delete()


def emit(*, provider_id: int, event: str, data: dict[str, Any]) -> list[WebhookDelivery]:
    """Queue `event` for every active webhook of the provider that subscribed to it; they are
    sent after the surrounding transaction commits (and not at all if it rolls back)."""
    if event not in EVENTS:
        raise ValueError(f"unknown webhook event {event}")
    now = timezone.now()
    payload = {"id": f"evt_{uuid.uuid4().hex}", "type": event, "created": now.isoformat(),
               "data": data}
    hooks = [h for h in Webhook.objects.filter(provider_id=provider_id, active=True)
             if event in h.events]
    deliveries = WebhookDelivery.objects.bulk_create([
        WebhookDelivery(webhook=hook, event=event, payload=payload, next_attempt_at=now)
        for hook in hooks
    ])
    if deliveries:
        from learnwork.providers.tasks import deliver_webhook

        ids = [d.pk for d in deliveries]  # both databases return the new ids

        def enqueue() -> None:
            for pk in ids:
                deliver_webhook.enqueue(delivery_id=pk)

        transaction.on_commit(enqueue)
    return deliveries


def body_of(delivery: WebhookDelivery) -> bytes:
    return json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()


def attempt(*, delivery_id: int, now: datetime | None = None) -> WebhookDelivery | None:
    """Send one delivery once, log the attempt, and decide what happens next. Returns the
    delivery (None if it is gone or no longer pending). No transaction is held while the
    request is in flight, so a slow receiver never blocks other writers."""
    delivery = (WebhookDelivery.objects.select_related("webhook")
                .filter(pk=delivery_id, status=WebhookDelivery.Status.PENDING).first())
    if delivery is None:
        return None
    body = body_of(delivery)
    started = time.monotonic()
    stamp = int((now or timezone.now()).timestamp())
    status: int | None = None
    error = ""
    try:
        answer = outbound.post(delivery.webhook.url, body=body, headers={
            signing.HEADER: signing.header_value(delivery.webhook.secret, stamp, body),
            "Learnwork-Event": delivery.event,
            "Learnwork-Delivery": str(delivery.pk),
        })
        status = answer.status
        if not 200 <= status < 300:
            error = f"Answered {status}: {answer.body[:200]}".strip()
    except outbound.DeliveryFailed as exc:
        error = str(exc)
    return _record_attempt(delivery, now=now or timezone.now(), status=status, error=error,
                           ms=round((time.monotonic() - started) * 1000))


@transaction.atomic
def _record_attempt(delivery: WebhookDelivery, *, now: datetime, status: int | None,
                    error: str, ms: int) -> WebhookDelivery:
    locked = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
    if locked.status != WebhookDelivery.Status.PENDING:
        return locked  # another worker finished it meanwhile
    locked.attempts += 1
    locked.last_response_status = status
    locked.last_error = error[:300]
    locked.log = [*locked.log, {"at": now.isoformat(), "status": status,
                                "error": error[:300], "ms": ms}][-MAX_LOG_ENTRIES:]
    if not error:
        locked.status = WebhookDelivery.Status.DELIVERED
        locked.delivered_at, locked.next_attempt_at = now, None
    elif locked.attempts >= MAX_ATTEMPTS:
        locked.status, locked.next_attempt_at = WebhookDelivery.Status.FAILED, None
    else:
        locked.next_attempt_at = now + backoff(locked.attempts)
        when, pk = locked.next_attempt_at, locked.pk
        transaction.on_commit(lambda: _schedule_retry(pk, when))
    locked.save()
    return locked


def _schedule_retry(delivery_id: int, when: datetime) -> None:
    from learnwork.providers.tasks import deliver_webhook

    # Backends that cannot defer (inline tasks, in tests and `LEARNWORK_TASKS=immediate`) leave
    # the delivery pending with its next_attempt_at; `deliver_due` picks it up.
    if deliver_webhook.get_backend().supports_defer:
        deliver_webhook.using(run_after=when).enqueue(delivery_id=delivery_id)


def deliver_due(*, now: datetime | None = None, limit: int = 100) -> int:
    """Attempt the pending deliveries whose time has come; how many were attempted."""
    now = now or timezone.now()
    due = list(WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING,
                                              next_attempt_at__lte=now)
               .order_by("next_attempt_at").values_list("pk", flat=True)[:limit])
    for pk in due:
        attempt(delivery_id=pk, now=now)
    return len(due)
