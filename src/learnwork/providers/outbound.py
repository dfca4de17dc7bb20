"""A careful HTTP POST for webhook deliveries.

A webhook address is typed by a provider, so it is treated like the addresses badges name (see
`credentials/fetch.py`, whose URL checks this reuses, and `core/outbound.py`, which resolves and
pins): http(s) only, every address the host has must be public unless WEBHOOK_ALLOW_PRIVATE is
set, short timeouts, no redirects followed, and only a little of the answer read.
"""

from __future__ import annotations

import http.client
import ssl
from dataclasses import dataclass

from django.conf import settings

from learnwork.core import outbound as shared
from learnwork.credentials.badge_errors import FetchFailed
from learnwork.credentials.fetch import check_url

TIMEOUT_SECONDS = 5.0
USER_AGENT = "Learnwork webhooks (+https://github.com/learnwork)"
MAX_ANSWER_BYTES = 2048


class DeliveryFailed(Exception):
    """Why a delivery could not be made, in words for the provider's delivery log."""


@dataclass(frozen=True)
class Answer:
    status: int
    body: str


def allow_private() -> bool:
    return bool(getattr(settings, "WEBHOOK_ALLOW_PRIVATE", False))


def check_address(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path) of an address webhooks may be sent to (no DNS lookup)."""
    try:
        scheme, host, port, path = check_url(url)
    except FetchFailed as exc:
        raise DeliveryFailed(str(exc)) from exc
    try:
        if not allow_private() and not shared.is_public(host.strip("[]")):
            raise DeliveryFailed(f"{host} is a private or local address.")
    except ValueError:
        pass  # a name, not an address: checked when it is resolved
    return scheme, host, port, path


def _resolve(host: str, port: int) -> str:
    try:
        return shared.resolve(host, port, timeout=TIMEOUT_SECONDS, allow_private=allow_private())
    except shared.AddressRefused as exc:
        if exc.reason == "timeout":
            raise DeliveryFailed(f"The name {host} could not be looked up in time.") from exc
        if exc.reason == "private":
            raise DeliveryFailed(f"{host} is on a private or local network; webhooks are not "
                                 "sent there.") from exc
        raise DeliveryFailed(f"The name {host} could not be found.") from exc


def post(url: str, *, body: bytes, headers: dict[str, str]) -> Answer:
    """POST `body` to `url`; the answer's status and the start of its body, or DeliveryFailed."""
    scheme, host, port, path = check_address(url)
    address = _resolve(host, port)
    conn = shared.pinned_connection(scheme, host, port, address=address,
                                    timeout=TIMEOUT_SECONDS)
    try:
        conn.request("POST", path, body=body, headers={
            "Content-Type": "application/json", "User-Agent": USER_AGENT,
            "Accept-Encoding": "identity", **headers})
        response = conn.getresponse()
        text = response.read(MAX_ANSWER_BYTES).decode("utf-8", "replace")
        return Answer(status=response.status, body=text)
    except TimeoutError as exc:
        raise DeliveryFailed(f"{host} did not answer within {TIMEOUT_SECONDS:.0f} seconds.") \
            from exc
    except ssl.SSLError as exc:
        raise DeliveryFailed(f"The secure connection to {host} failed: {exc.reason or exc}.") \
            from exc
    except (OSError, http.client.HTTPException) as exc:
        raise DeliveryFailed(f"{host} could not be reached ({exc.__class__.__name__}).") \
            from exc
    finally:
        conn.close()
