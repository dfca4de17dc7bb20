"""Canonical activity definitions: what `GET /activities` and `format=canonical` return.

A provider whose credential holds the `define` scope updates the definitions of the activities
its statements carry: language maps are merged language by language (the newest text wins),
everything else is replaced by the newest value. Without `define`, statements are stored and
the canonical definitions stay as they were (xAPI 1.0.3, Communication 4.2 OAuth scopes).
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import transaction
from django.utils import timezone

from learnwork.xapi.canonical import as_list
from learnwork.xapi.models import ActivityDefinition

_LANGUAGE_MAPS = ("name", "description")
# What this process last committed or read for (provider, activity hash): a definition
# repeating a known one (the usual case) costs no lookup, and a batch of only such costs no
# query. Another process's later change is picked up at the next definition that differs;
# the cache is dropped whole when it fills.
_KNOWN: dict[tuple[int, str], dict[str, Any]] = {}
_KNOWN_MAX = 50_000


def activity_hash(iri: str) -> str:
    return hashlib.sha256(iri.encode()).hexdigest()


def merge(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    out = dict(old)
    for key, value in new.items():
        if key in _LANGUAGE_MAPS and isinstance(out.get(key), dict):
            out[key] = {**out[key], **value}
        else:
            out[key] = value
    return out


def carried(statements: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each activity id with the definition the statements give it, merged in order."""
    found: dict[str, dict[str, Any]] = {}

    def take(activity: dict[str, Any]) -> None:
        definition = activity.get("definition")
        if definition:
            found[activity["id"]] = merge(found.get(activity["id"], {}), definition)

    def walk(statement: dict[str, Any]) -> None:
        obj = statement["object"]
        kind = obj.get("objectType", "Activity")
        if kind == "Activity":
            take(obj)
        elif kind == "SubStatement":
            walk(obj)
        for value in statement.get("context", {}).get("contextActivities", {}).values():
            for activity in as_list(value):
                take(activity)

    for statement in statements:
        walk(statement)
    return found


def update(*, provider_id: int, definitions: dict[str, dict[str, Any]]) -> None:
    """Merge into the stored definitions; writes only the ones that change."""
    if not definitions:
        return
    # Only the definitions this process has not seen as they now stand are looked up.
    wanted = {digest: iri for digest, iri in ((activity_hash(iri), iri) for iri in definitions)
              if not _unchanged(_KNOWN.get((provider_id, digest)), definitions[iri])}
    if not wanted:
        return
    stored: dict[str, dict[str, Any]] = dict(
        ActivityDefinition.objects.filter(provider_id=provider_id,
                                          activity_hash__in=list(wanted))
        .values_list("activity_hash", "definition"))
    now = timezone.now()
    changed = []
    for digest, iri in wanted.items():
        old = stored.get(digest)
        merged = merge(old or {}, definitions[iri])
        if old is None or merged != old:
            changed.append(ActivityDefinition(provider_id=provider_id, activity_hash=digest,
                                              activity_iri=iri, definition=merged, updated=now))
    if changed:
        ActivityDefinition.objects.bulk_create(
            changed, update_conflicts=True, unique_fields=["provider_id", "activity_hash"],
            update_fields=["definition", "updated"],
        )
    latest = {**stored, **{row.activity_hash: row.definition for row in changed}}
    transaction.on_commit(lambda: _remember(provider_id, latest))


def _unchanged(known: dict[str, Any] | None, new: dict[str, Any]) -> bool:
    return known is not None and merge(known, new) == known


def _remember(provider_id: int, latest: dict[str, dict[str, Any]]) -> None:
    if len(_KNOWN) + len(latest) > _KNOWN_MAX:
        _KNOWN.clear()
    _KNOWN.update({(provider_id, digest): definition for digest, definition in latest.items()})


def forget_cached() -> None:
    _KNOWN.clear()


def canonical(*, provider_id: int, iris: set[str]) -> dict[str, dict[str, Any]]:
    if not iris:
        return {}
    hashes = [activity_hash(iri) for iri in iris]
    return dict(ActivityDefinition.objects.filter(provider_id=provider_id,
                                                  activity_hash__in=hashes)
                .values_list("activity_iri", "definition"))
