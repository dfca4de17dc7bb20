"""Webhook signatures (pure): `Learnwork-Signature: t=<unix seconds>,v1=<hex>`.

v1 is HMAC-SHA256, keyed with the webhook's secret, over `<t>.<raw body>`, as in Stripe's
scheme: the timestamp is signed too, so a receiver that refuses old timestamps (five minutes is
usual) cannot be fooled by a replayed delivery.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

HEADER = "Learnwork-Signature"
TOLERANCE_SECONDS = 300


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    signed = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def header_value(secret: str, timestamp: int, body: bytes) -> str:
    return f"t={timestamp},v1={signature(secret, timestamp, body)}"


def verify(secret: str, header: str, body: bytes, *, now: int,
           tolerance: int = TOLERANCE_SECONDS) -> bool:
    """What a receiver does: any v1 matches and the timestamp is recent."""
    parts: dict[str, list[str]] = {}
    for item in header.split(","):
        name, _, value = item.strip().partition("=")
        parts.setdefault(name, []).append(value)
    try:
        timestamp = int(parts.get("t", [""])[0])
    except ValueError:
        return False
    if abs(now - timestamp) > tolerance:
        return False
    expected = signature(secret, timestamp, body)
    return any(hmac.compare_digest(expected, given) for given in parts.get("v1", []))
