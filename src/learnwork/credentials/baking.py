"""Badge baking: an assertion or credential carried inside a PNG or SVG image (pure).

Open Badges 2.0 (https://www.imsglobal.org/spec/ob/v2p0/baking/) puts the assertion JSON, its
URL or its JWS signature in a PNG `iTXt` chunk with keyword `openbadges` (Open Badges 1.0 used a
`tEXt` chunk holding the URL), or in an SVG `<openbadges:assertion verify="...">` element.
Open Badges 3.0 (spec §5.3) uses the `openbadgecredential` keyword and an
`<openbadges:credential>` element in the namespace https://purl.imsglobal.org/ob/v3p0, holding
the credential JSON in CDATA, or a VC-JWT in its `verify` attribute.

Reading is defensive: chunks are walked by their declared lengths with a bound on how many,
compressed text is inflated only up to the JSON limit, and SVG is parsed with defusedxml (no
entities, no external references).
"""

from __future__ import annotations

import json
import re
import struct
import zlib
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import ParseError
from xml.sax.saxutils import quoteattr

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET
from django.utils.translation import gettext as _

from .badge_errors import NotABadge, UnreadableInput
from .limits import MAX_JSON_BYTES, MAX_UPLOAD_BYTES, check_size

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
OB2_KEYWORD = "openbadges"
OB3_KEYWORD = "openbadgecredential"
KEYWORDS = (OB2_KEYWORD, OB3_KEYWORD)
MAX_CHUNKS = 5000

SVG_NS = "http://www.w3.org/2000/svg"
OB2_NS = "http://openbadges.org"
OB3_NS = "https://purl.imsglobal.org/ob/v3p0"
# Seen in the wild: the 3.0 namespace spelled like its context URL.
OB_NAMESPACES = {OB2_NS, OB3_NS, "https://purl.imsglobal.org/spec/ob/v3p0"}

_JWS = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$")


def looks_like_jws(text: str) -> bool:
    return bool(_JWS.match(text.strip()))


# PNG ------------------------------------------------------------------------------------------

def _chunks(data: bytes) -> Iterator[tuple[bytes, bytes, int, int]]:
    """(type, payload, start, end) of each chunk, up to IEND."""
    if not data.startswith(PNG_SIGNATURE):
        raise UnreadableInput(_("That file is not a PNG image."))
    pos = len(PNG_SIGNATURE)
    for _count in range(MAX_CHUNKS):
        if pos + 8 > len(data):
            raise UnreadableInput(_("The PNG file is cut short."))
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        end = pos + 12 + length
        if end > len(data):
            raise UnreadableInput(_("The PNG file is cut short."))
        yield kind, data[pos + 8:pos + 8 + length], pos, end
        if kind == b"IEND":
            return
        pos = end
    raise UnreadableInput(_("The PNG file has too many parts to be a badge."))


def _inflate(blob: bytes) -> bytes:
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(blob, MAX_JSON_BYTES + 1)
    except zlib.error as exc:
        raise UnreadableInput(_("The badge text in the PNG is damaged.")) from exc
    if len(out) > MAX_JSON_BYTES or inflater.unconsumed_tail:
        raise UnreadableInput(_("The badge text in the PNG is too large to be a badge."))
    return out


def _text_chunk(kind: bytes, payload: bytes) -> tuple[str, str] | None:
    """(keyword, text) of a tEXt, zTXt or iTXt chunk; None for any other chunk."""
    if kind not in (b"tEXt", b"zTXt", b"iTXt"):
        return None
    keyword, sep, rest = payload.partition(b"\0")
    if not sep:
        return None
    name = keyword.decode("latin-1")
    if name not in KEYWORDS:
        return name, ""
    try:
        if kind == b"tEXt":
            return name, rest.decode("latin-1")
        if kind == b"zTXt":
            return name, _inflate(rest[1:]).decode("latin-1")
        compressed, rest = rest[:1] == b"\1", rest[2:]
        _lang, _sep, rest = rest.partition(b"\0")
        _translated, _sep, text = rest.partition(b"\0")
        return name, (_inflate(text) if compressed else text).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableInput(_("The badge text in the PNG is not UTF-8.")) from exc


def unbake_png(data: bytes) -> str:
    """The assertion (JSON, URL or JWS) or credential (JSON or JWT) baked into a PNG."""
    check_size(data, limit=MAX_UPLOAD_BYTES, what=_("The file"))
    for kind, payload, _start, _end in _chunks(data):
        found = _text_chunk(kind, payload)
        if found and found[0] in KEYWORDS:
            text = found[1].strip()
            if not text:
                break
            check_size(text, limit=MAX_JSON_BYTES, what=_("The badge baked into the PNG"))
            return text
    raise NotABadge(_("This PNG image has no Open Badge baked into it. Download the badge "
                      "image from its issuer or backpack, or paste its address instead."))


def _chunk(kind: bytes, payload: bytes) -> bytes:
    return (struct.pack(">I", len(payload)) + kind + payload
            + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF))


def _payload_text(payload: dict[str, Any] | str) -> str:
    return payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)


def bake_png(png: bytes, payload: dict[str, Any] | str, *, keyword: str = OB2_KEYWORD) -> bytes:
    """`png` with `payload` in an uncompressed iTXt chunk right after IHDR (any old one goes)."""
    if keyword not in KEYWORDS:
        raise ValueError(f"keyword must be one of {KEYWORDS}")
    text = _payload_text(payload).encode("utf-8")
    chunk = _chunk(b"iTXt", keyword.encode("latin-1") + b"\0\0\0\0\0" + text)
    out = [PNG_SIGNATURE]
    for kind, body, start, end in _chunks(png):
        found = _text_chunk(kind, body)
        if found and found[0] in KEYWORDS:
            continue
        out.append(png[start:end])
        if kind == b"IHDR":
            out.append(chunk)
    return b"".join(out)


# SVG ------------------------------------------------------------------------------------------

def _parse_svg(data: bytes) -> Any:
    try:
        root = SafeET.fromstring(data)
    except DefusedXmlException as exc:
        raise UnreadableInput(_("The SVG uses XML entities or external references, which are "
                                "not allowed in a badge.")) from exc
    except (ParseError, ValueError) as exc:
        raise UnreadableInput(_("That file is not a well-formed SVG image.")) from exc
    if _split(root.tag) != (SVG_NS, "svg"):
        raise UnreadableInput(_("That file is XML, but not an SVG image."))
    return root


def _split(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        ns, _sep, local = tag[1:].partition("}")
        return ns, local
    return "", tag


def unbake_svg(data: bytes) -> str:
    """The assertion (JSON, URL or JWS) or credential (JSON or JWT) baked into an SVG."""
    check_size(data, limit=MAX_UPLOAD_BYTES, what=_("The file"))
    root = _parse_svg(data)
    for element in root.iter():
        ns, local = _split(element.tag)
        if ns not in OB_NAMESPACES or local not in ("assertion", "credential"):
            continue
        verify = (element.get("verify") or "").strip()
        body = (element.text or "").strip()
        # A signature in `verify` carries the assertion itself; otherwise the JSON in the body
        # is the fullest copy, and a bare `verify` URL points at the hosted assertion.
        if verify and looks_like_jws(verify):
            text = verify
        else:
            text = body or verify
        if text:
            check_size(text, limit=MAX_JSON_BYTES, what=_("The badge baked into the SVG"))
            return text
        break
    raise NotABadge(_("This SVG image has no Open Badge baked into it. Download the badge "
                      "image from its issuer or backpack, or paste its address instead."))


_SVG_OPEN = re.compile(r"<svg\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*?(/?)>")
_OLD_ELEMENT = re.compile(
    r"<openbadges:(?:credential|assertion)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*?"
    r"(?:/>|>.*?</openbadges:(?:credential|assertion)>)", re.DOTALL)
_OLD_XMLNS = re.compile(r"\s+xmlns:openbadges\s*=\s*(?:\"[^\"]*\"|'[^']*')")


def _root_open_tag(text: str) -> re.Match[str]:
    pos = 0
    while True:
        match = _SVG_OPEN.search(text, pos)
        comment = text.find("<!--", pos)
        if match is None:
            raise UnreadableInput(_("That file is not a well-formed SVG image."))
        if comment == -1 or comment > match.start():
            return match
        close = text.find("-->", comment + 4)
        if close == -1:
            raise UnreadableInput(_("That file is not a well-formed SVG image."))
        pos = close + 3


def bake_svg(svg: bytes, credential: dict[str, Any] | str) -> bytes:
    """`svg` with an Open Badges 3.0 credential baked in (spec §5.3.2.1), replacing any old one.

    The image is edited as text so everything else stays byte-for-byte as it was.
    """
    _parse_svg(svg)
    try:
        text = svg.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableInput(_("The SVG is not UTF-8 text.")) from exc
    text = _OLD_ELEMENT.sub("", text)
    match = _root_open_tag(text)
    open_tag = _OLD_XMLNS.sub("", match.group(0))
    self_closing = bool(match.group(1))
    open_tag = open_tag[:-2 if self_closing else -1].rstrip() + f' xmlns:openbadges="{OB3_NS}">'
    if isinstance(credential, str) and looks_like_jws(credential):
        element = (f"<openbadges:credential verify={quoteattr(credential.strip())}>"
                   "</openbadges:credential>")
    else:
        body = _payload_text(credential).replace("]]>", "]]]]><![CDATA[>")
        element = f"<openbadges:credential><![CDATA[{body}]]></openbadges:credential>"
    tail = "</svg>" if self_closing else ""
    baked = text[:match.start()] + open_tag + element + tail + text[match.end():]
    return baked.encode("utf-8")
