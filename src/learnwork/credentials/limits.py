"""Limits on what a person (or a badge's server) may hand us: pure, no database, no network.

Every refusal is a DomainError whose detail a person can act on, so a hostile file becomes a
clear 4xx and never a crash: JSON is size- and depth-checked before it is parsed (CPython's
parser recurses, so 10,000 nested brackets would otherwise raise RecursionError), and images
are sized up before a single pixel is decoded.
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import re
import warnings
from typing import Any

from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from learnwork.core.errors import PayloadTooLarge

from .badge_errors import UnreadableInput

KB = 1024
MAX_JSON_BYTES = 512 * KB
MAX_JSON_DEPTH = 64
MAX_UPLOAD_BYTES = 2 * KB * KB
MAX_IMAGE_BYTES = 2 * KB * KB
MAX_IMAGE_PIXELS = 25_000_000
BADGE_IMAGE_SIZE = 512
IMAGE_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}

_JSON_TOKENS = re.compile(r'["\\\[\]{}]')


def size_label(n: int) -> str:
    return f"{n // (KB * KB)} MB" if n >= KB * KB else f"{n // KB} KB"


def check_size(data: bytes | str, *, limit: int, what: str) -> None:
    if len(data) > limit:
        raise PayloadTooLarge(
            _("%(what)s is larger than %(limit)s; a real badge is much smaller.")
            % {"what": what, "limit": size_label(limit)}
        )


def depth_exceeds(text: str, limit: int) -> bool:
    """Whether JSON `text` nests arrays/objects deeper than `limit` (strings are skipped)."""
    depth = 0
    in_string = False
    escaped_at = -1
    for match in _JSON_TOKENS.finditer(text):
        pos = match.start()
        if pos == escaped_at:
            continue
        char = match.group()
        if in_string:
            if char == "\\":
                escaped_at = pos + 1
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


def _no_constants(name: str) -> Any:
    raise ValueError(_("%(name)s is not allowed in JSON") % {"name": name})


def decode_text(data: bytes | str, *, what: str) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableInput(
            _("%(what)s is not UTF-8 text.") % {"what": what}
        ) from exc


def parse_json(data: bytes | str, *, what: str | None = None, max_bytes: int = MAX_JSON_BYTES,
               max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Parse JSON within size and depth limits, or raise an error that says what is wrong."""
    what = what or _("The JSON")
    check_size(data, limit=max_bytes, what=what)
    text = decode_text(data, what=what)
    if depth_exceeds(text, max_depth):
        raise UnreadableInput(
            _("%(what)s is nested more than %(depth)d levels deep; a real badge is much "
              "flatter.") % {"what": what, "depth": max_depth}
        )
    try:
        return json.loads(text, parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        raise UnreadableInput(
            _("%(what)s is not valid JSON: %(problem)s at line %(line)d, column %(col)d.")
            % {"what": what, "problem": exc.msg, "line": exc.lineno, "col": exc.colno}
        ) from exc
    except (ValueError, RecursionError) as exc:  # 5,000-digit numbers, NaN
        raise UnreadableInput(
            _("%(what)s is not valid JSON: %(problem)s.") % {"what": what, "problem": exc}
        ) from exc


def sniff(data: bytes) -> str | None:
    """The kind of file by its first bytes (never by its name or declared type)."""
    head = data[:512]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"<") and b"<svg" in data[:64 * KB]:
        return "svg"
    if text.startswith((b"{", b"[")):
        return "json"
    if text.startswith(b"eyJ"):
        return "jwt"
    return None


def badge_png(data: bytes) -> bytes:
    """Re-encode an image as a PNG of at most 512x512, refusing bombs before decoding.

    What is stored and served is only these pixels: never the uploaded bytes (which may carry
    scripts in an SVG, or anything at all behind an image's first bytes).
    """
    check_size(data, limit=MAX_IMAGE_BYTES, what=_("The badge image"))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in IMAGE_FORMATS:
                    raise UnreadableInput(_("The badge image is not a PNG, JPEG, GIF or WebP."))
                width, height = probe.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise UnreadableInput(
                        _("The badge image claims %(w)d×%(h)d pixels, too many to open safely.")
                        % {"w": width, "h": height}
                    )
                probe.seek(0)
                image = probe.convert("RGBA")
    except UnreadableInput:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UnreadableInput(_("The badge image claims far too many pixels to open safely."))\
            from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise UnreadableInput(_("The badge image could not be read as an image.")) from exc
    image.thumbnail((BADGE_IMAGE_SIZE, BADGE_IMAGE_SIZE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _b64url(part: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
    except (binascii.Error, ValueError) as exc:
        raise UnreadableInput(_("The signed text (JWT) is damaged: a part is not base64url."))\
            from exc


def jws_parts(token: str) -> tuple[dict[str, Any], Any]:
    """The header and payload of a compact JWS, parsed within the JSON limits (not verified)."""
    check_size(token, limit=MAX_JSON_BYTES * 2, what=_("The signed text (JWT)"))
    pieces = token.strip().split(".")
    if len(pieces) != 3:
        raise UnreadableInput(_("The signed text (JWT) should have three parts separated by "
                                "dots."))
    header = parse_json(_b64url(pieces[0]), what=_("The JWT header"), max_bytes=16 * KB)
    if not isinstance(header, dict):
        raise UnreadableInput(_("The JWT header is not a JSON object."))
    payload = parse_json(_b64url(pieces[1]), what=_("The JWT payload"))
    return header, payload
