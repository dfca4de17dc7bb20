"""Importing courses from schema.org `Course` JSON-LD (one course, an `@graph`, an `ItemList`).

The document is read as plain JSON in the schema.org vocabulary; its `@context` is never
fetched (a remote context is a request to an address the sender chose). Properties may be
written bare (`name`) or prefixed (`schema:name`, `https://schema.org/name`).

Mapping: `name` → title, `description`, `url`, `@id` (else `url`) → the xAPI activity id,
`offers.price`/`priceCurrency` (or `isAccessibleForFree`) → cost, `inLanguage` → language,
`educationalCredentialAwarded` → credential, `courseMode` (on the course or its
`hasCourseInstance`) → format, `teaches` → ESCO skills, when given as ESCO skill URIs or as
labels that match an ESCO label exactly (others are reported, not guessed).

Everything is checked before anything is written: one bad course refuses the whole import.
Courses are matched to existing ones by activity id, so importing again updates in place.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from learnwork.accounts.models import User
from learnwork.core.errors import DomainError, InvalidInput
from learnwork.providers import catalogue
from learnwork.providers.models import COURSE_MAX_SKILLS, Course, Provider
from learnwork.providers.services import check_admin
from learnwork.skills.models import Skill
from learnwork.skills.search import normalize
from learnwork.skills.selectors import skill_search

MAX_COURSES_PER_IMPORT = 500
MAX_DEPTH = 12
_PREFIXES = ("schema:", "http://schema.org/", "https://schema.org/")
ESCO_SKILL = re.compile(r"^https?://data\.europa\.eu/esco/skill/([0-9a-fA-F-]{36})/?$")
_MODES = {
    "online": Course.Format.ONLINE, "synchronous": Course.Format.ONLINE,
    "onsite": Course.Format.IN_PERSON, "on-site": Course.Format.IN_PERSON,
    "in person": Course.Format.IN_PERSON, "in-person": Course.Format.IN_PERSON,
    "offline": Course.Format.IN_PERSON, "inperson": Course.Format.IN_PERSON,
    "blended": Course.Format.BLENDED, "mixedmode": Course.Format.BLENDED,
    "hybrid": Course.Format.BLENDED, "self-paced": Course.Format.SELF_PACED,
    "selfpaced": Course.Format.SELF_PACED, "self paced": Course.Format.SELF_PACED,
    "asynchronous": Course.Format.SELF_PACED,
}


@dataclass
class ImportReport:
    created: list[Course] = field(default_factory=list)
    updated: list[Course] = field(default_factory=list)
    unmatched_skills: list[str] = field(default_factory=list)


def _bare(key: str) -> str:
    for prefix in _PREFIXES:
        if key.startswith(prefix):
            return key[len(prefix):]
    return key


def _node(value: Any) -> dict[str, Any]:
    return {_bare(k): v for k, v in value.items()} if isinstance(value, dict) else {}


def _many(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _types(node: dict[str, Any]) -> set[str]:
    return {_bare(str(t)) for t in _many(node.get("@type"))}


def _text(value: Any) -> str:
    """A plain value from a literal, a `{"@value": …}` or a thing with a name."""
    for item in _many(value):
        if isinstance(item, str | int | float) and not isinstance(item, bool):
            return str(item)
        node = _node(item)
        for key in ("@value", "name", "alternateName"):
            if key in node and not isinstance(node[key], dict | list):
                return str(node[key])
    return ""


def find_courses(document: Any) -> list[dict[str, Any]]:
    """Every Course node in the document, in order (ItemList items and @graph members too)."""
    found: list[dict[str, Any]] = []

    def walk(value: Any, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise InvalidInput(_("The document nests too deeply."))
        if isinstance(value, list):
            for item in value:
                walk(item, depth + 1)
            return
        node = _node(value)
        if not node:
            return
        if "Course" in _types(node):
            found.append(node)
            if len(found) > MAX_COURSES_PER_IMPORT:
                raise InvalidInput(_("Import at most %(n)d courses at a time.")
                                   % {"n": MAX_COURSES_PER_IMPORT})
            return
        for key in ("@graph", "itemListElement", "item"):
            if key in node:
                walk(node[key], depth + 1)

    walk(document, 0)
    return found


def _format(node: dict[str, Any]) -> str:
    modes = _many(node.get("courseMode"))
    for instance in _many(node.get("hasCourseInstance")):
        modes += _many(_node(instance).get("courseMode"))
    for mode in modes:
        word = _bare(_text(mode)).strip().lower().rsplit("/", 1)[-1]
        if word in _MODES:
            return _MODES[word]
    return Course.Format.ONLINE


def _cost(node: dict[str, Any]) -> tuple[Any, str]:
    if node.get("isAccessibleForFree") in (True, "true", "True"):
        return 0, ""
    for offer in _many(node.get("offers")):
        offer = _node(offer)
        if "price" in offer:
            price = _text(offer.get("price")) or "0"
            return price.replace(",", "") if price.lower() != "free" else 0, \
                _text(offer.get("priceCurrency"))
    return 0, ""


def _skill_refs(node: dict[str, Any]) -> list[tuple[str, str]]:
    """(kind, value) for each thing the course teaches: ("esco", uuid) or ("label", text)."""
    refs: list[tuple[str, str]] = []
    for item in _many(node.get("teaches")):
        candidates = [item] if isinstance(item, str) else []
        thing = _node(item)
        for key in ("@id", "url", "sameAs", "termCode"):
            candidates += [c for c in _many(thing.get(key)) if isinstance(c, str)]
        esco = next((m.group(1) for c in candidates if (m := ESCO_SKILL.match(c.strip()))), None)
        if esco:
            refs.append(("esco", esco.lower()))
        elif label := (item if isinstance(item, str) else _text(thing.get("name"))).strip():
            refs.append(("label", label[:200]))
    return refs


def _match_label(label: str) -> uuid.UUID | None:
    wanted = normalize(label).strip()
    for hit in skill_search(query=label, limit=5):
        names = [hit.label, hit.matched_alt_label or ""]
        if any(normalize(n).strip() == wanted for n in names):
            return hit.skill_id
    return None


def _resolve_skills(refs: list[tuple[str, str]], report: ImportReport) -> list[uuid.UUID]:
    ids: list[uuid.UUID] = []
    esco = {uuid.UUID(value) for kind, value in refs if kind == "esco"
            if _is_uuid(value)}
    known = set(Skill.objects.filter(pk__in=esco).values_list("pk", flat=True))
    for kind, value in refs:
        pk = (uuid.UUID(value) if kind == "esco" and _is_uuid(value) else None)
        if pk is not None and pk not in known:
            pk = None
        if kind == "label":
            pk = _match_label(value)
        if pk is None:
            if value not in report.unmatched_skills:
                report.unmatched_skills.append(value)
        elif pk not in ids:
            ids.append(pk)
    return ids[:COURSE_MAX_SKILLS]


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def course_fields(node: dict[str, Any], report: ImportReport) -> dict[str, Any]:
    """The service arguments for one Course node (not yet checked)."""
    url = _text(node.get("url"))
    node_id = node.get("@id") if isinstance(node.get("@id"), str) else ""
    amount, currency = _cost(node)
    return {
        "title": _text(node.get("name")), "description": _text(node.get("description")),
        "url": url, "activity_id": (node_id or url).strip(),
        "format": _format(node), "cost_amount": amount, "cost_currency": currency,
        "language": _text(node.get("inLanguage")),
        "credential": _text(node.get("educationalCredentialAwarded")),
        "skill_ids": _resolve_skills(_skill_refs(node), report),
    }


@transaction.atomic
def course_import(*, actor: User | None, provider: Provider, document: Any) -> ImportReport:
    """Create or update the provider's courses from a JSON-LD document (all or nothing)."""
    check_admin(actor=actor, provider=provider)
    nodes = find_courses(document)
    if not nodes:
        raise InvalidInput(_("No schema.org Course was found: send a Course, or an @graph or "
                           "ItemList of them, each with \"@type\": \"Course\"."))
    report = ImportReport()
    seen: set[str] = set()
    for number, node in enumerate(nodes, start=1):
        fields = course_fields(node, report)
        try:
            if fields["activity_id"] in seen and fields["activity_id"]:
                raise InvalidInput(_("It appears twice in this import."))
            seen.add(fields["activity_id"])
            existing = (Course.objects.filter(provider=provider,
                                              activity_id=catalogue.clean_activity_id(
                                                  fields["activity_id"])).first()
                        if fields["activity_id"] else None)
            if existing is None:
                report.created.append(catalogue.course_create(
                    actor=None, provider=provider, **fields))
            else:
                report.updated.append(catalogue.course_update(
                    actor=None, provider=provider, course_id=existing.pk, **fields))
        except DomainError as exc:
            title = fields["title"][:80] or _("(no name)")
            raise type(exc)(_("Course %(n)d (“%(title)s”): %(problem)s")
                            % {"n": number, "title": title, "problem": exc.detail},
                            code=exc.code, field=exc.field) from None
    return report
