"""JSON-LD for credentials, offline: only the context documents bundled in `contexts/`.

Signatures over JSON-LD are signatures over its RDF canonical form, and the canonical form
depends on every context the document names. A context fetched from the network at
verification time could be swapped to change what a signed credential means, and fetching
would also let anyone who can paste a credential make this server issue requests. So the
loader serves the bundled copies by exact URL (after checking their sha256 against the
manifest) and refuses everything else.
"""

from __future__ import annotations

import copy
import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from cachetools import LRUCache
from django.utils.translation import gettext as _
from pyld import jsonld
from pyld.context_resolver import ContextResolver

from learnwork.core.errors import InvalidInput

CONTEXTS_DIR = Path(__file__).resolve().parent / "contexts"

# How deeply a document may nest before canonicalisation (which recurses) refuses it. Real
# Open Badges nest about eight levels; this matches `limits.MAX_JSON_DEPTH` for parsing and
# stays far below Python's recursion limit.
MAX_JSON_DEPTH = 64

# Resolved contexts are cached per loader: pyld's module-wide cache could hold a context
# resolved through some other loader for the same URL.
_resolved_contexts: LRUCache = LRUCache(maxsize=64)


class JsonLdFailure(InvalidInput):
    """The document cannot be read as JSON-LD (canonicalised) here."""

    code = "invalid_jsonld"


class ContextNotBundled(JsonLdFailure):
    code = "unknown_context"

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(
            _("The credential uses a JSON-LD context this server does not know (%(url)s), so "
              "it cannot be checked offline.") % {"url": url[:200]}
        )


class ContextTampered(RuntimeError):
    """A bundled context file does not match the manifest: the installation is broken."""


@cache
def _manifest() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CONTEXTS_DIR / "manifest.json").read_text("utf-8"))
    return data


def bundled_urls() -> frozenset[str]:
    return frozenset(_manifest()["urls"])


@cache
def _bundled_document(filename: str) -> dict[str, Any]:
    """The parsed context file, read and hash-checked once per process."""
    entry = _manifest()["files"][filename]
    raw = (CONTEXTS_DIR / filename).read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != entry["sha256"]:
        raise ContextTampered(
            f"Bundled JSON-LD context {filename} has sha256 {digest}, the manifest says "
            f"{entry['sha256']}. Reinstall Learnwork."
        )
    document: dict[str, Any] = json.loads(raw)
    return document


def load_document(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """A pyld document loader serving only bundled contexts, looked up by exact URL."""
    filename = _manifest()["urls"].get(url)
    if filename is None:
        raise ContextNotBundled(url)
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        # A copy, so nothing pyld does to it can reach the cached original.
        "document": copy.deepcopy(_bundled_document(filename)),
    }


def _options(**extra: Any) -> dict[str, Any]:
    return {
        "documentLoader": load_document,
        "contextResolver": ContextResolver(_resolved_contexts, load_document),
        **extra,
    }


def _unwrap(exc: BaseException) -> BaseException | None:
    """The ContextNotBundled (or other domain error) pyld wrapped in its own errors, if any."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, JsonLdFailure):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


class _DroppedTerm(Exception):
    def __init__(self, term: str) -> None:
        self.term = term
        super().__init__(term)


def _refuse_dropped(term: Any) -> None:
    raise _DroppedTerm(str(term))


def _run(operation: str, document: Any, options: dict[str, Any], *, safe: bool) -> Any:
    check_depth(document)
    processor = jsonld.JsonLdProcessor(
        on_property_dropped=_refuse_dropped if safe else jsonld.noop
    )
    try:
        return getattr(processor, operation)(document, options)
    except RecursionError as exc:
        raise JsonLdFailure(_("The credential is nested too deeply to read.")) from exc
    except Exception as exc:
        dropped = exc if isinstance(exc, _DroppedTerm) else _find_dropped(exc)
        if dropped is not None:
            # "Safe mode": a property no context defines would be left out of the canonical
            # form, so it could be changed or added after signing without breaking the proof.
            raise JsonLdFailure(
                _("The credential has a property no JSON-LD context defines (%(term)s), so "
                  "it would not be covered by the signature.") % {"term": dropped.term[:100]}
            ) from exc
        domain = _unwrap(exc)
        if domain is not None:
            raise domain from exc
        raise JsonLdFailure(
            _("The credential is not valid JSON-LD: %(reason)s") % {"reason": _reason(exc)}
        ) from exc


def _find_dropped(exc: BaseException) -> _DroppedTerm | None:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, _DroppedTerm):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def _reason(exc: BaseException) -> str:
    # pyld wraps the cause several times; the innermost message is the one that says what.
    seen: BaseException = exc
    while seen.__cause__ is not None:
        seen = seen.__cause__
    message = getattr(seen, "message", None) or str(seen)
    return str(message).splitlines()[0][:200]


def expand(document: dict[str, Any], *, safe: bool = True) -> list[dict[str, Any]]:
    """The document expanded with the bundled contexts (see `canonize` for `safe`)."""
    result: list[dict[str, Any]] = _run("expand", document, _options(), safe=safe)
    return result


def canonize(document: dict[str, Any], *, safe: bool = True) -> str:
    """RDF Dataset Canonicalization (RDFC-1.0, published earlier as URDNA2015) as N-Quads.

    With `safe` (the default), a property that no context maps to an IRI is an error rather
    than silently dropped, as in the Data Integrity libraries' "safe mode".
    """
    result: str = _run(
        "normalize", document,
        _options(algorithm="URDNA2015", format="application/n-quads"), safe=safe,
    )
    return result


def check_depth(value: Any, *, max_depth: int = MAX_JSON_DEPTH) -> None:
    """Refuse JSON nested more than `max_depth` levels (iteratively: no recursion to blow)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > max_depth:
            raise InvalidInput(
                _("The JSON is nested more than %(depth)d levels deep.") % {"depth": max_depth},
                code="too_deep",
            )
        stack.extend((child, depth + 1) for child in children)
