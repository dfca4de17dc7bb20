"""Personal access token secrets: generation and hashing (pure, no database)."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_PREFIX = "lw_"  # noqa: S105 (a public marker, not a secret)


def new_secret() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    # The secret carries 256 random bits, so a fast hash is enough: nothing to brute-force,
    # and checking a token costs one indexed lookup instead of a slow password hash per request.
    return hashlib.sha256(secret.encode()).hexdigest()


def display_prefix(secret: str) -> str:
    return secret[: len(TOKEN_PREFIX) + 6]
