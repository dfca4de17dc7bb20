"""multipart/mixed (RFC 2046) as xAPI uses it for attachments: reading requests, writing
responses. The first part holds the statement(s) as JSON; each later part holds one
attachment's raw content, named by its X-Experience-API-Hash header.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.utils.translation import gettext as _

from learnwork.xapi.errors import BadRequest

_HASHES = {56: hashlib.sha224, 64: hashlib.sha256, 96: hashlib.sha384, 128: hashlib.sha512}


@dataclass(frozen=True)
class Part:
    headers: dict[str, str]  # lower-cased names
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


def header_param(header: str, name: str) -> str | None:
    """A parameter of a header such as `multipart/mixed; boundary="abc"`."""
    for piece in header.split(";")[1:]:
        key, sep, value = piece.strip().partition("=")
        if sep and key.strip().lower() == name:
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] == '"':
                value = value[1:-1]
            return value
    return None


def parse(body: bytes, content_type: str) -> list[Part]:
    boundary = header_param(content_type, "boundary")
    if not boundary or len(boundary) > 200:
        raise BadRequest(_("A multipart/mixed request needs a boundary parameter in its "
                           "Content-Type header."))
    delimiter = b"--" + boundary.encode("latin-1")
    newline = b"\r\n" if b"\r\n" + delimiter in body or body.startswith(delimiter + b"\r\n") \
        else b"\n"
    start = 0 if body.startswith(delimiter) else body.find(newline + delimiter)
    if start < 0:
        raise BadRequest(_("The multipart body does not contain its boundary."))
    if start > 0:
        start += len(newline)
    parts: list[Part] = []
    position = start + len(delimiter)
    separator = newline + delimiter
    while True:
        if body[position:position + 2] == b"--":
            return parts
        line_end = body.find(newline, position)
        if line_end < 0:
            raise BadRequest(_("The multipart body ends before its closing boundary."))
        following = body.find(separator, line_end)
        if following < 0:
            raise BadRequest(_("The multipart body ends before its closing boundary."))
        parts.append(_part(body[line_end + len(newline):following], newline))
        position = following + len(separator)


def _part(chunk: bytes, newline: bytes) -> Part:
    head, sep, body = chunk.partition(newline + newline)
    if not sep:
        if chunk.startswith(newline):
            return Part({}, chunk[len(newline):])
        raise BadRequest(_("A part of the multipart body has no blank line after its headers."))
    headers: dict[str, str] = {}
    for line in head.split(newline):
        name, colon, value = line.decode("latin-1").partition(":")
        if not colon:
            raise BadRequest(_("A part header is not of the form Name: value."))
        headers[name.strip().lower()] = value.strip()
    return Part(headers, body)


def digest(data: bytes, like: str) -> str:
    """The hex SHA-2 digest of `data`, of the same size as the hash `like`."""
    return _HASHES.get(len(like), hashlib.sha256)(data).hexdigest()


def build(first: bytes, attachments: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    """A multipart/mixed body: the JSON, then (content type, sha2, data) parts."""
    boundary = "xapi-" + secrets.token_hex(16)
    delimiter = f"--{boundary}".encode()
    chunks = [delimiter, b"\r\nContent-Type: application/json\r\n\r\n", first]
    for content_type, sha2, data in attachments:
        chunks += [
            b"\r\n", delimiter,
            f"\r\nContent-Type: {content_type}\r\nContent-Transfer-Encoding: binary\r\n"
            f"X-Experience-API-Hash: {sha2}\r\n\r\n".encode("latin-1"),
            data,
        ]
    chunks += [b"\r\n", delimiter, b"--\r\n"]
    return b"".join(chunks), boundary
