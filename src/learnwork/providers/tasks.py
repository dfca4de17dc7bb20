"""Background work for providers: webhook deliveries."""

from __future__ import annotations

from django_tasks import task

from learnwork.providers import webhooks


@task()
def deliver_webhook(*, delivery_id: int) -> None:
    webhooks.attempt(delivery_id=delivery_id)


@task()
def deliver_due_webhooks() -> int:
    """Sweep: attempt every pending delivery whose time has come (for lost or inline tasks)."""
    return webhooks.deliver_due()
