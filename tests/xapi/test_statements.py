"""Storing and reading statements: PUT, POST, GET, HEAD, and what the LRS adds."""

from __future__ import annotations

import uuid
from email.utils import parsedate_to_datetime

import pytest

from learnwork.xapi.formats import parse_timestamp
from learnwork.xapi.models import Statement
from tests.xapi.conftest import BASE, make_lrs, new_id, statement


def test_post_returns_the_ids_in_order_and_get_returns_the_statement(any_lrs):
    first = new_id()
    response = any_lrs.post([statement(id=first), statement()])
    assert response.status_code == 200
    ids = response.json()
    assert ids[0] == first and len(ids) == 2 and ids[1] != first
    assert response["X-Experience-API-Version"] == any_lrs.version
    got = any_lrs.get(statementId=ids[1])
    assert got.status_code == 200
    assert got.json()["id"] == ids[1]
    assert got["X-Experience-API-Version"] == any_lrs.version


def test_put_stores_under_the_given_id(any_lrs):
    ident = new_id()
    response = any_lrs.put(statement(), ident)
    assert response.status_code == 204
    assert response.content == b""
    assert any_lrs.get(statementId=ident).json()["id"] == ident


def test_put_needs_statement_id_matching_the_body(lrs):
    assert lrs.request("PUT", "/statements", statement()).status_code == 400
    response = lrs.put(statement(id=new_id()), new_id())
    assert response.status_code == 400
    assert "differs from the statementId" in response.json()["detail"]
    assert lrs.put([statement()], new_id()).status_code == 400


@pytest.mark.parametrize("version, expected", [("1.0.3", "1.0.0"), ("2.0.0", "2.0.0")])
def test_lrs_sets_stored_authority_version_and_timestamp(db, client, version, expected):
    lrs = make_lrs(client, version=version)
    sent = statement(authority={"mbox": "mailto:someone-else@example.org"},
                     stored="2001-01-01T00:00:00Z")
    ident = lrs.post(sent).json()[0]
    got = lrs.get(statementId=ident).json()
    assert got["version"] == expected
    assert got["authority"]["account"]["name"] == lrs.provider.slug
    assert got["stored"] != "2001-01-01T00:00:00Z"
    assert got["timestamp"] == got["stored"]
    assert parse_timestamp(got["stored"]) is not None


def test_statement_keeps_its_own_version_and_timestamp(lrs):
    ident = lrs.post(statement(version="1.0.3", timestamp="2024-05-01T09:30:00.123Z")).json()[0]
    got = lrs.get(statementId=ident).json()
    assert got["version"] == "1.0.3"
    assert got["timestamp"] == "2024-05-01T09:30:00.123Z"


def test_2_0_converts_timestamps_to_utc(lrs):
    ident = lrs.post(statement(timestamp="2024-05-01T11:30:00+02:00")).json()[0]
    assert lrs.get(statementId=ident).json()["timestamp"] == "2024-05-01T09:30:00.000000Z"


def test_context_activities_come_back_as_arrays(any_lrs):
    parent = {"id": "https://academy.example/programmes/1"}
    ident = any_lrs.post(statement(context={"contextActivities": {"parent": parent}})).json()[0]
    got = any_lrs.get(statementId=ident).json()
    assert got["context"]["contextActivities"]["parent"] == [parent]


def test_same_statement_again_is_accepted_and_changes_nothing(lrs):
    ident = new_id()
    sent = statement(id=ident)
    assert lrs.post(sent).status_code == 200
    stored_before = lrs.get(statementId=ident).json()["stored"]
    # The same statement, with differences xAPI says to ignore.
    again = statement(id=ident, verb={"id": sent["verb"]["id"]},
                      actor={"name": "ADA", "mbox": "mailto:ADA@example.org"})
    assert lrs.post(again).json() == [ident]
    assert lrs.put(again, ident).status_code == 204
    assert Statement.objects.count() == 1
    assert lrs.get(statementId=ident).json()["stored"] == stored_before


def test_different_statement_with_a_stored_id_is_a_conflict(lrs):
    ident = new_id()
    lrs.post(statement(id=ident))
    changed = statement(id=ident, verb={"id": "http://example.com/different/verb/iri"})
    response = lrs.post([statement(), changed])
    assert response.status_code == 409
    assert "cannot be changed" in response.json()["detail"]
    assert lrs.put(changed, ident).status_code == 409
    assert Statement.objects.count() == 1
    got = lrs.get(statementId=ident).json()
    assert got["verb"]["id"] == "http://adlnet.gov/expapi/verbs/completed"


def test_unknown_statement_is_not_found(lrs):
    response = lrs.get(statementId=new_id())
    assert response.status_code == 404
    assert response["X-Experience-API-Version"] == "2.0.0"


def test_single_statement_headers(lrs):
    ident = lrs.post(statement()).json()[0]
    response = lrs.get(statementId=ident)
    stored = parse_timestamp(response.json()["stored"])
    assert parsedate_to_datetime(response["Last-Modified"]) == stored.replace(microsecond=0)
    assert parse_timestamp(response["X-Experience-API-Consistent-Through"]) >= stored


def test_statement_id_takes_only_format_and_attachments(lrs):
    ident = lrs.post(statement()).json()[0]
    assert lrs.get(statementId=ident, format="ids", attachments="false").status_code == 200
    response = lrs.get(statementId=ident, verb="http://adlnet.gov/expapi/verbs/completed")
    assert response.status_code == 400
    assert lrs.get(statementId=ident, voidedStatementId=ident).status_code == 400


def test_both_paths_with_and_without_slash(lrs, client):
    for path in (f"{BASE}/statements", f"{BASE}/statements/"):
        response = client.post(path, data=statement(), content_type="application/json",
                               **lrs.headers())
        assert response.status_code == 200, path
        assert client.get(path, **lrs.headers()).status_code == 200


def test_head_answers_like_get_without_a_body(lrs, client):
    ident = lrs.post(statement()).json()[0]
    get = lrs.get(statementId=ident)
    head = client.head(f"{BASE}/statements?statementId={ident}", **lrs.headers())
    assert head.status_code == 200
    assert head.content == b""
    assert head["Content-Length"] == str(len(get.content))
    assert head["X-Experience-API-Version"] == "2.0.0"
    assert client.head(f"{BASE}/statements?statementId={new_id()}",
                       **lrs.headers()).status_code == 404


def test_unsupported_method(lrs, client):
    response = client.delete(f"{BASE}/statements", **lrs.headers())
    assert response.status_code == 405
    assert "GET" in response["Allow"]


def test_post_takes_no_parameters(lrs):
    response = lrs.request("POST", "/statements", statement(), params={"statementId": new_id()})
    assert response.status_code == 400


def test_storing_a_batch_costs_the_same_queries_whatever_its_size(lrs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    lrs.post(statement())  # warm the credential cache
    counts = []
    for size in (2, 40):
        with CaptureQueriesContext(connection) as captured:
            assert lrs.post([statement() for _ in range(size)]).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_deleting_a_providers_records(db, client):
    from learnwork.xapi import services
    from learnwork.xapi.models import Document, StatementKey

    lrs = make_lrs(client)
    other = make_lrs(client, name="Elsewhere")
    lrs.post([statement(), statement()])
    kept = other.post(statement()).json()[0]
    lrs.request("PUT", "/agents/profile", params={
        "agent": '{"mbox": "mailto:ada@example.org"}', "profileId": "p"}, raw=b"{}")
    assert services.provider_data_delete(provider_id=lrs.provider.pk) == 2
    assert list(Statement.objects.values_list("statement_id", flat=True)) == [
        uuid.UUID(kept)]
    assert not StatementKey.objects.exclude(statement__provider_id=other.provider.pk).exists()
    assert not Document.objects.exists()
    assert [s["id"] for s in other.get().json()["statements"]] == [kept]
