from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction

from learnwork.accounts.tasks import send_rendered_email


class AccountAdapter(DefaultAccountAdapter):
    """Mail is rendered in the request and sent by the worker, so a slow SMTP server never
    holds up sign-up; with the immediate backend it is sent at once."""

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (content for content, mimetype in getattr(message, "alternatives", [])
             if mimetype == "text/html"),
            "",
        )
        subject, body = str(message.subject), str(message.body)
        from_email, to = str(message.from_email), [str(addr) for addr in message.to]
        transaction.on_commit(lambda: send_rendered_email.enqueue(
            subject=subject, body=body, from_email=from_email, to=to, html=str(html),
        ))
