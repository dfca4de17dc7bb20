"""Authenticating a course provider by its LRS credential (HTTP Basic: key and secret).

`authenticate_basic` runs on every LRS and provider-API request, so a good credential is
remembered in the cache for `CACHE_SECONDS` under a key derived from the credential key and the
secret's digest: a repeat request costs one cache read and no query. Revoking deletes the entry,
so a revoked credential stops working at once (a deleted provider within `CACHE_SECONDS`).
"""

from __future__ import annotations

import base64
import binascii
import hmac
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from learnwork.providers import keys
from learnwork.providers.models import LrsCredential, Provider

# Named after xAPI's OAuth scopes (xAPI 1.0.3, part three, 4.2).
SCOPES = (
    "statements/write",
    "statements/read/mine",
    "statements/read",
    "state",
    "define",
    "profile",
    "all/read",
    "all",
)
DEFAULT_SCOPES = ("statements/write", "statements/read/mine")
# What a broader scope also grants.
_IMPLIED = {
    "all": frozenset(SCOPES),
    "all/read": frozenset({"all/read", "statements/read", "statements/read/mine"}),
    "statements/read": frozenset({"statements/read", "statements/read/mine"}),
}
CACHE_SECONDS = 60
LAST_USED_EVERY = timedelta(minutes=1)
# A longer header cannot hold one of our keys and secrets; refuse before decoding it.
MAX_HEADER_CHARS = 512


@dataclass(frozen=True)
class LrsPrincipal:
    """Who sent a request: a provider, through one of its credentials."""

    provider_id: int
    credential_id: int
    scopes: frozenset[str]
    # The xAPI authority (an Agent) the LRS puts on statements this provider sends.
    authority: dict[str, Any] = field(hash=False, compare=False)

    def allows(self, scope: str) -> bool:
        """Whether the credential's scopes grant `scope` (`all` grants everything, and so on)."""
        return any(scope in _IMPLIED.get(held, frozenset({held})) for held in self.scopes)


def authority_for(provider: Provider) -> dict[str, Any]:
    return {
        "objectType": "Agent",
        "name": provider.name,
        "account": {"homePage": f"{settings.SITE_URL}/providers/", "name": provider.slug},
    }


def parse_basic(authorization_header: str | None) -> tuple[str, str] | None:
    """The (key, secret) pair of a `Basic` Authorization header, or None if it is not one."""
    if not authorization_header or len(authorization_header) > MAX_HEADER_CHARS:
        return None
    scheme, _, encoded = authorization_header.strip().partition(" ")
    if scheme.lower() != "basic" or not encoded:
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    key, sep, secret = decoded.partition(":")
    if not sep or not key.startswith(keys.KEY_PREFIX) or not secret:
        return None
    return key, secret


def authenticate_basic(authorization_header: str | None) -> LrsPrincipal | None:
    """The provider behind a Basic Authorization header, or None for anything else."""
    pair = parse_basic(authorization_header)
    return None if pair is None else authenticate_key(*pair)


def authenticate_key(key: str, secret: str) -> LrsPrincipal | None:
    """The provider behind a credential key and secret, or None."""
    if not key.startswith(keys.KEY_PREFIX) or not secret or len(key) > 40:
        return None
    secret_digest = keys.digest(secret)
    slot = keys.cache_key(key, secret_digest)
    cached = cache.get(slot)
    now = timezone.now()
    if cached is not None:
        principal, last_used = cached
        if now - last_used > LAST_USED_EVERY:
            _touch(principal.credential_id, now, slot, principal)
        return principal
    credential = (
        LrsCredential.objects.select_related("provider")
        .filter(key=key, revoked_at__isnull=True).first()
    )
    if credential is None or not hmac.compare_digest(credential.secret_digest, secret_digest):
        return None
    principal = LrsPrincipal(
        provider_id=credential.provider_id, credential_id=credential.pk,
        scopes=frozenset(credential.scopes), authority=authority_for(credential.provider),
    )
    if credential.last_used is None or now - credential.last_used > LAST_USED_EVERY:
        _touch(credential.pk, now, slot, principal)
    else:
        cache.set(slot, (principal, credential.last_used), CACHE_SECONDS)
    return principal


def _touch(credential_id: int, now: datetime, slot: str, principal: LrsPrincipal) -> None:
    # Recorded at most once a minute, so authenticating does not become a write per request.
    LrsCredential.objects.filter(pk=credential_id).update(last_used=now)
    cache.set(slot, (principal, now), CACHE_SECONDS)


def forget(credential: LrsCredential) -> None:
    """Drop a credential's cached verdict (on revoke)."""
    cache.delete(keys.cache_key(credential.key, credential.secret_digest))
