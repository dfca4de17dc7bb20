"""Validating a statement as strictly as xAPI asks (1.0.3 Data part, 2.0 section 4.2).

`validate_statement(statement, version=...)` raises `StatementInvalid` for the first problem
found, naming where it is and what would be right; it changes nothing. The request's version
decides what is allowed: `contextAgents` and `contextGroups` exist from 2.0 only, and a
statement may declare `version` 2.0.x only in a 2.0 request.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _

from learnwork.xapi import formats
from learnwork.xapi.validate_parts import (
    _show,
    check_activity,
    check_agent,
    check_extensions,
    check_group,
    check_keys,
    check_language_map,
    fail,
    require_bool,
    require_iri,
    require_number,
    require_object,
    require_string,
    require_timestamp,
    require_uuid,
    type_name,
)

_MEDIA_TYPE = re.compile(r"^[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+(?:\s*;[\x20-\x7e]*)?$")
VOIDED = "http://adlnet.gov/expapi/verbs/voided"
SIGNATURE_USAGE = "http://adlnet.gov/expapi/attachments/signature"

STATEMENT_KEYS = frozenset({
    "id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority",
    "version", "attachments",
})
SUBSTATEMENT_KEYS = frozenset({
    "objectType", "actor", "verb", "object", "result", "context", "timestamp", "attachments",
})
VERB_KEYS = frozenset({"id", "display"})
STATEMENT_REF_KEYS = frozenset({"objectType", "id"})
RESULT_KEYS = frozenset({"score", "success", "completion", "response", "duration", "extensions"})
SCORE_KEYS = frozenset({"scaled", "raw", "min", "max"})
CONTEXT_KEYS_103 = frozenset({
    "registration", "instructor", "team", "contextActivities", "revision", "platform",
    "language", "statement", "extensions",
})
CONTEXT_KEYS_200 = CONTEXT_KEYS_103 | {"contextAgents", "contextGroups"}
CONTEXT_ACTIVITY_KEYS = frozenset({"parent", "grouping", "category", "other"})
CONTEXT_AGENT_KEYS = frozenset({"objectType", "agent", "relevantTypes"})
CONTEXT_GROUP_KEYS = frozenset({"objectType", "group", "relevantTypes"})
ATTACHMENT_KEYS = frozenset({
    "usageType", "display", "description", "contentType", "length", "sha2", "fileUrl",
})


def validate_statement(value: Any, *, version: str, path: str = "statement") -> dict[str, Any]:
    statement = require_object(value, path)
    check_keys(statement, STATEMENT_KEYS, path)
    if "id" in statement:
        require_uuid(statement["id"], f"{path}.id")
    _check_core(statement, path, version=version, substatement=False)
    if "stored" in statement:
        require_timestamp(statement["stored"], f"{path}.stored")
    if "authority" in statement:
        _check_authority(statement["authority"], f"{path}.authority")
    if "version" in statement and not formats.is_statement_version(statement["version"], version):
        allowed = "1.0.x" if version == "1.0.3" else "1.0.x or 2.0.x"
        raise fail(f"{path}.version", _("must be %(allowed)s (got %(value)s).")
                   % {"allowed": allowed, "value": _show(statement["version"])})
    return statement


def _check_core(statement: dict[str, Any], path: str, *, version: str,
                substatement: bool) -> None:
    for key in ("actor", "verb", "object"):
        if key not in statement:
            raise fail(f"{path}.{key}", _("is required."))
    check_agent(statement["actor"], f"{path}.actor")
    verb_id = _check_verb(statement["verb"], f"{path}.verb")
    obj = _check_object(statement["object"], f"{path}.object", version=version,
                        substatement=substatement)
    if verb_id == VOIDED and obj.get("objectType") != "StatementRef":
        raise fail(f"{path}.object", _("a voiding statement (verb %(verb)s) must have a "
                                       "StatementRef as its object.") % {"verb": VOIDED})
    if "result" in statement:
        _check_result(statement["result"], f"{path}.result")
    if "context" in statement:
        _check_context(statement["context"], f"{path}.context", version=version,
                       object_is_activity=obj.get("objectType", "Activity") == "Activity")
    if "timestamp" in statement:
        require_timestamp(statement["timestamp"], f"{path}.timestamp")
    if "attachments" in statement:
        _check_attachments(statement["attachments"], f"{path}.attachments")


def _check_verb(value: Any, path: str) -> str:
    verb = require_object(value, path)
    check_keys(verb, VERB_KEYS, path)
    if "id" not in verb:
        raise fail(f"{path}.id", _("is required."))
    require_iri(verb["id"], f"{path}.id")
    if "display" in verb:
        check_language_map(verb["display"], f"{path}.display")
    return str(verb["id"])


def _check_object(value: Any, path: str, *, version: str, substatement: bool) -> dict[str, Any]:
    obj = require_object(value, path)
    kind = obj.get("objectType", "Activity")
    if kind == "Activity":
        check_activity(obj, path)
    elif kind in ("Agent", "Group"):
        check_agent(obj, path, as_object=True)
    elif kind == "StatementRef":
        check_keys(obj, STATEMENT_REF_KEYS, path)
        if "id" not in obj:
            raise fail(f"{path}.id", _("is required: the id of the statement referred to."))
        require_uuid(obj["id"], f"{path}.id")
    elif kind == "SubStatement":
        if substatement:
            raise fail(path, _("a SubStatement cannot contain another SubStatement."))
        check_keys(obj, SUBSTATEMENT_KEYS, path)
        _check_core(obj, path, version=version, substatement=True)
    else:
        raise fail(f"{path}.objectType", _("must be Activity, Agent, Group, StatementRef or "
                                           "SubStatement (got %(value)s).")
                   % {"value": _show(kind)})
    return obj


def _check_result(value: Any, path: str) -> None:
    result = require_object(value, path)
    check_keys(result, RESULT_KEYS, path)
    if "score" in result:
        _check_score(result["score"], f"{path}.score")
    for key in ("success", "completion"):
        if key in result:
            require_bool(result[key], f"{path}.{key}")
    if "response" in result:
        require_string(result["response"], f"{path}.response")
    if "duration" in result and not formats.is_duration(result["duration"]):
        raise fail(f"{path}.duration", _("must be an ISO 8601 duration such as PT1H30M or "
                                         "PT4.5S (got %(value)s).")
                   % {"value": _show(result["duration"])})
    if "extensions" in result:
        check_extensions(result["extensions"], f"{path}.extensions")


def _check_score(value: Any, path: str) -> None:
    score = require_object(value, path)
    check_keys(score, SCORE_KEYS, path)
    numbers = {key: require_number(score[key], f"{path}.{key}") for key in score}
    scaled = numbers.get("scaled")
    if scaled is not None and not -1 <= scaled <= 1:
        raise fail(f"{path}.scaled", _("must be between -1 and 1 (got %(value)s).")
                   % {"value": scaled})
    low, high, raw = numbers.get("min"), numbers.get("max"), numbers.get("raw")
    if low is not None and high is not None and not low < high:
        raise fail(f"{path}.min", _("must be less than max (%(min)s is not less than %(max)s).")
                   % {"min": low, "max": high})
    if raw is not None and low is not None and raw < low:
        raise fail(f"{path}.raw", _("must not be below min (%(raw)s < %(min)s).")
                   % {"raw": raw, "min": low})
    if raw is not None and high is not None and raw > high:
        raise fail(f"{path}.raw", _("must not be above max (%(raw)s > %(max)s).")
                   % {"raw": raw, "max": high})


def _check_context(value: Any, path: str, *, version: str, object_is_activity: bool) -> None:
    context = require_object(value, path)
    check_keys(context, CONTEXT_KEYS_200 if version == "2.0.0" else CONTEXT_KEYS_103, path)
    if "registration" in context:
        require_uuid(context["registration"], f"{path}.registration")
    if "instructor" in context:
        check_agent(context["instructor"], f"{path}.instructor")
    if "team" in context:
        check_group(context["team"], f"{path}.team")
    if "contextActivities" in context:
        _check_context_activities(context["contextActivities"], f"{path}.contextActivities")
    for key in ("revision", "platform"):
        if key in context:
            require_string(context[key], f"{path}.{key}")
            if not object_is_activity:
                raise fail(f"{path}.{key}", _("may only be used when the object is an Activity."))
    if "language" in context and not formats.is_language_tag(context["language"]):
        raise fail(f"{path}.language", _("must be an RFC 5646 language tag (got %(value)s).")
                   % {"value": _show(context["language"])})
    if "statement" in context:
        ref = require_object(context["statement"], f"{path}.statement")
        check_keys(ref, STATEMENT_REF_KEYS, f"{path}.statement")
        if ref.get("objectType") != "StatementRef":
            raise fail(f"{path}.statement.objectType", _('must be "StatementRef".'))
        if "id" not in ref:
            raise fail(f"{path}.statement.id", _("is required."))
        require_uuid(ref["id"], f"{path}.statement.id")
    if "extensions" in context:
        check_extensions(context["extensions"], f"{path}.extensions")
    if "contextAgents" in context:
        _check_context_relations(context["contextAgents"], f"{path}.contextAgents",
                                 "contextAgent", "agent", CONTEXT_AGENT_KEYS)
    if "contextGroups" in context:
        _check_context_relations(context["contextGroups"], f"{path}.contextGroups",
                                 "contextGroup", "group", CONTEXT_GROUP_KEYS)


def _check_context_activities(value: Any, path: str) -> None:
    activities = require_object(value, path)
    check_keys(activities, CONTEXT_ACTIVITY_KEYS, path)
    for key, entry in activities.items():
        if isinstance(entry, list):
            for index, activity in enumerate(entry):
                check_activity(activity, f"{path}.{key}[{index}]")
        else:
            check_activity(entry, f"{path}.{key}")


def _check_context_relations(value: Any, path: str, object_type: str, member: str,
                             allowed: frozenset[str]) -> None:
    if not isinstance(value, list):
        raise fail(path, _("must be an array, not %(type)s.") % {"type": type_name(value)})
    for index, entry in enumerate(value):
        item_path = f"{path}[{index}]"
        item = require_object(entry, item_path)
        check_keys(item, allowed, item_path)
        if item.get("objectType") != object_type:
            raise fail(f"{item_path}.objectType", _('must be "%(type)s".') % {"type": object_type})
        if member not in item:
            raise fail(f"{item_path}.{member}", _("is required."))
        if member == "agent":
            subject = require_object(item["agent"], f"{item_path}.agent")
            if subject.get("objectType", "Agent") != "Agent":
                raise fail(f"{item_path}.agent", _("must be an Agent."))
            check_agent(subject, f"{item_path}.agent")
        else:
            check_group(item["group"], f"{item_path}.group")
        if "relevantTypes" in item:
            types = item["relevantTypes"]
            if not isinstance(types, list) or not types:
                raise fail(f"{item_path}.relevantTypes", _("must be a non-empty array of IRIs."))
            for position, iri in enumerate(types):
                require_iri(iri, f"{item_path}.relevantTypes[{position}]")


def _check_authority(value: Any, path: str) -> None:
    authority = require_object(value, path)
    if authority.get("objectType") == "Group":
        group = check_group(authority, path)
        members = group.get("member")
        if not isinstance(members, list) or len(members) != 2:
            raise fail(path, _("a Group as authority must be an OAuth pair: exactly two Agents."))
        return
    check_agent(authority, path)


def _check_attachments(value: Any, path: str) -> None:
    if not isinstance(value, list):
        raise fail(path, _("must be an array of attachment objects."))
    for index, entry in enumerate(value):
        item_path = f"{path}[{index}]"
        item = require_object(entry, item_path)
        check_keys(item, ATTACHMENT_KEYS, item_path)
        for key in ("usageType", "display", "contentType", "length", "sha2"):
            if key not in item:
                raise fail(f"{item_path}.{key}", _("is required."))
        require_iri(item["usageType"], f"{item_path}.usageType")
        check_language_map(item["display"], f"{item_path}.display")
        if "description" in item:
            check_language_map(item["description"], f"{item_path}.description")
        content_type = require_string(item["contentType"], f"{item_path}.contentType")
        if not _MEDIA_TYPE.match(content_type):
            raise fail(f"{item_path}.contentType", _("must be an Internet media type such as "
                                                     "application/pdf."))
        length = item["length"]
        if isinstance(length, bool) or not isinstance(length, int) or length < 0:
            raise fail(f"{item_path}.length", _("must be a whole number of octets (got %(value)s).")
                       % {"value": _show(length)})
        if not formats.is_sha2(item["sha2"]):
            raise fail(f"{item_path}.sha2", _("must be the hexadecimal SHA-2 hash of the "
                                              "attachment's content."))
        if "fileUrl" in item:
            require_iri(item["fileUrl"], f"{item_path}.fileUrl")
        if item["usageType"] == SIGNATURE_USAGE and content_type != "application/octet-stream":
            raise fail(f"{item_path}.contentType", _("a signature attachment must have the "
                                                     "content type application/octet-stream."))
