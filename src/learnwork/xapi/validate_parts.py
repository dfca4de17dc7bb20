"""Validating the pieces statements are made of: agents, groups, activities, language maps,
extensions. Every check raises `StatementInvalid` naming where the problem is (a path such as
`statement.actor.mbox`) and what would be right.

Shared rules (xAPI 2.0, 4.2.1): no property the specification does not define, none twice (the
JSON parser refuses repeats), no null outside extensions, the right JSON type (a string "1" is
not a number, "true" is not a boolean), and formats followed exactly, case included.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from learnwork.xapi import formats
from learnwork.xapi.errors import StatementInvalid

AGENT_KEYS = frozenset({"objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"})
GROUP_KEYS = AGENT_KEYS | {"member"}
IFI_KEYS = ("mbox", "mbox_sha1sum", "openid", "account")
ACCOUNT_KEYS = frozenset({"homePage", "name"})
ACTIVITY_KEYS = frozenset({"objectType", "id", "definition"})
DEFINITION_KEYS = frozenset({
    "name", "description", "type", "moreInfo", "extensions", "interactionType",
    "correctResponsesPattern", "choices", "scale", "source", "target", "steps",
})
COMPONENT_LISTS = ("choices", "scale", "source", "target", "steps")
COMPONENT_KEYS = frozenset({"id", "description"})
INTERACTION_TYPES = {
    "true-false": (), "choice": ("choices",), "fill-in": (), "long-fill-in": (),
    "matching": ("source", "target"), "performance": ("steps",), "sequencing": ("choices",),
    "likert": ("scale",), "numeric": (), "other": (),
}


def fail(path: str, message: str) -> StatementInvalid:
    return StatementInvalid(f"{path}: {message}")


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def require_object(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise fail(path, _("must be a JSON object, not %(type)s.") % {"type": type_name(value)})
    return value


def check_keys(obj: dict[str, Any], allowed: frozenset[str], path: str) -> None:
    for key, value in obj.items():
        if key not in allowed:
            raise fail(f"{path}.{key}", _("is not a property xAPI defines here (allowed: "
                                          "%(allowed)s).")
                       % {"allowed": ", ".join(sorted(allowed))})
        if value is None:
            raise fail(f"{path}.{key}", _("must not be null; leave the property out instead."))


def require_string(value: Any, path: str, *, empty: bool = True) -> str:
    if not isinstance(value, str):
        raise fail(path, _("must be a string, not %(type)s.") % {"type": type_name(value)})
    if not empty and not value:
        raise fail(path, _("must not be empty."))
    return value


def require_bool(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise fail(path, _("must be true or false, not %(type)s.") % {"type": type_name(value)})
    return value


def require_number(value: Any, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise fail(path, _("must be a number, not %(type)s.") % {"type": type_name(value)})
    return value


def require_iri(value: Any, path: str) -> str:
    if not formats.is_iri(value):
        raise fail(path, _("must be an absolute IRI with a scheme, such as "
                           "http://example.org/xapi/thing (got %(value)s).")
                   % {"value": _show(value)})
    return str(value)


def require_uuid(value: Any, path: str) -> str:
    if not formats.is_uuid(value):
        raise fail(path, _("must be a UUID in its standard form, "
                           "such as 6f1c1b2e-3a3d-4c2b-9a47-0c6f5d1e8b21 (got %(value)s).")
                   % {"value": _show(value)})
    return str(value)


def require_timestamp(value: Any, path: str) -> None:
    if formats.parse_timestamp(value) is None:
        raise fail(path, _("must be an ISO 8601 date and time with its offset, such as "
                           "2024-05-01T09:30:00.000Z (got %(value)s).") % {"value": _show(value)})


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f'"{value}"'
    return text if len(text) <= 80 else text[:77] + "..."


def check_language_map(value: Any, path: str) -> None:
    obj = require_object(value, path)
    for tag, text in obj.items():
        if not formats.is_language_tag(tag):
            raise fail(f"{path}.{tag}", _("is not an RFC 5646 language tag (such as en, en-US "
                                          "or zh-Hant)."))
        if not isinstance(text, str):
            raise fail(f"{path}.{tag}", _("must be a string, not %(type)s.")
                       % {"type": type_name(text)})


def check_extensions(value: Any, path: str) -> None:
    obj = require_object(value, path)
    for key in obj:
        if not formats.is_iri(key):
            raise fail(f"{path}", _("every extension key must be an IRI; %(key)s is not.")
                       % {"key": _show(key)})


def check_agent(value: Any, path: str, *, as_object: bool = False) -> dict[str, Any]:
    agent = require_object(value, path)
    kind = agent.get("objectType")
    if kind == "Group":
        return check_group(agent, path)
    if as_object and kind is None:
        raise fail(f"{path}.objectType", _("is required when an Agent or Group is the object."))
    if kind is not None and kind != "Agent":
        raise fail(f"{path}.objectType", _('must be "Agent" or "Group" (got %(value)s).')
                   % {"value": _show(kind)})
    check_keys(agent, AGENT_KEYS, path)
    _check_ifi(agent, path, required=True)
    if "name" in agent:
        require_string(agent["name"], f"{path}.name")
    return agent


def check_group(value: Any, path: str) -> dict[str, Any]:
    group = require_object(value, path)
    if group.get("objectType") != "Group":
        raise fail(f"{path}.objectType", _('must be "Group" for a group.'))
    check_keys(group, GROUP_KEYS, path)
    identified = _check_ifi(group, path, required=False)
    if "name" in group:
        require_string(group["name"], f"{path}.name")
    members = group.get("member")
    if members is None:
        if not identified:
            raise fail(path, _("an anonymous Group (one without mbox, mbox_sha1sum, openid or "
                               "account) needs a non-empty member list."))
        return group
    if not isinstance(members, list):
        raise fail(f"{path}.member", _("must be an array of Agents."))
    if not members and not identified:
        raise fail(f"{path}.member", _("an anonymous Group needs at least one member."))
    for index, member in enumerate(members):
        member_path = f"{path}.member[{index}]"
        if isinstance(member, dict) and member.get("objectType") == "Group":
            raise fail(member_path, _("a Group's members must be Agents, not Groups."))
        check_agent(member, member_path)
    return group


def _check_ifi(agent: dict[str, Any], path: str, *, required: bool) -> bool:
    present = [key for key in IFI_KEYS if key in agent]
    if len(present) > 1:
        raise fail(path, _("must have exactly one identifier, but has %(keys)s.")
                   % {"keys": ", ".join(present)})
    if not present:
        if required:
            raise fail(path, _("an Agent needs exactly one identifier: mbox, mbox_sha1sum, "
                               "openid or account."))
        return False
    key = present[0]
    value = agent[key]
    if key == "mbox" and not formats.is_mailto(value):
        raise fail(f"{path}.mbox", _('must be a mailto IRI such as "mailto:ada@example.org" '
                                     "(got %(value)s).") % {"value": _show(value)})
    if key == "mbox_sha1sum" and not formats.is_sha1(value):
        raise fail(f"{path}.mbox_sha1sum", _("must be the 40 hexadecimal digits of a SHA-1 "
                                             "hash of a mailto IRI."))
    if key == "openid":
        require_iri(value, f"{path}.openid")
    if key == "account":
        account = require_object(value, f"{path}.account")
        check_keys(account, ACCOUNT_KEYS, f"{path}.account")
        if "homePage" not in account or "name" not in account:
            raise fail(f"{path}.account", _("needs both homePage and name."))
        require_iri(account["homePage"], f"{path}.account.homePage")
        require_string(account["name"], f"{path}.account.name", empty=False)
    return True


def check_activity(value: Any, path: str) -> dict[str, Any]:
    activity = require_object(value, path)
    check_keys(activity, ACTIVITY_KEYS, path)
    kind = activity.get("objectType")
    if kind is not None and kind != "Activity":
        raise fail(f"{path}.objectType", _('must be "Activity" here (got %(value)s).')
                   % {"value": _show(kind)})
    if "id" not in activity:
        raise fail(f"{path}.id", _("is required: an Activity is identified by its IRI."))
    require_iri(activity["id"], f"{path}.id")
    if "definition" in activity:
        check_definition(activity["definition"], f"{path}.definition")
    return activity


def check_definition(value: Any, path: str) -> None:
    definition = require_object(value, path)
    check_keys(definition, DEFINITION_KEYS, path)
    for key in ("name", "description"):
        if key in definition:
            check_language_map(definition[key], f"{path}.{key}")
    if "type" in definition:
        require_iri(definition["type"], f"{path}.type")
    if "moreInfo" in definition:
        require_iri(definition["moreInfo"], f"{path}.moreInfo")
    if "extensions" in definition:
        check_extensions(definition["extensions"], f"{path}.extensions")
    interaction = definition.get("interactionType")
    lists = [key for key in COMPONENT_LISTS if key in definition]
    if interaction is None:
        if lists or "correctResponsesPattern" in definition:
            raise fail(f"{path}.interactionType", _("is required when a definition has "
                                                    "interaction properties (%(keys)s).")
                       % {"keys": ", ".join(lists or ["correctResponsesPattern"])})
        return
    if interaction not in INTERACTION_TYPES:
        raise fail(f"{path}.interactionType", _("must be one of %(types)s (got %(value)s).")
                   % {"types": ", ".join(INTERACTION_TYPES), "value": _show(interaction)})
    allowed = INTERACTION_TYPES[interaction]
    for key in lists:
        if key not in allowed:
            raise fail(f"{path}.{key}", _("is not used with interactionType %(type)s.")
                       % {"type": interaction})
        _check_components(definition[key], f"{path}.{key}")
    if "correctResponsesPattern" in definition:
        patterns = definition["correctResponsesPattern"]
        if not isinstance(patterns, list):
            raise fail(f"{path}.correctResponsesPattern", _("must be an array of strings."))
        for index, pattern in enumerate(patterns):
            require_string(pattern, f"{path}.correctResponsesPattern[{index}]")


def _check_components(value: Any, path: str) -> None:
    if not isinstance(value, list):
        raise fail(path, _("must be an array of interaction components."))
    seen: set[str] = set()
    for index, component in enumerate(value):
        item_path = f"{path}[{index}]"
        item = require_object(component, item_path)
        check_keys(item, COMPONENT_KEYS, item_path)
        if "id" not in item:
            raise fail(f"{item_path}.id", _("is required."))
        ident = require_string(item["id"], f"{item_path}.id", empty=False)
        if ident in seen:
            raise fail(f"{item_path}.id", _("%(id)s is used twice in this list.")
                       % {"id": _show(ident)})
        seen.add(ident)
        if "description" in item:
            check_language_map(item["description"], f"{item_path}.description")
