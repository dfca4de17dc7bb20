"""Connections to addresses other people typed: public addresses only, pinned once checked.

Badge imports fetch what a badge names; webhooks post to what a provider typed. Either could
point Learnwork at its own network, so both go through here: the host is resolved once (with a
timeout), every address it has must be public unless the caller allows private ones, and the
connection dials the address that was checked, never a second lookup that could be rebound.
Callers phrase the failures (`AddressRefused.reason`) in their own words.
"""

from __future__ import annotations

import concurrent.futures
import http.client
import ipaddress
import socket
import ssl


class AddressRefused(Exception):
    """Why `host` cannot be connected to: "timeout", "not_found" or "private"."""

    def __init__(self, reason: str, host: str) -> None:
        super().__init__(f"{reason}: {host}")
        self.reason = reason
        self.host = host


def is_public(address: str) -> bool:
    """Whether an IP address (IPv4-mapped IPv6 judged as the IPv4 it carries) is globally
    routable unicast. Raises ValueError for something that is not an IP address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def resolve(host: str, port: int, *, timeout: float, allow_private: bool) -> str:
    """The one address to connect to; every address the host has must be allowed."""
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    try:
        infos = pool.submit(socket.getaddrinfo, host, port, 0,
                            socket.SOCK_STREAM).result(timeout=timeout)
    except concurrent.futures.TimeoutError as exc:
        raise AddressRefused("timeout", host) from exc
    except (OSError, UnicodeError) as exc:
        raise AddressRefused("not_found", host) from exc
    finally:
        pool.shutdown(wait=False)
    addresses = [str(info[4][0]) for info in infos]
    if not addresses:
        raise AddressRefused("not_found", host)
    if not allow_private and not all(is_public(a) for a in addresses):
        raise AddressRefused("private", host)
    return addresses[0]


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        # The certificate is checked against the host name, though we dialled the address.
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def pinned_connection(scheme: str, host: str, port: int, *, address: str,
                      timeout: float) -> http.client.HTTPConnection:
    """An HTTP(S) connection to `host` that dials `address` (from `resolve`)."""
    factory = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
    return factory(host, port, address=address, timeout=timeout)
