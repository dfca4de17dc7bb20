"""The document resources: State, Activity Profile and Agent Profile (xAPI 2.0, 4.1.6.2-6).

Documents are kept per provider: the same state id under the same activity and agent is a
different document for two providers. Writes follow xAPI's optimistic concurrency (2.0, 4.1.4)
on all three resources: If-Match with the document's ETag (or `*`), If-None-Match `*`; a
failed precondition is a 412 and changes nothing; a PUT over an existing document without
either header is a 409 saying how to resolve it. POST merges JSON objects at the top level.
The content lives in the database row (documents are small: at most the request size limit).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learnwork.xapi.errors import (
    BadRequest,
    DocumentConflict,
    PermissionDenied,
    PreconditionFailed,
)
from learnwork.xapi.models import Document

if TYPE_CHECKING:
    from learnwork.providers.auth import LrsPrincipal

JSON = "application/json"
_SCOPE_FOR = {Document.Kind.STATE: "state", Document.Kind.ACTIVITY_PROFILE: "profile",
              Document.Kind.AGENT_PROFILE: "profile"}


@dataclass(frozen=True)
class Address:
    """Where a set of documents lives: the resource, and its activity, agent, registration."""

    kind: int
    activity_iri: str = ""
    agent_key: str = ""
    registration: str | None = None

    def scope(self, provider_id: int) -> str:
        raw = "\x1f".join((str(provider_id), str(self.kind), self.activity_iri, self.agent_key,
                           self.registration or ""))
        return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class Stored:
    content: bytes
    content_type: str
    etag: str
    updated: datetime


def _slot(scope: str, document_id: str) -> str:
    return hashlib.sha256(f"{scope}\x1f{document_id}".encode()).hexdigest()


def _allowed(principal: LrsPrincipal, address: Address) -> None:
    scope = _SCOPE_FOR[Document.Kind(address.kind)]
    if not principal.allows(scope):
        raise PermissionDenied(_("This credential may not use this resource (it lacks the "
                                 "%(scope)s scope).") % {"scope": scope})


def etag_of(content: bytes) -> str:
    return hashlib.sha1(content, usedforsecurity=False).hexdigest()


def _tags(header: str) -> list[str]:
    return [tag.strip() for tag in header.split(",") if tag.strip()]


def check_preconditions(existing: Document | None, if_match: str | None,
                        if_none_match: str | None) -> None:
    """RFC 7232 If-Match (strong comparison) and If-None-Match, as 412s."""
    current = f'"{existing.etag}"' if existing else None
    if if_match is not None:
        tags = _tags(if_match)
        if current is None or ("*" not in tags and current not in tags):
            raise PreconditionFailed()
    if if_none_match is not None:
        tags = _tags(if_none_match)
        if current is not None and ("*" in tags or current in tags
                                    or f"W/{current}" in tags):
            raise PreconditionFailed()


def _locked(provider_id: int, address: Address, document_id: str) -> Document | None:
    slot = _slot(address.scope(provider_id), document_id)
    return Document.objects.select_for_update().filter(slot=slot).first()


@transaction.atomic
def document_put(*, principal: LrsPrincipal, address: Address, document_id: str,
                 content: bytes, content_type: str, if_match: str | None,
                 if_none_match: str | None) -> str:
    """Store the document, replacing any; its new ETag."""
    _allowed(principal, address)
    existing = _locked(principal.provider_id, address, document_id)
    check_preconditions(existing, if_match, if_none_match)
    if existing is not None and if_match is None and if_none_match is None:
        raise DocumentConflict()
    return _save(principal.provider_id, address, document_id, existing, content, content_type)


@transaction.atomic
def document_post(*, principal: LrsPrincipal, address: Address, document_id: str,
                  content: bytes, content_type: str, if_match: str | None,
                  if_none_match: str | None) -> str:
    """Merge a JSON object into the document (or store it when there is none)."""
    _allowed(principal, address)
    existing = _locked(principal.provider_id, address, document_id)
    check_preconditions(existing, if_match, if_none_match)
    posted = _json_object(content) if _is_json(content_type) else None
    if existing is None:
        if _is_json(content_type) and posted is None:
            raise BadRequest(_("A JSON document sent with POST must be a JSON object."))
        return _save(principal.provider_id, address, document_id, None, content, content_type)
    current = _json_object(bytes(existing.content)) if _is_json(existing.content_type) else None
    if posted is None or current is None:
        raise BadRequest(_("POST merges JSON objects: both the stored document and the one "
                           "sent must be JSON objects with the content type application/json. "
                           "Use PUT to replace the document instead."))
    merged = json.dumps({**current, **posted}, separators=(",", ":"),
                        ensure_ascii=False).encode()
    return _save(principal.provider_id, address, document_id, existing, merged, JSON)


def _save(provider_id: int, address: Address, document_id: str, existing: Document | None,
          content: bytes, content_type: str) -> str:
    etag = etag_of(content)
    scope = address.scope(provider_id)
    document = existing or Document(
        provider_id=provider_id, kind=address.kind, scope=scope,
        slot=_slot(scope, document_id), activity_iri=address.activity_iri,
        agent_key=address.agent_key, document_id=document_id,
        registration=address.registration,
    )
    document.content = content
    document.content_type = content_type or "application/octet-stream"
    document.etag = etag
    document.updated = timezone.now()
    document.save()
    return etag


def _is_json(content_type: str) -> bool:
    return content_type.split(";")[0].strip().lower() == JSON


def _json_object(content: bytes) -> dict[str, object] | None:
    try:
        value = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return value if isinstance(value, dict) else None


@transaction.atomic
def document_delete(*, principal: LrsPrincipal, address: Address, document_id: str | None,
                    if_match: str | None = None, if_none_match: str | None = None) -> None:
    """Delete one document, or (State only, without an id) every one under the address."""
    _allowed(principal, address)
    if document_id is None:
        Document.objects.filter(scope=address.scope(principal.provider_id)).delete()
        return
    existing = _locked(principal.provider_id, address, document_id)
    check_preconditions(existing, if_match, if_none_match)
    if existing is not None:
        existing.delete()


def document_get(*, principal: LrsPrincipal, address: Address,
                 document_id: str) -> Stored | None:
    _allowed(principal, address)
    row = Document.objects.filter(slot=_slot(address.scope(principal.provider_id), document_id)
                                  ).values_list("content", "content_type", "etag",
                                                "updated").first()
    if row is None:
        return None
    return Stored(bytes(row[0]), row[1], row[2], row[3])


def document_ids(*, principal: LrsPrincipal, address: Address,
                 since: datetime | None) -> tuple[list[str], datetime | None]:
    """The ids of the documents under the address (changed after `since`), and the latest
    change among them."""
    _allowed(principal, address)
    rows = Document.objects.filter(scope=address.scope(principal.provider_id))
    if since is not None:
        rows = rows.filter(updated__gt=since)
    found = list(rows.order_by("updated", "pk").values_list("document_id", "updated"))
    return [ident for ident, _updated in found], max((u for _i, u in found), default=None)
