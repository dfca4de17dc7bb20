"""State, Activity Profile and Agent Profile documents, with ETag concurrency; the Activities
and Agents resources."""

from __future__ import annotations

import hashlib
import json
import time

import pytest
from django.utils import timezone

from learnwork.xapi.formats import format_timestamp
from tests.xapi.conftest import make_lrs, new_id, statement

ACTIVITY = "https://academy.example/courses/python"
ADA = {"objectType": "Agent", "mbox": "mailto:ada@example.org"}

RESOURCES = {
    "state": ("/activities/state", "stateId",
              {"activityId": ACTIVITY, "agent": json.dumps(ADA)}),
    "activity profile": ("/activities/profile", "profileId", {"activityId": ACTIVITY}),
    "agent profile": ("/agents/profile", "profileId", {"agent": json.dumps(ADA)}),
}


@pytest.fixture(params=list(RESOURCES))
def resource(request):
    return RESOURCES[request.param]


def call(lrs, method, resource, document_id="doc-1", body=None, content_type="application/json",
         **headers):
    path, id_name, params = resource
    params = dict(params)
    if document_id is not None:
        params[id_name] = document_id
    raw = body if isinstance(body, bytes) else (json.dumps(body).encode() if body is not None
                                                else b"")
    return lrs.request(method, path, params=params, raw=raw, content_type=content_type,
                       **headers)


def test_put_get_delete(any_lrs, resource):
    assert call(any_lrs, "PUT", resource, body={"progress": 1}).status_code == 204
    got = call(any_lrs, "GET", resource)
    assert got.status_code == 200
    assert got.json() == {"progress": 1}
    assert got["Content-Type"] == "application/json"
    expected = hashlib.sha1(got.content, usedforsecurity=False).hexdigest()
    assert got["ETag"] == f'"{expected}"'
    assert got["Last-Modified"]
    assert got["X-Experience-API-Version"] == any_lrs.version
    assert call(any_lrs, "DELETE", resource).status_code == 204
    assert call(any_lrs, "GET", resource).status_code == 404


def test_any_content_type_is_kept(lrs, resource):
    png = b"\x89PNG\r\n\x1a\nfake"
    assert call(lrs, "PUT", resource, body=png, content_type="image/png").status_code == 204
    got = call(lrs, "GET", resource)
    assert got.content == png
    assert got["Content-Type"] == "image/png"


def test_post_merges_json_objects_at_the_top_level(lrs, resource):
    call(lrs, "POST", resource, body={"a": 1, "nested": {"x": 1}})
    assert call(lrs, "POST", resource, body={"b": 2, "nested": {"y": 2}}).status_code == 204
    assert call(lrs, "GET", resource).json() == {"a": 1, "b": 2, "nested": {"y": 2}}


def test_post_refuses_what_it_cannot_merge(lrs, resource):
    call(lrs, "PUT", resource, body=b"plain text", content_type="text/plain")
    response = call(lrs, "POST", resource, body={"a": 1})
    assert response.status_code == 400
    assert "JSON objects" in response.json()["detail"]
    assert call(lrs, "GET", resource).content == b"plain text"
    fresh = call(lrs, "POST", resource, document_id="doc-2", body=[1, 2])
    assert fresh.status_code == 400


def test_put_over_an_existing_document_needs_a_precondition(lrs, resource):
    call(lrs, "PUT", resource, body={"v": 1})
    response = call(lrs, "PUT", resource, body={"v": 2})
    assert response.status_code == 409
    assert "If-Match" in response.json()["detail"]
    assert call(lrs, "GET", resource).json() == {"v": 1}


def test_if_match_and_if_none_match(lrs, resource):
    assert call(lrs, "PUT", resource, body={"v": 1},
                HTTP_IF_NONE_MATCH="*").status_code == 204
    etag = call(lrs, "GET", resource)["ETag"]
    # Create-only fails now that it exists.
    assert call(lrs, "PUT", resource, body={"v": 2}, HTTP_IF_NONE_MATCH="*").status_code == 412
    stale = '"' + "1" * 40 + '"'
    assert call(lrs, "PUT", resource, body={"v": 2}, HTTP_IF_MATCH=stale).status_code == 412
    assert call(lrs, "POST", resource, body={"w": 2}, HTTP_IF_MATCH=stale).status_code == 412
    assert call(lrs, "DELETE", resource, HTTP_IF_MATCH=stale).status_code == 412
    assert call(lrs, "GET", resource).json() == {"v": 1}
    assert call(lrs, "PUT", resource, body={"v": 3}, HTTP_IF_MATCH=etag).status_code == 204
    assert call(lrs, "PUT", resource, body={"v": 4}, HTTP_IF_MATCH="*").status_code == 204
    assert call(lrs, "GET", resource).json() == {"v": 4}
    # If-Match on a document that does not exist fails.
    assert call(lrs, "PUT", resource, document_id="none", body={},
                HTTP_IF_MATCH="*").status_code == 412


def test_listing_ids_with_since(lrs, resource):
    call(lrs, "PUT", resource, document_id="first", body={})
    time.sleep(0.01)
    middle = format_timestamp(timezone.now())
    time.sleep(0.01)
    call(lrs, "PUT", resource, document_id="second", body={})
    path, id_name, params = resource
    listed = lrs.request("GET", path, params=params)
    assert listed.status_code == 200
    assert listed.json() == ["first", "second"]
    assert listed["ETag"]
    assert lrs.request("GET", path, params={**params, "since": middle}).json() == ["second"]
    both = lrs.request("GET", path, params={**params, "since": middle, id_name: "first"})
    assert both.status_code == 400


def test_state_is_kept_per_registration_and_deleted_together(lrs):
    resource = RESOURCES["state"]
    path, _id_name, params = resource
    registration = new_id()
    with_reg = (path, "stateId", {**params, "registration": registration})
    call(lrs, "PUT", resource, document_id="bookmark", body={"page": 1})
    call(lrs, "PUT", with_reg, document_id="bookmark", body={"page": 9})
    call(lrs, "PUT", with_reg, document_id="notes", body={"n": 1})
    assert call(lrs, "GET", with_reg, document_id="bookmark").json() == {"page": 9}
    assert lrs.request("DELETE", path, params=with_reg[2]).status_code == 204
    assert lrs.request("GET", path, params=with_reg[2]).json() == []
    assert call(lrs, "GET", resource, document_id="bookmark").json() == {"page": 1}


def test_profiles_need_a_profile_id_to_delete(lrs):
    path, _id, params = RESOURCES["activity profile"]
    assert lrs.request("DELETE", path, params=params).status_code == 400


@pytest.mark.parametrize("params, expected", [
    ({"agent": json.dumps(ADA), "stateId": "s"}, "activityId"),
    ({"activityId": "not-an-iri", "agent": json.dumps(ADA), "stateId": "s"}, "activityId"),
    ({"activityId": ACTIVITY, "stateId": "s"}, "agent"),
    ({"activityId": ACTIVITY, "agent": json.dumps({"name": "x"}), "stateId": "s"}, "agent"),
    ({"activityId": ACTIVITY, "stateId": "s",
      "agent": json.dumps({"objectType": "Group", "mbox": "mailto:g@x.org"})}, "not a Group"),
    ({"activityId": ACTIVITY, "agent": json.dumps(ADA), "stateId": "s", "registration": "x"},
     "registration"),
    ({"activityId": ACTIVITY, "agent": json.dumps(ADA), "stateid": "s"}, "stateId"),
])
def test_bad_state_parameters(lrs, params, expected):
    response = lrs.request("PUT", "/activities/state", params=params, raw=b"{}")
    assert response.status_code == 400
    assert expected in response.json()["detail"]


def test_documents_are_per_provider(db, client, resource):
    first = make_lrs(client)
    second = make_lrs(client, name="Elsewhere")
    call(first, "PUT", resource, body={"mine": True})
    assert call(second, "GET", resource).status_code == 404
    assert call(second, "PUT", resource, body={"theirs": True}).status_code == 204
    assert call(first, "GET", resource).json() == {"mine": True}


@pytest.mark.parametrize("name, scope", [("state", "state"), ("activity profile", "profile"),
                                         ("agent profile", "profile")])
def test_documents_need_their_scope(db, client, name, scope):
    lrs = make_lrs(client, scopes=["statements/write", "statements/read"])
    response = call(lrs, "PUT", RESOURCES[name], body={})
    assert response.status_code == 403
    assert scope in response.json()["detail"]
    allowed = make_lrs(client, scopes=[scope], name="Scoped")
    assert call(allowed, "PUT", RESOURCES[name], body={}).status_code == 204


def test_activities_resource_returns_the_canonical_definition(lrs):
    lrs.post(statement(object={"id": ACTIVITY, "definition": {"name": {"en": "Python"}}}))
    got = lrs.get("/activities", activityId=ACTIVITY)
    assert got.json() == {"objectType": "Activity", "id": ACTIVITY,
                          "definition": {"name": {"en": "Python"}}}
    unknown = lrs.get("/activities", activityId="https://academy.example/unknown")
    assert unknown.json() == {"objectType": "Activity", "id": "https://academy.example/unknown"}
    assert lrs.get("/activities").status_code == 400


def test_agents_resource_returns_a_person(lrs):
    got = lrs.get("/agents", agent={"name": "Ada", "mbox": "mailto:ada@example.org"})
    assert got.json() == {"objectType": "Person", "name": ["Ada"],
                          "mbox": ["mailto:ada@example.org"]}
    assert lrs.get("/agents", agent={"name": "nobody"}).status_code == 400
