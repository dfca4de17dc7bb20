"""The document resources (State, Activity Profile, Agent Profile) and the Activities and
Agents resources: parse, call one service or selector, render."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpResponse
from django.utils.http import http_date
from django.utils.translation import gettext as _

from learnwork.xapi import definitions, documents, params
from learnwork.xapi.errors import BadRequest, NotFound
from learnwork.xapi.http import XapiRequest, lrs_view, respond
from learnwork.xapi.models import Document

Kind = Document.Kind


def _state_address(xreq: XapiRequest) -> documents.Address:
    activity = params.iri(xreq.params, "activityId", required=True)
    pair = params.agent(xreq.params, groups=False)
    assert pair is not None and activity is not None  # noqa: S101 - required above
    return documents.Address(Kind.STATE, activity_iri=activity, agent_key=pair[1],
                             registration=params.uuid_param(xreq.params, "registration"))


def _activity_address(xreq: XapiRequest) -> documents.Address:
    activity = params.iri(xreq.params, "activityId", required=True)
    assert activity is not None  # noqa: S101
    return documents.Address(Kind.ACTIVITY_PROFILE, activity_iri=activity)


def _agent_address(xreq: XapiRequest) -> documents.Address:
    pair = params.agent(xreq.params, groups=False)
    assert pair is not None  # noqa: S101
    return documents.Address(Kind.AGENT_PROFILE, agent_key=pair[1])


RESOURCES = {
    # kind: (resource name, id parameter, parameters besides the id and since, address)
    Kind.STATE: ("/activities/state", "stateId", frozenset({"activityId", "agent",
                                                             "registration"}), _state_address),
    Kind.ACTIVITY_PROFILE: ("/activities/profile", "profileId", frozenset({"activityId"}),
                            _activity_address),
    Kind.AGENT_PROFILE: ("/agents/profile", "profileId", frozenset({"agent"}), _agent_address),
}


def _parse(xreq: XapiRequest, kind: int, *, since: bool = False
           ) -> tuple[documents.Address, str | None]:
    resource, id_name, allowed, address = RESOURCES[Kind(kind)]
    params.only(xreq.params, allowed | {id_name} | ({"since"} if since else set()),
                f"{xreq.method} {resource}")
    if since and id_name in xreq.params and "since" in xreq.params:
        raise BadRequest(_("Send %(id)s for one document or since for the list, not both.")
                         % {"id": id_name})
    return address(xreq), xreq.params.get(id_name)


def _require_id(xreq: XapiRequest, kind: int, document_id: str | None) -> str:
    if document_id is None:
        raise BadRequest(_("The parameter %(name)s is required.")
                         % {"name": RESOURCES[Kind(kind)][1]})
    return document_id


def _write(kind: int, service: Callable[..., str]) -> Callable[[XapiRequest], HttpResponse]:
    def handler(xreq: XapiRequest) -> HttpResponse:
        address, document_id = _parse(xreq, kind)
        etag = service(principal=xreq.who, address=address,
                       document_id=_require_id(xreq, kind, document_id), content=xreq.body,
                       content_type=xreq.content_type,
                       if_match=xreq.headers.get("if-match"),
                       if_none_match=xreq.headers.get("if-none-match"))
        return respond(204, version=xreq.version, headers={"ETag": f'"{etag}"'})
    return handler


def _get(kind: int) -> Callable[[XapiRequest], HttpResponse]:
    def handler(xreq: XapiRequest) -> HttpResponse:
        address, document_id = _parse(xreq, kind, since=True)
        if document_id is None:
            ids, latest = documents.document_ids(principal=xreq.who, address=address,
                                                 since=params.timestamp(xreq.params, "since"))
            response = respond(200, ids, version=xreq.version)
            response["ETag"] = f'"{documents.etag_of(response.content)}"'
            if latest is not None:
                response["Last-Modified"] = http_date(latest.timestamp())
            return response
        found = documents.document_get(principal=xreq.who, address=address,
                                       document_id=document_id)
        if found is None:
            raise NotFound(_("There is no document with that id here."))
        return respond(200, raw=found.content, content_type=found.content_type,
                       version=xreq.version, headers={
                           "ETag": f'"{found.etag}"',
                           "Last-Modified": http_date(found.updated.timestamp())})
    return handler


def _delete(kind: int) -> Callable[[XapiRequest], HttpResponse]:
    def handler(xreq: XapiRequest) -> HttpResponse:
        address, document_id = _parse(xreq, kind)
        if document_id is None and kind != Kind.STATE:
            _require_id(xreq, kind, document_id)
        documents.document_delete(principal=xreq.who, address=address,
                                  document_id=document_id,
                                  if_match=xreq.headers.get("if-match"),
                                  if_none_match=xreq.headers.get("if-none-match"))
        return respond(204, version=xreq.version)
    return handler


def _document_view(kind: int) -> Callable[..., HttpResponse]:
    return lrs_view({
        "GET": _get(kind), "PUT": _write(kind, documents.document_put),
        "POST": _write(kind, documents.document_post), "DELETE": _delete(kind),
    })


state = _document_view(Kind.STATE)
activity_profile = _document_view(Kind.ACTIVITY_PROFILE)
agent_profile = _document_view(Kind.AGENT_PROFILE)


def activities_get(xreq: XapiRequest) -> HttpResponse:
    params.only(xreq.params, frozenset({"activityId"}), "GET /activities")
    iri = params.iri(xreq.params, "activityId", required=True)
    assert iri is not None  # noqa: S101 - required above
    activity: dict[str, object] = {"objectType": "Activity", "id": iri}
    definition = definitions.canonical(provider_id=xreq.who.provider_id,
                                       iris={iri}).get(iri)
    if definition:
        activity["definition"] = definition
    return respond(200, activity, version=xreq.version)


def agents_get(xreq: XapiRequest) -> HttpResponse:
    """A Person built from the agent asked about: the store keeps no directory of people
    beyond it, and does not disclose Learnwork accounts to providers."""
    params.only(xreq.params, frozenset({"agent"}), "GET /agents")
    pair = params.agent(xreq.params, groups=False)
    assert pair is not None  # noqa: S101
    agent = pair[0]
    person: dict[str, object] = {"objectType": "Person"}
    if "name" in agent:
        person["name"] = [agent["name"]]
    for key in ("mbox", "mbox_sha1sum", "openid", "account"):
        if key in agent:
            person[key] = [agent[key]]
    return respond(200, person, version=xreq.version)


activities = lrs_view({"GET": activities_get})
agents = lrs_view({"GET": agents_get})
