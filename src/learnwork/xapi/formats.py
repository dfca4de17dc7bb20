"""The value formats xAPI names: IRIs, UUIDs, language tags, timestamps, durations, versions.

Pure functions over strings, no database, so the validator and the request parsing share them
and they can be tested on their own. Each `is_*` answers yes or no; `parse_timestamp` returns
an aware UTC datetime or None.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation

# RFC 3987: a scheme, a colon, then no spaces, controls or the characters IRIs exclude.
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`\x00-\x1f\x7f]+$")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_MAILTO = re.compile(r"^mailto:[^@\s:/?#<>\"]+@[^@\s/?#<>\"]+\.[^@\s/?#<>\".]+$")
_SHA1 = re.compile(r"^[0-9a-fA-F]{40}$")
_SHA2 = re.compile(r"^(?:[0-9a-fA-F]{56}|[0-9a-fA-F]{64}|[0-9a-fA-F]{96}|[0-9a-fA-F]{128})$")

# RFC 5646 section 2.1: langtag, private use, or one of the grandfathered tags.
_LANGTAG = re.compile(
    r"^(?:"
    r"(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4}|[A-Za-z]{5,8})"  # language (+extlang)
    r"(?:-[A-Za-z]{4})?"  # script
    r"(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"  # region
    r"(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*"  # variants
    r"(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*"  # extensions
    r"(?:-[Xx](?:-[A-Za-z0-9]{1,8})+)?"  # private use
    r"|[Xx](?:-[A-Za-z0-9]{1,8})+"
    r")$"
)
_GRANDFATHERED = frozenset(
    t.lower() for t in (
        "en-GB-oed", "i-ami", "i-bnn", "i-default", "i-enochian", "i-hak", "i-klingon", "i-lux",
        "i-mingo", "i-navajo", "i-pwn", "i-tao", "i-tay", "i-tsu", "sgn-BE-FR", "sgn-BE-NL",
        "sgn-CH-DE",
    )
)

# ISO 8601 date and time, extended or basic, with the space RFC 3339 allows instead of "T".
_TS_EXTENDED = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?"
    r"([Zz]|[+-]\d{2}(?::\d{2})?)?$"
)
_TS_BASIC = re.compile(
    r"^(\d{4})(\d{2})(\d{2})[Tt](\d{2})(\d{2})(?:(\d{2})(?:[.,](\d+))?)?([Zz]|[+-]\d{2}(?:\d{2})?)?$"
)
# ISO 8601:2004 4.4.3.2 durations: PnW alone, or PnYnMnDTnHnMnS with at least one part.
_DURATION = re.compile(
    r"^P(?:(\d+(?:[.,]\d+)?)W|(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)D)?"
    r"(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?)$"
)
_VERSION_10 = re.compile(r"^1\.0(?:\.\d+)?$")
_VERSION_20 = re.compile(r"^2\.0(?:\.\d+)?$")


def is_iri(value: object) -> bool:
    return isinstance(value, str) and _IRI.match(value) is not None


def is_uuid(value: object) -> bool:
    return isinstance(value, str) and _UUID.match(value) is not None


def is_mailto(value: object) -> bool:
    return isinstance(value, str) and _MAILTO.match(value) is not None


def is_sha1(value: object) -> bool:
    return isinstance(value, str) and _SHA1.match(value) is not None


def is_sha2(value: object) -> bool:
    return isinstance(value, str) and _SHA2.match(value) is not None


def is_language_tag(value: object) -> bool:
    if not isinstance(value, str):
        return False
    return _LANGTAG.match(value) is not None or value.lower() in _GRANDFATHERED


def is_duration(value: object) -> bool:
    if not isinstance(value, str):
        return False
    match = _DURATION.match(value)
    if match is None or value in ("P", "PT") or value.endswith("T"):
        return False
    parts = [p for p in match.groups() if p is not None]
    if not parts:
        return False
    # Only the smallest unit given may carry a fraction.
    return all("." not in p and "," not in p for p in parts[:-1])


def duration_centiseconds(value: str) -> str:
    """A duration with its seconds cut to 0.01 s, for comparing statements (2.0, 4.2.7)."""
    upper = value.upper().replace(",", ".")
    if not upper.endswith("S") or "T" not in upper:
        return upper
    body = upper[:-1]
    # Seconds follow the last of T, H or (minutes) M; a months M comes before the T.
    cut = max(body.rfind("T"), body.rfind("H"), body.rfind("M"))
    try:
        cents = (Decimal(body[cut + 1:]) * 100).to_integral_value(rounding="ROUND_DOWN") / 100
    except InvalidOperation:
        return upper
    return f"{body[:cut + 1]}{cents.normalize():f}S"


def parse_timestamp(value: object) -> datetime | None:
    """An ISO 8601 timestamp as an aware UTC datetime; None when it is not one.

    A missing offset is taken as UTC; "-00", "-0000" and "-00:00" ("offset unknown" in
    RFC 3339) are refused, as the conformance suite expects.
    """
    if not isinstance(value, str) or len(value) > 64:
        return None
    match = _TS_EXTENDED.match(value) or _TS_BASIC.match(value)
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    tz = UTC
    if offset and offset not in ("Z", "z"):
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:] or 0)
        if sign < 0 and hours == 0 and minutes == 0:
            return None
        if hours > 23 or minutes > 59:
            return None
        tz = timezone(sign * timedelta(hours=hours, minutes=minutes))
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    try:
        moment = datetime(int(year), int(month), int(day), int(hour), int(minute),
                          int(second or 0), micro, tzinfo=tz)
    except ValueError:
        return None
    return moment.astimezone(UTC)


def format_timestamp(moment: datetime) -> str:
    """UTC, microseconds, "Z": how the LRS writes `stored` and the headers' timestamps."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def is_statement_version(value: object, api_version: str) -> bool:
    """A statement's own `version`: 1.0.x always; 2.0.x too when the request speaks 2.0."""
    if not isinstance(value, str):
        return False
    if _VERSION_10.match(value):
        return True
    return api_version == "2.0.0" and _VERSION_20.match(value) is not None
