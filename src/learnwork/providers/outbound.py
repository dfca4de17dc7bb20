"""A careful HTTP POST for webhook deliveries.

A webhook address is typed by a provider, so it is treated like the addresses badges name (see
`credentials/fetch.py`, whose URL checks this reuses): http(s) only, the host resolved once and
every address it has must be public unless WEBHOOK_ALLOW_PRIVATE is set, the connection pinned to
the checked address, short timeouts, no redirects followed, and only a little of the answer read.
"""

from __future__ import annotations

import concurrent.futures
import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass

from django.conf import settings

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


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_address(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path) of an address webhooks may be sent to (no DNS lookup)."""
    try:
        scheme, host, port, path = check_url(url)
    except FetchFailed as exc:
        raise DeliveryFailed(str(exc)) from exc
    try:
        if not allow_private() and not _public(host.strip("[]")):
            raise DeliveryFailed(f"{host} is a private or local address.")
    except ValueError:
        pass  # a name, not an address: checked when it is resolved
    return scheme, host, port, path


def _resolve(host: str, port: int) -> str:
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    try:
        infos = pool.submit(socket.getaddrinfo, host, port, 0,
                            socket.SOCK_STREAM).result(timeout=TIMEOUT_SECONDS)
    except concurrent.futures.TimeoutError as exc:
        raise DeliveryFailed(f"The name {host} could not be looked up in time.") from exc
    except (OSError, UnicodeError) as exc:
        raise DeliveryFailed(f"The name {host} could not be found.") from exc
    finally:
        pool.shutdown(wait=False)
    addresses = [str(info[4][0]) for info in infos]
    if not addresses:
        raise DeliveryFailed(f"The name {host} could not be found.")
    if not allow_private() and not all(_public(a) for a in addresses):
        raise DeliveryFailed(f"{host} is on a private or local network; webhooks are not sent "
                             "there.")
    return addresses[0]


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, *, address: str) -> None:
        super().__init__(host, port, timeout=TIMEOUT_SECONDS)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, *, address: str) -> None:
        super().__init__(host, port, timeout=TIMEOUT_SECONDS,
                         context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        # The certificate is checked against the host name, though we dialled the address.
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def post(url: str, *, body: bytes, headers: dict[str, str]) -> Answer:
    """POST `body` to `url`; the answer's status and the start of its body, or DeliveryFailed."""
    scheme, host, port, path = check_address(url)
    address = _resolve(host, port)
    factory = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
    conn = factory(host, port, address=address)
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
