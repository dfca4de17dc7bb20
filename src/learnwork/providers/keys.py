"""LRS credential keys and secrets: generation and hashing (pure, no database).

See docs/decisions/0008-lrs-credentials.md for why a fast hash is right here.
"""

from __future__ import annotations

import hashlib
import secrets

KEY_PREFIX = "lwk_"
SECRET_PREFIX = "lws_"  # noqa: S105 (a public marker, not a secret)


def new_key() -> str:
    # Public, like a username; random so it says nothing about the provider.
    return KEY_PREFIX + secrets.token_hex(12)


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    # 256 random bits cannot be guessed, so a slow password hash would only slow every request.
    return hashlib.sha256(secret.encode()).hexdigest()


def cache_key(key: str, secret_digest: str) -> str:
    # Derived from the stored digest as well as the key, so revoking (which knows only what is
    # stored) can drop the entry, and a wrong secret never finds one.
    return "lrs-cred:" + hashlib.sha256(f"{key}:{secret_digest}".encode()).hexdigest()
