"""Version negotiation, authentication, About, and the 1.0.3 alternate request syntax."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest

from learnwork.xapi.models import Statement
from tests.xapi.conftest import BASE, basic, make_lrs, new_id, statement


@pytest.mark.parametrize("sent, answered", [
    ("2.0.0", "2.0.0"), ("2.0", "2.0.0"), ("2.0.7", "2.0.0"),
    ("1.0.3", "1.0.3"), ("1.0", "1.0.3"), ("1.0.0", "1.0.3"), ("1.0.1", "1.0.3"),
])
def test_supported_versions_are_answered_in_kind(lrs, sent, answered):
    response = lrs.request("GET", "/statements", HTTP_X_EXPERIENCE_API_VERSION=sent)
    assert response.status_code == 200
    assert response["X-Experience-API-Version"] == answered


@pytest.mark.parametrize("sent", [None, "0.95", "0.9", "2.1.0", "3.0.0", "1.1.0", "two"])
def test_other_versions_are_refused(lrs, sent):
    headers = lrs.headers()
    headers.pop("HTTP_X_EXPERIENCE_API_VERSION")
    if sent is not None:
        headers["HTTP_X_EXPERIENCE_API_VERSION"] = sent
    response = lrs.client.post(f"{BASE}/statements", data=statement(),
                               content_type="application/json", **headers)
    assert response.status_code == 400
    assert response["X-Experience-API-Version"] == "2.0.0"
    assert "X-Experience-API-Version" in response.json()["detail"] or "1.0.3" in \
        response.json()["detail"]
    assert not Statement.objects.exists()


def test_about_needs_no_credentials_nor_version(client, db):
    response = client.get(f"{BASE}/about")
    assert response.status_code == 200
    assert response.json()["version"] == ["1.0.3", "2.0.0"]
    assert response["X-Experience-API-Version"] == "2.0.0"
    old = client.get(f"{BASE}/about", HTTP_X_EXPERIENCE_API_VERSION="1.0.3")
    assert old["X-Experience-API-Version"] == "1.0.3"
    head = client.head(f"{BASE}/about/")
    assert head.status_code == 200 and head.content == b""


@pytest.mark.parametrize("authorization", [
    None, "Basic " + "bm9ib2R5Om5vdGhpbmc=", "Bearer abc", basic("lwk_unknown", "secret"),
])
def test_missing_or_bad_credentials_are_401_with_a_challenge(db, client, authorization):
    headers = {"HTTP_X_EXPERIENCE_API_VERSION": "2.0.0"}
    if authorization:
        headers["HTTP_AUTHORIZATION"] = authorization
    for path in ("/statements", "/activities/state", "/agents", "/activities"):
        response = client.get(f"{BASE}{path}", **headers)
        assert response.status_code == 401, path
        assert response["WWW-Authenticate"].startswith("Basic")
        assert response["X-Experience-API-Version"] == "2.0.0"


def test_revoked_credential_stops_working(db, client):
    from learnwork.providers import services as provider_services

    lrs = make_lrs(client)
    assert lrs.get().status_code == 200
    provider_services.credential_revoke(actor=None, credential=lrs.credential)
    assert lrs.get().status_code == 401


def test_lrs_endpoints_need_no_csrf_token(db):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    lrs = make_lrs(strict)
    assert lrs.post(statement()).status_code == 200


# --- alternate request syntax (1.0.3) ---------------------------------------------------

def alternate(lrs, method, path, fields, *, query=None):
    query = query if query is not None else {"method": method}
    return lrs.client.post(f"{BASE}{path}?{urlencode(query)}", data=urlencode(fields),
                           content_type="application/x-www-form-urlencoded")


def form_headers(lrs, **extra):
    return {"Authorization": lrs.authorization, "X-Experience-API-Version": "1.0.3", **extra}


@pytest.fixture
def old_lrs(db, client):
    return make_lrs(client, version="1.0.3")


def test_alternate_syntax_put_then_get(old_lrs):
    ident = new_id()
    response = alternate(old_lrs, "PUT", "/statements", {
        **form_headers(old_lrs, **{"Content-Type": "application/json"}),
        "statementId": ident, "content": json.dumps(statement())})
    assert response.status_code == 204, response.content
    assert response["X-Experience-API-Version"] == "1.0.3"
    got = alternate(old_lrs, "GET", "/statements", {**form_headers(old_lrs),
                                                    "statementId": ident})
    assert got.status_code == 200
    assert got.json()["id"] == ident
    listed = alternate(old_lrs, "GET", "/statements", {
        **form_headers(old_lrs), "verb": "http://adlnet.gov/expapi/verbs/completed"})
    assert [s["id"] for s in listed.json()["statements"]] == [ident]


def test_alternate_syntax_for_documents(old_lrs):
    params = {"activityId": "https://academy.example/c", "agent": json.dumps(
        {"mbox": "mailto:ada@example.org"}), "stateId": "bookmark"}
    put = alternate(old_lrs, "PUT", "/activities/state", {
        **form_headers(old_lrs, **{"Content-Type": "application/json"}), **params,
        "content": json.dumps({"page": 3})})
    assert put.status_code == 204, put.content
    got = alternate(old_lrs, "GET", "/activities/state", {**form_headers(old_lrs), **params})
    assert got.json() == {"page": 3}
    etag = got["ETag"]
    stale = alternate(old_lrs, "DELETE", "/activities/state", {
        **form_headers(old_lrs, **{"If-Match": '"' + "0" * 40 + '"'}), **params})
    assert stale.status_code == 412
    gone = alternate(old_lrs, "DELETE", "/activities/state", {
        **form_headers(old_lrs, **{"If-Match": etag}), **params})
    assert gone.status_code == 204


@pytest.mark.parametrize("case", ["extra query parameter", "not form encoded", "no content",
                                  "unknown method", "2.0 request"])
def test_alternate_syntax_mistakes(old_lrs, case):
    fields = {**form_headers(old_lrs), "statementId": new_id(),
              "content": json.dumps(statement())}
    query = {"method": "PUT"}
    if case == "extra query parameter":
        query["statementId"] = fields["statementId"]
    if case == "no content":
        del fields["content"]
    if case == "unknown method":
        query = {"method": "PATCH"}
    if case == "2.0 request":
        fields["X-Experience-API-Version"] = "2.0.0"
    if case == "not form encoded":
        response = old_lrs.client.post(f"{BASE}/statements?method=PUT", data=statement(),
                                       content_type="application/json")
    else:
        response = alternate(old_lrs, "PUT", "/statements", fields, query=query)
    assert response.status_code == 400, case
    assert not Statement.objects.exists()


def test_alternate_syntax_is_refused_in_2_0(lrs):
    response = lrs.request("POST", "/statements", params={"method": "GET"}, raw=b"",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "2.0" in response.json()["detail"]


def test_alternate_syntax_checks_credentials_from_the_form(old_lrs):
    response = alternate(old_lrs, "GET", "/statements", {
        "Authorization": basic("lwk_nobody", "nothing"), "X-Experience-API-Version": "1.0.3"})
    assert response.status_code == 401


def test_too_large_a_request_is_413(lrs, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_000
    response = lrs.post([statement() for _ in range(20)])
    assert response.status_code == 413
    assert not Statement.objects.exists()
