"""The lookup keys of a statement: one per filter of GET /statements and value it matches.

A key is a signed 64-bit BLAKE2b hash of (provider, kind, value): the provider in it keeps each
provider's records apart in the index itself. A false match needs two of a provider's values
to share 64 bits (about one chance in 10^7 at a billion keys).
"""

from __future__ import annotations

import hashlib
from typing import Any

from learnwork.xapi.canonical import agent_keys, as_list

AGENT = "agent"
RELATED_AGENT = "related_agent"
VERB = "verb"
ACTIVITY = "activity"
RELATED_ACTIVITY = "related_activity"
REGISTRATION = "registration"


def key_hash(provider_id: int, kind: str, value: str) -> int:
    digest = hashlib.blake2b(f"{provider_id}\x1f{kind}\x1f{value}".encode(),
                             digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def statement_values(statement: dict[str, Any]) -> set[tuple[str, str]]:
    """(kind, value) for every filter the statement itself matches (not through a
    StatementRef: the store adds the targeted statement's keys)."""
    values: set[tuple[str, str]] = set()
    for key in agent_keys(statement["actor"]):
        values.add((AGENT, key))
    values.add((VERB, statement["verb"]["id"]))
    obj = statement["object"]
    kind = obj.get("objectType", "Activity")
    if kind == "Activity":
        values.add((ACTIVITY, obj["id"]))
    elif kind in ("Agent", "Group"):
        for key in agent_keys(obj):
            values.add((AGENT, key))
    context = statement.get("context")
    if context and "registration" in context:
        values.add((REGISTRATION, context["registration"].lower()))
    related: set[tuple[str, str]] = set()
    _related(statement, related)
    if "authority" in statement:
        related.update((RELATED_AGENT, key) for key in agent_keys(statement["authority"]))
    values |= related
    # The broad filters include everything the narrow ones match.
    values.update((RELATED_AGENT, v) for k, v in list(values) if k == AGENT)
    values.update((RELATED_ACTIVITY, v) for k, v in list(values) if k == ACTIVITY)
    return values


def _related(statement: dict[str, Any], out: set[tuple[str, str]]) -> None:
    out.update((RELATED_AGENT, key) for key in agent_keys(statement["actor"]))
    obj = statement["object"]
    kind = obj.get("objectType", "Activity")
    if kind == "Activity":
        out.add((RELATED_ACTIVITY, obj["id"]))
    elif kind in ("Agent", "Group"):
        out.update((RELATED_AGENT, key) for key in agent_keys(obj))
    elif kind == "SubStatement":
        _related(obj, out)
    context = statement.get("context")
    if not context:
        return
    for role in ("instructor", "team"):
        if role in context:
            out.update((RELATED_AGENT, key) for key in agent_keys(context[role]))
    for entry in context.get("contextAgents", ()):
        out.update((RELATED_AGENT, key) for key in agent_keys(entry["agent"]))
    for entry in context.get("contextGroups", ()):
        out.update((RELATED_AGENT, key) for key in agent_keys(entry["group"]))
    for value in context.get("contextActivities", {}).values():
        out.update((RELATED_ACTIVITY, activity["id"]) for activity in as_list(value))


def statement_keys(provider_id: int, statement: dict[str, Any]) -> set[int]:
    return {key_hash(provider_id, kind, value) for kind, value in statement_values(statement)}
