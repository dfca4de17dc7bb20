"""Storing statements: validation, the LRS's own properties, voiding, lookup keys, attachments
and canonical definitions, all or nothing for a batch.

`statements_store` is the one write path for PUT and POST /statements. A batch is validated in
full before anything is written, then written in one transaction with a handful of queries
whatever its size. When no statement of the batch refers to another (the usual case), its
statements, their keys and the lookup of earlier statements referring to them are one query
(`store_sql.insert_with_keys`); otherwise the statements go in first and their keys after,
once the keys of their targets are known. Then the definitions (only those this process has
not seen as they are), and on commit the journeys hand-off.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learnwork.xapi import attachments, definitions, formats, journey_sync, keys, multipart
from learnwork.xapi.canonical import as_list, comparable, dumps, loads_strict
from learnwork.xapi.errors import BadRequest, PermissionDenied, StatementConflict
from learnwork.xapi.models import Document, Statement, StatementKey
from learnwork.xapi.store_sql import (
    Referrer,
    StatementRow,
    insert_keys,
    insert_statements,
    insert_with_keys,
)
from learnwork.xapi.validation import VOIDED, validate_statement

if TYPE_CHECKING:
    from learnwork.providers.auth import LrsPrincipal


@dataclass
class _New:
    statement: dict[str, Any]
    statement_id: uuid.UUID
    keys: set[int]
    object_ref: uuid.UUID | None
    voiding: bool
    hashes: list[str]
    stored: datetime


def statements_store(*, principal: LrsPrincipal, statements: list[Any], version: str,
                     parts: Sequence[multipart.Part] = (), statement_id: str | None = None,
                     single: bool = False) -> list[str]:
    """Store a batch (POST) or one statement (PUT, with `statement_id`); the ids in order.

    A statement whose id is already stored is accepted again when it is the same statement
    (xAPI's immutability rules decide "same") and changes nothing; a different one with that
    id is a 409 for the whole request.
    """
    if not principal.allows("statements/write"):
        raise PermissionDenied(_("This credential may not store statements (it lacks the "
                                 "statements/write scope)."))
    if not statements:
        raise BadRequest(_("The request holds no statement: send one statement or a "
                           "non-empty array."))
    paths = ["statement"] if single else [f"statements[{i}]" for i in range(len(statements))]
    for statement, path in zip(statements, paths, strict=True):
        validate_statement(statement, version=version, path=path)
    if statement_id is not None:
        given = statements[0].get("id")
        if given is not None and given.lower() != statement_id.lower():
            raise BadRequest(_("The statement's id %(id)s differs from the statementId "
                               "parameter %(param)s.") % {"id": given, "param": statement_id})
        if given is None:
            statements[0]["id"] = statement_id
    seen: set[str] = set()
    for statement, path in zip(statements, paths, strict=True):
        if "id" in statement:
            lowered = statement["id"].lower()
            if lowered in seen:
                raise BadRequest(_("%(path)s: the id %(id)s is used by two statements of this "
                                   "batch.") % {"path": path, "id": statement["id"]})
            seen.add(lowered)
    payloads = attachments.match_parts(list(zip(paths, statements, strict=True)), parts)
    stored = timezone.now()
    prepared = [_prepare(s, principal, version, stored, payloads) for s in statements]
    try:
        _write(prepared, principal, payloads)
    except IntegrityError:
        # Another request stored one of these ids in the meantime: compare with it now.
        _write(prepared, principal, payloads)
    return [str(n.statement_id) for n in prepared]


@transaction.atomic
def _write(prepared: list[_New], principal: LrsPrincipal,
           payloads: dict[str, multipart.Part]) -> None:
    provider = principal.provider_id
    rows: list[StatementRow] = [
        (n.statement_id, provider, principal.credential_id, n.stored, False, n.voiding,
         n.object_ref, " ".join(n.hashes), dumps(n.statement)) for n in prepared
    ]
    referrers: list[Referrer] | None = None
    if any(n.object_ref is not None for n in prepared):
        # A statement referring to another takes its target's keys, known only once we know
        # which of the batch are new: the statements first, their keys in _link.
        seqs = insert_statements(rows)
    else:
        seqs, referrers = insert_with_keys(rows, [n.keys for n in prepared],
                                           provider_id=provider)
    # An id already stored was skipped, and is compared below (rarely needed).
    fresh = [n for n in prepared if n.statement_id in seqs]
    _check_repeats([n for n in prepared if n.statement_id not in seqs])
    if fresh:
        _link(fresh, seqs, principal, payloads, prepared, referrers)
    if principal.allows("define"):
        definitions.update(provider_id=provider,
                           definitions=definitions.carried([n.statement for n in fresh]))
    new_ids = [str(n.statement_id) for n in fresh]
    if new_ids:
        transaction.on_commit(lambda: journey_sync.statements_stored(new_ids,
                                                                     provider_id=provider))


def _prepare(statement: dict[str, Any], principal: LrsPrincipal, version: str,
             stored: datetime, payloads: dict[str, multipart.Part]) -> _New:
    """Set what the LRS sets: id, stored, authority, version, timestamp; context activities
    as arrays; 2.0 timestamps in UTC."""
    statement_id = uuid.UUID(statement["id"]) if "id" in statement else uuid.uuid4()
    statement["id"] = statement.get("id") or str(statement_id)
    stamp = formats.format_timestamp(stored)
    statement["stored"] = stamp
    statement["authority"] = principal.authority
    statement.setdefault("version", "1.0.0" if version == "1.0.3" else "2.0.0")
    _normalise(statement, version, stamp)
    obj = statement["object"]
    if obj.get("objectType") == "SubStatement":
        _normalise(obj, version, None)
    hashes = sorted({item["sha2"].lower() for item in _attachment_items(statement)
                     if item["sha2"].lower() in payloads})
    is_ref = obj.get("objectType") == "StatementRef"
    return _New(
        statement=statement, statement_id=statement_id,
        keys=keys.statement_keys(principal.provider_id, statement),
        object_ref=uuid.UUID(obj["id"]) if is_ref else None,
        voiding=statement["verb"]["id"] == VOIDED, hashes=hashes, stored=stored,
    )


def _normalise(statement: dict[str, Any], version: str, default_timestamp: str | None) -> None:
    if "timestamp" in statement:
        if version == "2.0.0" and not statement["timestamp"].endswith(("Z", "z")):
            moment = formats.parse_timestamp(statement["timestamp"])
            statement["timestamp"] = formats.format_timestamp(moment)  # type: ignore[arg-type]
    elif default_timestamp is not None:
        statement["timestamp"] = default_timestamp
    context = statement.get("context")
    if context and "contextActivities" in context:
        context["contextActivities"] = {k: as_list(v)
                                        for k, v in context["contextActivities"].items()}


def _attachment_items(statement: dict[str, Any]) -> list[dict[str, Any]]:
    items = list(statement.get("attachments", ()))
    if statement["object"].get("objectType") == "SubStatement":
        items += statement["object"].get("attachments", ())
    return items


def _check_repeats(repeats: list[_New]) -> None:
    """An id already stored is fine for the same statement (nothing changes), a 409 for a
    different one."""
    if not repeats:
        return
    existing = dict(Statement.objects.filter(statement_id__in=[n.statement_id for n in repeats])
                    .values_list("statement_id", "data"))
    for new in repeats:
        if comparable(loads_strict(existing[new.statement_id])) != comparable(new.statement):
            raise StatementConflict(_("A different statement with the id %(id)s is already "
                                      "stored; statements cannot be changed, only voided.")
                                    % {"id": new.statement_id})


def _link(fresh: list[_New], seqs: dict[uuid.UUID, int], principal: LrsPrincipal,
          payloads: dict[str, multipart.Part], prepared: list[_New],
          referrers_found: list[Referrer] | None) -> None:
    """Everything around the new rows: attachment content, voiding, lookup keys (their own
    and through StatementRefs, both ways). `referrers_found` is given when the new rows'
    own keys are already stored (insert_with_keys), with the earlier statements referring
    to any of the batch."""
    provider = principal.provider_id
    declared = {item["sha2"].lower(): item["contentType"]
                for n in prepared for item in _attachment_items(n.statement)}
    attachments.store({sha: part for sha, part in payloads.items()
                       if any(sha in n.hashes for n in fresh)}, declared)
    by_id = {n.statement_id: n for n in fresh}
    new_seqs = set(seqs.values())
    # Statements stored earlier that point at the new ones: voiding ones, and others whose
    # filters must now match through their target.
    if referrers_found is None:
        referrers = [row for row in Statement.objects
                     .filter(provider_id=provider, object_ref__in=list(by_id))
                     .values_list("seq", "stored", "statement_id", "object_ref", "voiding")
                     if row[0] not in new_seqs and row[3] is not None]
        _keys_through_targets(fresh, by_id, provider)
        insert_keys([(key, n.stored, seqs[n.statement_id]) for n in fresh for key in n.keys])
    else:
        referrers = [row for row in referrers_found if row[3] in by_id]
    targets = {n.object_ref for n in fresh if n.voiding and n.object_ref is not None}
    targets |= {row[3] for row in referrers if row[4] and row[3] is not None}
    if targets:
        Statement.objects.filter(provider_id=provider, statement_id__in=list(targets),
                                 voiding=False).update(voided=True)
    _keys_to_referrers(referrers, by_id, provider)


def _keys_through_targets(fresh: list[_New], by_id: dict[uuid.UUID, _New],
                          provider: int) -> None:
    """A statement whose object is a StatementRef matches every filter its target matches
    (recursively), so it takes the target's keys too."""
    refs = {n.object_ref for n in fresh if n.object_ref and n.object_ref not in by_id}
    stored_keys: dict[uuid.UUID, set[int]] = {}
    if refs:
        for statement_id, key in StatementKey.objects.filter(
                statement__provider_id=provider, statement__statement_id__in=list(refs)
        ).values_list("statement__statement_id", "key"):
            stored_keys.setdefault(statement_id, set()).add(key)
    for _round in range(len(fresh)):
        grown = False
        for new in fresh:
            if new.object_ref is None:
                continue
            target = by_id.get(new.object_ref)
            extra = target.keys if target is not None else stored_keys.get(new.object_ref, set())
            if not extra <= new.keys:
                new.keys |= extra
                grown = True
        if not grown:
            break


def _keys_to_referrers(referrers: list[tuple[int, datetime, uuid.UUID, uuid.UUID | None, bool]],
                       by_id: dict[uuid.UUID, _New], provider: int) -> None:
    """Statements stored before their target arrived: give them (and whatever refers to
    them, up the chain) the new target's keys."""
    frontier = [(seq, stored, sid, by_id[ref].keys)
                for seq, stored, sid, ref, _voiding in referrers if ref is not None]
    visited: set[int] = set()
    while frontier:
        insert_keys([(key, stored, seq) for seq, stored, _sid, extra in frontier
                     if seq not in visited for key in extra], ignore_conflicts=True)
        visited.update(seq for seq, _stored, _sid, _extra in frontier)
        extra_by_id = {sid: extra for _seq, _stored, sid, extra in frontier}
        frontier = [(seq, stored, sid, extra_by_id[ref]) for seq, stored, sid, ref in
                    Statement.objects.filter(provider_id=provider,
                                             object_ref__in=list(extra_by_id))
                    .values_list("seq", "stored", "statement_id", "object_ref")
                    if seq not in visited and ref]


@transaction.atomic
def provider_data_delete(*, provider_id: int) -> int:
    """Delete everything the store holds for a provider; the number of statements removed."""
    seqs = Statement.objects.filter(provider_id=provider_id).values("seq")
    StatementKey.objects.filter(statement_id__in=seqs).delete()
    count, _detail = Statement.objects.filter(provider_id=provider_id).delete()
    Document.objects.filter(provider_id=provider_id).delete()
    definitions.ActivityDefinition.objects.filter(provider_id=provider_id).delete()
    return count

