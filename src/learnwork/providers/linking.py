"""Linking identities: a person proves that an email address, or an account on a provider's
platform, is theirs, so that provider's statements about it reach their journey.

- Email: instantly when it is one of the person's own verified addresses; otherwise by a signed
  link mailed to the address (valid `EMAIL_LINK_MAX_AGE`).
- Account: the provider, which knows who is signed in on its platform, creates a one-time link
  token for (homePage, name); the learner opens it while signed in here and confirms.

An identity belongs to at most one person per provider (a database constraint); linking it
emits the `identity.linked` webhook.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from learnwork.accounts import selectors as accounts
from learnwork.accounts.models import User
from learnwork.accounts.tasks import send_rendered_email
from learnwork.core import ratelimit
from learnwork.core.errors import Conflict, InvalidInput, NotFound
from learnwork.providers import webhooks
from learnwork.providers.errors import LinkInvalid
from learnwork.providers.models import AccountLinkToken, LinkedIdentity, Provider
from learnwork.providers.services import check_admin
from learnwork.providers.validation import clean_email, clean_text, clean_url

EMAIL_LINK_SALT = "learnwork.providers.link-email"
EMAIL_LINK_MAX_AGE = timedelta(days=2)
ACCOUNT_LINK_MAX_AGE = timedelta(days=1)
EMAIL_LINK_RATE = "10/h"
MAX_IDENTITIES = 50

Kind = LinkedIdentity.Kind


def _taken(*, provider: Provider, user: User, **identity: str) -> bool:
    return (LinkedIdentity.objects.filter(provider=provider, verified_at__isnull=False, **identity)
            .exclude(user=user).exists())


def _taken_error() -> Conflict:
    return Conflict(_("Another Learnwork account has already linked this identity for this "
                      "provider."), code="identity_taken")


def webhook_data(identity: LinkedIdentity) -> dict[str, Any]:
    """What the provider learns when a learner links: the identity it knows, and who it is."""
    actor: dict[str, Any] = (
        {"mbox": f"mailto:{identity.email}"} if identity.kind == Kind.EMAIL
        else {"account": {"homePage": identity.home_page, "name": identity.account_name}}
    )
    handle = identity.user.username
    return {"identity": {"kind": identity.kind, **actor},
            "learner": {"handle": handle, "profile_url": f"{settings.SITE_URL}/@{handle}"},
            "linked_at": identity.verified_at.isoformat() if identity.verified_at else None}


def _verify(identity: LinkedIdentity) -> LinkedIdentity:
    identity.verified_at = timezone.now()
    try:
        with transaction.atomic():
            identity.save(update_fields=["verified_at", "updated"])
    except IntegrityError:
        raise _taken_error() from None
    webhooks.emit(provider_id=identity.provider_id, event="identity.linked",
                  data=webhook_data(identity))
    return identity


def _check_room(user: User) -> None:
    if LinkedIdentity.objects.filter(user=user).count() >= MAX_IDENTITIES:
        raise InvalidInput(_("You have linked %(n)d identities; remove one first.")
                           % {"n": MAX_IDENTITIES})


@transaction.atomic
def identity_link_email(*, user: User, provider: Provider, email: str) -> LinkedIdentity:
    """Link `email` for `provider`: at once if it is one of `user`'s verified addresses,
    otherwise after they open the link mailed to it (`verified_at` stays empty until then)."""
    email = clean_email(email)
    if _taken(provider=provider, user=user, kind=Kind.EMAIL, email=email):
        raise _taken_error()
    identity = LinkedIdentity.objects.filter(user=user, provider=provider, kind=Kind.EMAIL,
                                             email=email).first()
    if identity is None:
        _check_room(user)
        identity = LinkedIdentity.objects.create(user=user, provider=provider, kind=Kind.EMAIL,
                                                 email=email)
    if identity.verified_at is not None:
        return identity
    own = {address.lower() for address in accounts.verified_emails(user=user)}
    if email in own:
        return _verify(identity)
    ratelimit.hit(f"provider-link-email:{user.pk}", EMAIL_LINK_RATE)
    _send_link_email(identity)
    return identity


def email_token(identity: LinkedIdentity) -> str:
    return signing.dumps({"i": identity.pk, "e": identity.email}, salt=EMAIL_LINK_SALT)


def _send_link_email(identity: LinkedIdentity) -> None:
    url = settings.SITE_URL + reverse("providers:verify_email",
                                      kwargs={"token": email_token(identity)})
    context = {"identity": identity, "provider": identity.provider, "url": url,
               "user": identity.user, "days": EMAIL_LINK_MAX_AGE.days}
    subject = settings.EMAIL_SUBJECT_PREFIX + " ".join(
        render_to_string("providers/email/link_email_subject.txt", context).split())
    body = render_to_string("providers/email/link_email_message.txt", context)
    to = [identity.email]
    transaction.on_commit(lambda: send_rendered_email.enqueue(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to))


def _email_link_data(token: str) -> dict[str, Any]:
    try:
        data = signing.loads(token, salt=EMAIL_LINK_SALT, max_age=EMAIL_LINK_MAX_AGE)
    except signing.BadSignature:
        raise LinkInvalid() from None
    if not isinstance(data, dict):
        raise LinkInvalid()
    return data


def email_link_address(*, token: str) -> str:
    """The address a mailed link is for (LinkInvalid if it is forged or expired)."""
    return str(_email_link_data(token).get("e", ""))


@transaction.atomic
def identity_verify_email(*, user: User, token: str) -> LinkedIdentity:
    """Finish linking an address from the mailed link (signed in as the person who asked)."""
    data = _email_link_data(token)
    identity = (LinkedIdentity.objects.select_for_update().select_related("provider", "user")
                .filter(pk=int(data.get("i") or 0), email=str(data.get("e") or ""),
                        kind=Kind.EMAIL).first())
    if identity is None or identity.user_id != user.pk:
        raise LinkInvalid()
    if identity.verified_at is not None:
        return identity
    return _verify(identity)


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def link_token_create(*, actor: User | None, provider: Provider, home_page: str,
                      account_name: str) -> tuple[AccountLinkToken, str, str]:
    """A one-time link for the learner who has `account_name` on `provider`'s platform at
    `home_page`: (token row, the token, the address to send them to). `actor=None` is the
    provider itself, authenticated by its credential."""
    check_admin(actor=actor, provider=provider)
    home_page = clean_url(home_page, field="home_page", required=True)
    account_name = clean_text(account_name, limit=255, field="account_name",
                              what=_("The account name"), required=True)
    token = secrets.token_urlsafe(24)
    row = AccountLinkToken.objects.create(
        provider=provider, home_page=home_page, account_name=account_name,
        digest=_token_digest(token), expires_at=timezone.now() + ACCOUNT_LINK_MAX_AGE,
    )
    url = settings.SITE_URL + reverse("providers:link_account", kwargs={"token": token})
    return row, token, url


def link_token_get(*, token: str) -> AccountLinkToken:
    """The unused, unexpired link token, or LinkInvalid."""
    row = (AccountLinkToken.objects.select_related("provider")
           .filter(digest=_token_digest(token), used_at__isnull=True,
                   expires_at__gt=timezone.now()).first())
    if row is None:
        raise LinkInvalid()
    return row


@transaction.atomic
def link_token_redeem(*, user: User, token: str) -> LinkedIdentity:
    """The signed-in learner confirms the account is theirs: it is linked, the token spent."""
    row = link_token_get(token=token)
    row = AccountLinkToken.objects.select_for_update().select_related("provider").get(pk=row.pk)
    if row.used_at is not None:
        raise LinkInvalid()
    identity_fields = {"kind": Kind.ACCOUNT, "home_page": row.home_page,
                       "account_name": row.account_name}
    if _taken(provider=row.provider, user=user, **identity_fields):
        raise _taken_error()
    row.used_at, row.used_by = timezone.now(), user
    row.save(update_fields=["used_at", "used_by", "updated"])
    identity = LinkedIdentity.objects.filter(user=user, provider=row.provider,
                                             **identity_fields).first()
    if identity is None:
        _check_room(user)
        identity = LinkedIdentity.objects.create(user=user, provider=row.provider,
                                                 **identity_fields)
    if identity.verified_at is not None:
        return identity
    return _verify(identity)


@transaction.atomic
def identity_remove(*, user: User, identity_id: int) -> None:
    """Unlink: later statements about it stay in the store and no longer reach the journey.
    Records it already made stay on the journey, the person's to hide or delete."""
    deleted, _rows = LinkedIdentity.objects.filter(user=user, pk=identity_id).delete()
    if not deleted:
        raise NotFound(_("You have no such linked identity."))
