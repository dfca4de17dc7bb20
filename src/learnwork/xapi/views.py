"""The Statement and About resources: parse, call one service or selector, render."""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from django.utils.translation import gettext as _

from learnwork.xapi import attachments, definitions, multipart, params, selectors, services
from learnwork.xapi.canonical import (
    as_list,
    canonical_format,
    dumps,
    ids_format,
    loads_strict,
    parse_accept_language,
)
from learnwork.xapi.errors import BadRequest, NotFound
from learnwork.xapi.formats import format_timestamp
from learnwork.xapi.http import SUPPORTED, XapiRequest, lrs_view, respond

MORE_SALT = "learnwork.xapi.more"


# --- storing ---------------------------------------------------------------------------------

def _read_statements(xreq: XapiRequest) -> tuple[Any, list[multipart.Part]]:
    if xreq.media_type == "application/json":
        return loads_strict(xreq.body), []
    if xreq.media_type == "multipart/mixed":
        parts = multipart.parse(xreq.body, xreq.content_type)
        if not parts or parts[0].content_type != "application/json":
            raise BadRequest(_("The first part of a multipart/mixed request must be the "
                               "statement(s), as application/json."))
        return loads_strict(parts[0].body, _("The first part")), parts[1:]
    raise BadRequest(_("Send statements as application/json, or as multipart/mixed when "
                       "attachments travel with them (got %(type)s).")
                     % {"type": xreq.media_type or _("no Content-Type")})


def statements_post(xreq: XapiRequest) -> HttpResponse:
    params.only(xreq.params, frozenset(), _("POST /statements"))
    body, parts = _read_statements(xreq)
    single = isinstance(body, dict)
    if not single and not isinstance(body, list):
        raise BadRequest(_("Send a statement (a JSON object) or an array of statements."))
    ids = services.statements_store(principal=xreq.who,
                                    statements=[body] if single else body,
                                    version=xreq.version, parts=parts, single=single)
    return respond(200, ids, version=xreq.version, headers=_consistent())


def statements_put(xreq: XapiRequest) -> HttpResponse:
    params.only(xreq.params, frozenset({"statementId"}), _("PUT /statements"))
    statement_id = params.uuid_param(xreq.params, "statementId")
    if statement_id is None:
        raise BadRequest(_("PUT /statements needs the statementId parameter; POST stores "
                           "statements without one."))
    body, parts = _read_statements(xreq)
    if not isinstance(body, dict):
        raise BadRequest(_("PUT /statements stores one statement: send a JSON object."))
    services.statements_store(principal=xreq.who, statements=[body], version=xreq.version,
                              parts=parts, statement_id=statement_id, single=True)
    return respond(204, version=xreq.version, headers=_consistent())


# --- reading ---------------------------------------------------------------------------------

def _consistent() -> dict[str, str]:
    return {"X-Experience-API-Consistent-Through": format_timestamp(timezone.now())}


def statements_get(xreq: XapiRequest) -> HttpResponse:
    params.only(xreq.params, params.STATEMENT_GET, _("GET /statements"))
    single = params.single_statement(xreq.params)
    if single is not None:
        statement_id, voided, fmt, with_attachments = single
        found = selectors.statement_get(principal=xreq.who, statement_id=statement_id,
                                        voided=voided)
        if found is None:
            raise NotFound(_("No statement with that id is stored%(voided)s, or it is not "
                             "readable with this credential.")
                           % {"voided": _(" as voided") if voided else ""})
        text = _render([found], fmt, xreq)[0]
        return _statement_response(xreq, text.encode(), [found], with_attachments)
    return _page(xreq, params.statement_query(xreq.params))


def statements_more(xreq: XapiRequest, token: str) -> HttpResponse:
    params.only(xreq.params, frozenset(), _("The more link"))
    try:
        data = signing.loads(token, salt=MORE_SALT)
    except signing.BadSignature as exc:
        raise NotFound(_("This more link is not one this LRS gave out.")) from exc
    if data.get("p") != xreq.who.provider_id:
        raise NotFound(_("This more link is not one this LRS gave out."))
    return _page(xreq, params.StatementQuery.from_token(data["q"]))


def _page(xreq: XapiRequest, query: params.StatementQuery) -> HttpResponse:
    found, more = selectors.statements_page(principal=xreq.who, query=query)
    more_link = ""
    if more and found:
        query.after, query.after_stored = found[-1].seq, found[-1].stored
        token = signing.dumps({"p": xreq.who.provider_id, "q": query.token()},
                              salt=MORE_SALT, compress=True)
        more_link = reverse("xapi:statements_more", kwargs={"token": token})
    texts = _render(found, query.format, xreq)
    body = ('{"statements":[' + ",".join(texts) + '],"more":' + dumps(more_link) + "}").encode()
    return _statement_response(xreq, body, found, query.attachments)


def _statement_response(xreq: XapiRequest, body: bytes, found: list[selectors.StoredStatement],
                        with_attachments: bool) -> HttpResponse:
    headers = _consistent()
    if found:
        headers["Last-Modified"] = http_date(max(s.stored for s in found).timestamp())
    if not with_attachments:
        return respond(200, raw=body, version=xreq.version, headers=headers)
    hashes = list(dict.fromkeys(h for s in found for h in s.attachment_hashes))
    content, boundary = multipart.build(body, attachments.load(hashes))
    return respond(200, raw=content, version=xreq.version, headers=headers,
                   content_type=f'multipart/mixed; boundary="{boundary}"')


def _render(found: list[selectors.StoredStatement], fmt: str, xreq: XapiRequest) -> list[str]:
    if fmt == "exact":
        return [s.data for s in found]
    parsed = [loads_strict(s.data) for s in found]
    if fmt == "ids":
        return [dumps(ids_format(s)) for s in parsed]
    iris: set[str] = set()
    for statement in parsed:
        _activity_ids(statement, iris)
    canonical = definitions.canonical(provider_id=xreq.who.provider_id, iris=iris)
    languages = parse_accept_language(xreq.headers.get("accept-language", ""))
    return [dumps(canonical_format(s, canonical, languages)) for s in parsed]


def _activity_ids(statement: dict[str, Any], out: set[str]) -> None:
    obj = statement["object"]
    if obj.get("objectType", "Activity") == "Activity":
        out.add(obj["id"])
    elif obj.get("objectType") == "SubStatement":
        _activity_ids(obj, out)
    for value in statement.get("context", {}).get("contextActivities", {}).values():
        out.update(a["id"] for a in as_list(value))


# --- about -----------------------------------------------------------------------------------

def about_get(xreq: XapiRequest) -> HttpResponse:
    return respond(200, {"version": SUPPORTED, "extensions": {}}, version=xreq.version)


statements = lrs_view({"GET": statements_get, "POST": statements_post, "PUT": statements_put})
more = lrs_view({"GET": statements_more})
about = lrs_view({"GET": about_get}, anonymous=True)
