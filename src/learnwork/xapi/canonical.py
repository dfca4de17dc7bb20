"""Pure functions over statement JSON: strict parsing, agent identity, statement equivalence,
and the `ids` and `canonical` response formats with Accept-Language filtering.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from learnwork.xapi import formats
from learnwork.xapi.errors import BadRequest

IFI_KEYS = ("mbox", "mbox_sha1sum", "openid", "account")


# --- parsing ---------------------------------------------------------------------------------

def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise BadRequest(_('The property "%(key)s" appears twice in one JSON object.')
                                 % {"key": key[:60]})
            seen.add(key)
    return obj


def _no_constant(name: str) -> Any:
    raise BadRequest(_("%(name)s is not a JSON number.") % {"name": name})


def loads_strict(text: str | bytes, what: str | None = None) -> Any:
    """JSON that xAPI accepts: UTF-8, no property twice in an object, no NaN or Infinity."""
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        value = json.loads(text, object_pairs_hook=_no_repeats, parse_constant=_no_constant)
    except UnicodeDecodeError as exc:
        raise BadRequest(_("%(what)s is not UTF-8 text.")
                         % {"what": what or _("The body")}) from exc
    except json.JSONDecodeError as exc:
        raise BadRequest(_("%(what)s is not valid JSON: %(why)s (line %(line)d, column "
                           "%(column)d).") % {"what": what or _("The body"), "why": exc.msg,
                                              "line": exc.lineno, "column": exc.colno}) from exc
    # PostgreSQL cannot store a NUL character in text; no statement needs one.
    if "\\u0000" in text and _has_nul(value):
        raise BadRequest(_("%(what)s contains a NUL character (\\u0000), which is not allowed.")
                         % {"what": what or _("The body")})
    return value


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


def dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


# --- agents ----------------------------------------------------------------------------------

def agent_key(agent: dict[str, Any]) -> str | None:
    """The agent's inverse functional identifier as one string, or None for anonymous groups.

    Case is not significant for equivalence (2.0, 4.2), so mailto IRIs and hashes are folded.
    """
    if "mbox" in agent:
        return "mbox:" + agent["mbox"].lower()
    if "mbox_sha1sum" in agent:
        return "sha1:" + agent["mbox_sha1sum"].lower()
    if "openid" in agent:
        return "openid:" + agent["openid"]
    if "account" in agent:
        account = agent["account"]
        return f"account:{account['homePage']}|{account['name']}"
    return None


def agent_keys(agent: dict[str, Any]) -> list[str]:
    """The agent's own key, and for a Group those of its members (they match the agent filter)."""
    keys = []
    own = agent_key(agent)
    if own is not None:
        keys.append(own)
    for member in agent.get("member", ()) if agent.get("objectType") == "Group" else ():
        key = agent_key(member)
        if key is not None:
            keys.append(key)
    return keys


def ifi_only(agent: dict[str, Any]) -> dict[str, Any]:
    """The agent reduced to its objectType and identifier (format=ids)."""
    kind = agent.get("objectType", "Agent")
    out: dict[str, Any] = {"objectType": kind}
    for key in IFI_KEYS:
        if key in agent:
            out[key] = agent[key]
            break
    if kind == "Group" and "member" in agent and len(out) == 1:
        out["member"] = [ifi_only(member) for member in agent["member"]]
    return out


# --- equivalence -----------------------------------------------------------------------------

_IGNORED = ("id", "authority", "stored", "timestamp", "version", "attachments")


def comparable(statement: dict[str, Any]) -> str:
    """A form of the statement two equivalent statements share (2.0, 4.2 "Statement
    Immutability"): ignoring case, id, member order, authority, stored, timestamp, version,
    attachments, verb display and activity definitions; durations to 0.01 s."""
    return dumps(_normalise_statement(statement)).lower()


def _normalise_statement(statement: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in statement.items() if k not in _IGNORED}
    out["actor"] = _normalise_agent(statement["actor"])
    out["verb"] = {"id": statement["verb"]["id"]}
    obj = statement["object"]
    kind = obj.get("objectType", "Activity")
    if kind == "Activity":
        out["object"] = {"objectType": "Activity", "id": obj["id"]}
    elif kind in ("Agent", "Group"):
        out["object"] = _normalise_agent(obj)
    elif kind == "SubStatement":
        out["object"] = _normalise_statement(obj)
    if "result" in statement:
        result = dict(statement["result"])
        if "duration" in result:
            result["duration"] = formats.duration_centiseconds(result["duration"])
        out["result"] = _numbers(result)
    if "context" in statement:
        out["context"] = _normalise_context(statement["context"])
    return _sorted(out)


def _normalise_agent(agent: dict[str, Any]) -> dict[str, Any]:
    out = dict(agent)
    out.setdefault("objectType", "Agent")
    if "member" in out:
        out["member"] = sorted((_normalise_agent(m) for m in out["member"]),
                               key=lambda m: dumps(m).lower())
    return out


def _normalise_context(context: dict[str, Any]) -> dict[str, Any]:
    out = dict(context)
    if "contextActivities" in out:
        out["contextActivities"] = {
            key: [{"objectType": "Activity", "id": a["id"]} for a in as_list(value)]
            for key, value in out["contextActivities"].items()
        }
    for key in ("instructor", "team"):
        if key in out:
            out[key] = _normalise_agent(out[key])
    return _numbers(out)


def _numbers(value: Any) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, list):
        return [_numbers(v) for v in value]
    return {k: _numbers(v) for k, v in value.items()}


def _sorted(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _sorted(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted(v) for v in value]
    return value


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


# --- response formats ------------------------------------------------------------------------

def ids_format(statement: dict[str, Any]) -> dict[str, Any]:
    """Agents, groups, activities and verbs reduced to what identifies them."""
    out = dict(statement)
    out["actor"] = ifi_only(statement["actor"])
    out["verb"] = {"id": statement["verb"]["id"]}
    out["object"] = _ids_object(statement["object"])
    if "authority" in statement:
        out["authority"] = ifi_only(statement["authority"])
    if "context" in statement:
        context = dict(statement["context"])
        for key in ("instructor", "team"):
            if key in context:
                context[key] = ifi_only(context[key])
        if "contextActivities" in context:
            context["contextActivities"] = {
                key: [{"objectType": "Activity", "id": a["id"]} for a in as_list(value)]
                for key, value in context["contextActivities"].items()
            }
        if "contextAgents" in context:
            context["contextAgents"] = [dict(c, agent=ifi_only(c["agent"]))
                                        for c in context["contextAgents"]]
        if "contextGroups" in context:
            context["contextGroups"] = [dict(c, group=ifi_only(c["group"]))
                                        for c in context["contextGroups"]]
        out["context"] = context
    return out


def _ids_object(obj: dict[str, Any]) -> dict[str, Any]:
    kind = obj.get("objectType", "Activity")
    if kind == "Activity":
        return {"objectType": "Activity", "id": obj["id"]}
    if kind in ("Agent", "Group"):
        return ifi_only(obj)
    if kind == "SubStatement":
        return ids_format(obj)
    return obj


def canonical_format(statement: dict[str, Any], definitions: dict[str, dict[str, Any]],
                     languages: list[tuple[str, float]]) -> dict[str, Any]:
    """Activities carry the LRS's canonical definition, and every language map (verb display,
    activity names and descriptions, interaction components) holds one language, the best
    match for Accept-Language."""
    out = copy.deepcopy(statement)

    def activity(node: dict[str, Any]) -> None:
        definition = definitions.get(node["id"], node.get("definition"))
        if definition:
            node["definition"] = filter_definition(definition, languages)

    def walk(stmt: dict[str, Any]) -> None:
        if "display" in stmt["verb"]:
            stmt["verb"]["display"] = pick_language(stmt["verb"]["display"], languages)
        obj = stmt["object"]
        if obj.get("objectType", "Activity") == "Activity":
            activity(obj)
        elif obj.get("objectType") == "SubStatement":
            walk(obj)
        for value in stmt.get("context", {}).get("contextActivities", {}).values():
            for node in as_list(value):
                activity(node)

    walk(out)
    return out


def filter_definition(definition: dict[str, Any],
                      languages: list[tuple[str, float]]) -> dict[str, Any]:
    out = dict(definition)
    for key in ("name", "description"):
        if key in out:
            out[key] = pick_language(out[key], languages)
    for key in ("choices", "scale", "source", "target", "steps"):
        if key in out:
            out[key] = [dict(c, description=pick_language(c["description"], languages))
                        if "description" in c else c for c in out[key]]
    return out


def parse_accept_language(header: str) -> list[tuple[str, float]]:
    """Accept-Language as (tag, quality) pairs, best first; malformed entries are skipped."""
    ranked = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        tag = tag.strip().lower()
        if not tag:
            continue
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                continue
        if quality > 0:
            ranked.append((tag, quality, position))
    ranked.sort(key=lambda item: (-item[1], item[2]))
    return [(tag, quality) for tag, quality, _position in ranked]


def pick_language(language_map: dict[str, str],
                  languages: Iterable[tuple[str, float]]) -> dict[str, str]:
    """The one entry of a language map that suits the reader best (RFC 2616 14.4 per map)."""
    if len(language_map) <= 1:
        return dict(language_map)
    lowered = {tag.lower(): tag for tag in language_map}
    for wanted, _quality in languages:
        if wanted == "*":
            break
        if wanted in lowered:
            tag = lowered[wanted]
            return {tag: language_map[tag]}
        for low, tag in lowered.items():
            if low.startswith(wanted + "-") or wanted.startswith(low + "-"):
                return {tag: language_map[tag]}
    for preferred in ("und", "en", "en-us", "en-gb"):
        if preferred in lowered:
            tag = lowered[preferred]
            return {tag: language_map[tag]}
    tag = sorted(language_map)[0]
    return {tag: language_map[tag]}
