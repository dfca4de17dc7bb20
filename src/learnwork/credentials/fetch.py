"""A careful HTTP GET for badge data: hosted assertions, badge classes, issuers, keys, revocation
lists and badge images.

A badge names web addresses its importer does not control, so every fetch is treated as hostile:
http and https only; no user names in addresses; the host is resolved once and every address it
resolves to must be public (no loopback, private, link-local or reserved ranges, which would let
a badge probe the server's own network) unless BADGE_FETCH_ALLOW_PRIVATE is set; the connection
goes to the address that was checked (no second lookup to rebind); each socket operation has a
timeout and the whole fetch a deadline; at most a few redirects, each checked again; a size
limit enforced while reading; and only the content types asked for.
"""

from __future__ import annotations

import http.client
import ssl
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from learnwork.core import outbound

from .badge_errors import FetchFailed
from .limits import MAX_IMAGE_BYTES, MAX_JSON_BYTES, parse_json, size_label

TIMEOUT_SECONDS = 5.0
DEADLINE_SECONDS = 15.0
MAX_REDIRECTS = 3
MAX_URL_LENGTH = 2000
USER_AGENT = "Learnwork badge verifier (+https://github.com/learnwork)"

JSON_TYPES = {"application/json", "application/ld+json", "text/plain"}
IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}
ACCEPT = {
    "json": "application/ld+json, application/json;q=0.9, text/plain;q=0.5",
    "image": "image/png, image/jpeg;q=0.8, image/gif;q=0.5, image/webp;q=0.5",
}


@dataclass(frozen=True)
class Response:
    url: str
    content_type: str
    body: bytes


def allow_private() -> bool:
    return bool(getattr(settings, "BADGE_FETCH_ALLOW_PRIVATE", False))


def check_url(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path with query) of a fetchable address, or FetchFailed saying why."""
    if len(url) > MAX_URL_LENGTH:
        raise FetchFailed(_("That web address is too long."))
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise FetchFailed(_("“%(url)s” is not a valid web address.") % {"url": url[:200]}) \
            from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchFailed(_("Only http and https addresses can be fetched, not “%(url)s”.")
                          % {"url": url[:200]})
    if not parts.hostname:
        raise FetchFailed(_("“%(url)s” has no host name.") % {"url": url[:200]})
    if parts.username or parts.password:
        raise FetchFailed(_("Addresses with a user name or password are not fetched."))
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return scheme, parts.hostname, port or (443 if scheme == "https" else 80), path


def _resolve(host: str, port: int) -> str:
    """The one address to connect to; every address the host has must be allowed."""
    try:
        return outbound.resolve(host, port, timeout=TIMEOUT_SECONDS,
                                allow_private=allow_private())
    except outbound.AddressRefused as exc:
        if exc.reason == "timeout":
            raise FetchFailed(_("The name %(host)s could not be looked up in time.")
                              % {"host": host}) from exc
        if exc.reason == "private":
            raise FetchFailed(_("%(host)s is on a private or local network, which Learnwork "
                                "does not fetch from.") % {"host": host}) from exc
        raise FetchFailed(_("The name %(host)s could not be found.") % {"host": host}) from exc


def _content_type(response: http.client.HTTPResponse) -> str:
    return (response.getheader("Content-Type") or "").split(";", 1)[0].strip().lower()


def _type_allowed(kind: str, content_type: str) -> bool:
    if not content_type:
        return True  # the body is checked for what it is anyway
    if kind == "json":
        return content_type in JSON_TYPES or content_type.endswith("+json")
    return content_type in IMAGE_TYPES


def _read(response: http.client.HTTPResponse, *, host: str, limit: int,
          deadline: float) -> bytes:
    length = response.getheader("Content-Length")
    too_big = _("%(host)s sent more than %(limit)s, more than any badge needs.") % {
        "host": host, "limit": size_label(limit)}
    if length and length.isdigit() and int(length) > limit:
        raise FetchFailed(too_big)
    chunks: list[bytes] = []
    total = 0
    while True:
        if time.monotonic() > deadline:
            raise FetchFailed(_("%(host)s took too long to send its answer.") % {"host": host})
        chunk = response.read1(64 * 1024)
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > limit:
            raise FetchFailed(too_big)
        chunks.append(chunk)


def get(url: str, *, kind: str = "json", max_bytes: int | None = None) -> Response:
    """GET `url` safely, following at most a few redirects; FetchFailed says why, in words."""
    limit = max_bytes or (MAX_JSON_BYTES if kind == "json" else MAX_IMAGE_BYTES)
    deadline = time.monotonic() + DEADLINE_SECONDS
    current = url.strip()
    for _hop in range(MAX_REDIRECTS + 1):
        scheme, host, port, path = check_url(current)
        address = _resolve(host, port)
        conn = outbound.pinned_connection(scheme, host, port, address=address,
                                          timeout=TIMEOUT_SECONDS)
        try:
            conn.request("GET", path, headers={
                "Accept": ACCEPT[kind], "Accept-Encoding": "identity", "User-Agent": USER_AGENT})
            response = conn.getresponse()
            status = response.status
            if status in (301, 302, 303, 307, 308):
                location = response.getheader("Location") or ""
                if not location:
                    raise FetchFailed(_("%(url)s redirected nowhere.") % {"url": current})
                current = urljoin(current, location)
                continue
            if status != 200:
                # The status is kept: 410 Gone is how an issuer withdraws a hosted assertion.
                raise FetchFailed(_("%(url)s answered %(status)d (%(reason)s).") % {
                    "url": current, "status": status, "reason": response.reason or "?"},
                    status=status)
            encoding = (response.getheader("Content-Encoding") or "identity").lower()
            if encoding != "identity":
                raise FetchFailed(_("%(host)s sent compressed data it was not asked for.")
                                  % {"host": host})
            content_type = _content_type(response)
            if not _type_allowed(kind, content_type):
                raise FetchFailed(_("%(url)s sent %(type)s, not badge data.")
                                  % {"url": current, "type": content_type})
            body = _read(response, host=host, limit=limit, deadline=deadline)
            return Response(url=current, content_type=content_type, body=body)
        except TimeoutError as exc:
            raise FetchFailed(_("%(host)s did not answer within %(seconds)d seconds.")
                              % {"host": host, "seconds": TIMEOUT_SECONDS}) from exc
        except ssl.SSLError as exc:
            raise FetchFailed(_("The secure connection to %(host)s failed: %(problem)s.")
                              % {"host": host, "problem": exc.reason or exc}) from exc
        except (OSError, http.client.HTTPException) as exc:
            raise FetchFailed(_("%(host)s could not be reached (%(problem)s).")
                              % {"host": host, "problem": exc.__class__.__name__}) from exc
        finally:
            conn.close()
    raise FetchFailed(_("%(url)s redirected too many times.") % {"url": url[:200]})


def get_json(url: str) -> Any:
    response = get(url, kind="json")
    host = urlsplit(response.url).hostname or response.url
    return parse_json(response.body, what=_("The answer from %(host)s") % {"host": host})
