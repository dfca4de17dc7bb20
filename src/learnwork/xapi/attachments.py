"""Attachments: matching the parts of a multipart request to the statements' attachment
objects, checking signatures, and keeping the content through Django's storage API.

Content is stored once per SHA-2 hash under `xapi/attachments/`, whatever statement or
provider sent it: the hash is checked against the bytes, so two senders of one hash sent the
same bytes, and a reader only reaches content through statements they may read. A file saved
for a request that then fails stays behind unreferenced; the next upload of the same content
reuses it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from learnwork.xapi import multipart, signatures
from learnwork.xapi.errors import BadRequest, StatementInvalid
from learnwork.xapi.models import Attachment
from learnwork.xapi.validation import SIGNATURE_USAGE


def _attachment_objects(statement: dict[str, Any], path: str
                        ) -> Iterator[tuple[str, dict[str, Any]]]:
    for index, item in enumerate(statement.get("attachments", ())):
        yield f"{path}.attachments[{index}]", item
    obj = statement["object"]
    if obj.get("objectType") == "SubStatement":
        for index, item in enumerate(obj.get("attachments", ())):
            yield f"{path}.object.attachments[{index}]", item


def match_parts(statements: list[tuple[str, dict[str, Any]]],
                parts: Sequence[multipart.Part]) -> dict[str, multipart.Part]:
    """The attachment parts by lower-case hash, after checking every rule xAPI sets: each part
    names its hash and matches it, every attachment without a fileUrl has its part, every
    part belongs to an attachment, lengths and content types agree, signatures hold."""
    by_hash: dict[str, multipart.Part] = {}
    for number, part in enumerate(parts, start=2):
        sha2 = part.headers.get("x-experience-api-hash", "").strip().lower()
        if not sha2:
            raise BadRequest(_("Part %(n)d of the multipart body has no X-Experience-API-Hash "
                               "header.") % {"n": number})
        encoding = part.headers.get("content-transfer-encoding", "binary").strip().lower()
        if encoding != "binary":
            raise BadRequest(_("Part %(n)d must use Content-Transfer-Encoding: binary.")
                             % {"n": number})
        if multipart.digest(part.body, sha2) != sha2:
            raise BadRequest(_("The content of part %(n)d does not match its "
                               "X-Experience-API-Hash %(hash)s.") % {"n": number, "hash": sha2})
        by_hash[sha2] = part
    used: set[str] = set()
    for path, statement in statements:
        for item_path, item in _attachment_objects(statement, path):
            sha2 = item["sha2"].lower()
            matched = by_hash.get(sha2)
            if matched is None:
                if "fileUrl" not in item:
                    raise StatementInvalid(f"{item_path}: " + _(
                        "has no fileUrl, so its content must be sent as a part of a "
                        "multipart/mixed request with X-Experience-API-Hash %(hash)s.")
                        % {"hash": sha2})
                continue
            used.add(sha2)
            if item["length"] != len(matched.body):
                raise StatementInvalid(f"{item_path}.length: " + _(
                    "says %(length)d octets but its part holds %(actual)d.")
                    % {"length": item["length"], "actual": len(matched.body)})
            declared = item["contentType"].split(";")[0].strip().lower()
            if matched.content_type and matched.content_type != declared:
                raise StatementInvalid(f"{item_path}.contentType: " + _(
                    "says %(declared)s but its part is %(actual)s.")
                    % {"declared": declared, "actual": matched.content_type})
            if item["usageType"] == SIGNATURE_USAGE:
                signatures.verify(statement, matched.body, path=item_path)
    unused = sorted(set(by_hash) - used)
    if unused:
        raise BadRequest(_("The part with X-Experience-API-Hash %(hash)s belongs to no "
                           "attachment of the statements sent.") % {"hash": unused[0]})
    return by_hash


def store(parts: dict[str, multipart.Part], declared: dict[str, str]) -> None:
    """Keep the content of each part not stored yet (content types from the statements)."""
    if not parts:
        return
    known = set(Attachment.objects.filter(sha2__in=list(parts)).values_list("sha2", flat=True))
    storage = Attachment._meta.get_field("file").storage
    rows = []
    for sha2, part in parts.items():
        if sha2 in known:
            continue
        name = storage.save(f"xapi/attachments/{sha2[:2]}/{sha2}", ContentFile(part.body))
        rows.append(Attachment(sha2=sha2, content_type=declared.get(sha2, part.content_type
                                                                     or "application/octet-stream"),
                               length=len(part.body), file=name))
    Attachment.objects.bulk_create(rows, ignore_conflicts=True)


def load(hashes: list[str]) -> list[tuple[str, str, bytes]]:
    """(content type, sha2, content) for the stored attachments among `hashes`, in order."""
    if not hashes:
        return []
    rows = {a.sha2: a for a in Attachment.objects.filter(sha2__in=hashes)}
    out = []
    for sha2 in hashes:
        row = rows.get(sha2)
        if row is None:
            continue
        with row.file.open("rb") as handle:
            out.append((row.content_type, sha2, handle.read()))
    return out
