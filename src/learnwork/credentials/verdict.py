"""What checking a badge found: the facts to show, and each problem in words (pure).

Open Badges 2.0 (`ob2.py`) and 3.0 (`ob3.py`) verification both fill a `Verdict`; the import
services store it. The first problem found decides the status; every problem is kept in the
detail, so a person sees all that is wrong, most important first.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _

VERIFIED = "verified"
FAILED = "failed"
EXPIRED = "expired"
REVOKED = "revoked"

NAME_MAX = 200
URL_MAX = 500
DESCRIPTION_MAX = 5000

ESCO_SKILL = re.compile(
    r"^https?://data\.europa\.eu/esco/skill/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
    r"[0-9a-fA-F]{4}-[0-9a-fA-F]{12})/?$")


@dataclass
class Verdict:
    spec: str
    # The assertion or credential as received: its JSON, or {"jwt": …} / {"jws": …}.
    raw: dict[str, Any]
    fingerprint: str
    name: str = ""
    description: str = ""
    issuer_name: str = ""
    issuer_url: str = ""
    criteria_url: str = ""
    issued_on: datetime | None = None
    expires: datetime | None = None
    # An http(s) URL or a data: URI of the badge image, when the badge names one.
    image_ref: str = ""
    alignment_urls: list[str] = field(default_factory=list)
    recipient_email: str = ""
    problems: list[tuple[str, str]] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)

    def fail(self, status: str, reason: str) -> None:
        self.problems.append((status, reason))

    def passed(self, what: str) -> None:
        self.checks.append(what)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def status(self) -> str:
        return self.problems[0][0] if self.problems else VERIFIED

    @property
    def detail(self) -> str:
        if self.problems:
            return " ".join(reason for _status, reason in self.problems)
        return " ".join(self.checks)

    def skill_ids(self) -> list[uuid.UUID]:
        """ESCO skill ids from the badge's alignments (whether they exist is checked later)."""
        ids: list[uuid.UUID] = []
        for url in self.alignment_urls:
            match = ESCO_SKILL.match(url.strip())
            if match:
                pk = uuid.UUID(match.group(1))
                if pk not in ids:
                    ids.append(pk)
        return ids


def fingerprint_of(identifier: Any, body: Any) -> str:
    """sha256 of the badge's own id when it has one, else of its canonical JSON."""
    if isinstance(identifier, str) and identifier.strip():
        source = "id:" + identifier.strip()
    else:
        source = "body:" + json.dumps(body, sort_keys=True, separators=(",", ":"),
                                      ensure_ascii=False)
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def text(value: Any, *, limit: int = NAME_MAX, multiline: bool = False) -> str:
    """A remote string made safe to store: control characters dropped, trimmed, cut to size."""
    if isinstance(value, dict):  # JSON-LD language maps and value objects
        value = value.get("@value") or next((v for v in value.values() if isinstance(v, str)), "")
    if not isinstance(value, str):
        return ""
    keep = "\n" if multiline else ""
    cleaned = "".join(ch for ch in value if ch in keep or unicodedata.category(ch) != "Cc")
    cleaned = cleaned.strip() if multiline else " ".join(cleaned.split())
    return cleaned[:limit]


def web_url(value: Any) -> str:
    """An http(s) URL that fits the model, or ""."""
    if isinstance(value, dict):
        value = value.get("id") or value.get("url")
    if not isinstance(value, str):
        return ""
    value = value.strip()
    if len(value) > URL_MAX or not re.match(r"^https?://[^\s/?#]+[^\s]*$", value):
        return ""
    return value


def node_id(value: Any) -> str:
    """The id of a JSON-LD node given inline or by reference."""
    if isinstance(value, dict):
        value = value.get("id") or value.get("@id")
    return value.strip() if isinstance(value, str) else ""


def types_of(node: Any) -> set[str]:
    if not isinstance(node, dict):
        return set()
    kinds = node.get("type", node.get("@type"))
    if isinstance(kinds, str):
        return {kinds}
    return {k for k in kinds if isinstance(k, str)} if isinstance(kinds, list) else set()


def moment(value: Any) -> datetime | None:
    """An aware datetime from ISO 8601 (a date alone is midnight UTC), or a Unix timestamp."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            return datetime.fromtimestamp(value, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str) or len(value) > 64:
        return None
    value = value.strip()
    try:
        parsed = parse_datetime(value)
        if parsed is None:
            day = parse_date(value)
            parsed = datetime.combine(day, time.min) if day else None
    except ValueError:
        return None
    if parsed is None:
        return None
    return parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=UTC)


def day_label(value: datetime | date) -> str:
    """A date as the person reads it, in their time zone and language."""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return date_format(value, "DATE_FORMAT")


def check_dates(verdict: Verdict, *, now: datetime | None = None) -> None:
    now = now or timezone.now()
    if verdict.issued_on and verdict.issued_on > now + timedelta(minutes=10):
        verdict.fail(FAILED, _("The badge says it was issued on %(day)s, which is in the "
                               "future.") % {"day": day_label(verdict.issued_on)})
    if verdict.expires and verdict.expires <= now:
        verdict.fail(EXPIRED, _("This badge expired on %(day)s.")
                     % {"day": day_label(verdict.expires)})
    elif verdict.expires:
        verdict.passed(_("It is valid until %(day)s.") % {"day": day_label(verdict.expires)})
