"""GET /statements: every filter, the formats, paging with `more`, and who reads what."""

from __future__ import annotations

import json
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learnwork.xapi.formats import format_timestamp, parse_timestamp
from tests.xapi.conftest import make_lrs, new_id, statement

ADA = {"objectType": "Agent", "mbox": "mailto:ada@example.org"}
BO = {"objectType": "Agent", "mbox": "mailto:bo@example.org"}
CY = {"objectType": "Agent", "account": {"homePage": "https://lms.example", "name": "cy"}}
PY = "https://academy.example/courses/python"
GO = "https://academy.example/courses/go"
COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
ATTEMPTED = "http://adlnet.gov/expapi/verbs/attempted"


def ids(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [s["id"] for s in response.json()["statements"]]


@pytest.fixture
def stored(lrs):
    """A small store; the names say who did what."""
    reg = new_id()
    rows = {
        "ada_completed_py": statement(actor=ADA, object={"id": PY}, context={"registration": reg}),
        "bo_attempted_go": statement(actor=BO, verb={"id": ATTEMPTED}, object={"id": GO},
                                     context={"instructor": ADA, "contextActivities": {
                                         "parent": [{"id": PY}]}}),
        "group_completed_go": statement(
            actor={"objectType": "Group", "name": "Pair", "member": [BO, CY]},
            object={"id": GO}),
        "cy_mentored_ada": statement(actor=CY, verb={"id": "https://w3id.org/xapi/mentored"},
                                     object=ADA),
        "sub_about_bo": statement(actor=CY, verb={"id": "http://adlnet.gov/expapi/verbs/planned"},
                                  object={"objectType": "SubStatement", "actor": BO,
                                          "verb": {"id": COMPLETED}, "object": {"id": PY}}),
    }
    out = {}
    for name, body in rows.items():
        out[name] = lrs.post(body).json()[0]
    out["registration"] = reg
    return out


def test_everything_newest_first(lrs, stored):
    names = ["ada_completed_py", "bo_attempted_go", "group_completed_go", "cy_mentored_ada",
             "sub_about_bo"]
    assert ids(lrs.get()) == [stored[n] for n in reversed(names)]
    assert ids(lrs.get(ascending="true")) == [stored[n] for n in names]
    response = lrs.get()
    assert response.json()["more"] == ""
    assert parse_timestamp(response["X-Experience-API-Consistent-Through"]) is not None


def test_agent_filter_matches_actor_object_and_group_members(lrs, stored):
    assert ids(lrs.get(agent=ADA)) == [stored["cy_mentored_ada"], stored["ada_completed_py"]]
    # Bo is a member of the group that completed Go; the instructor role does not count.
    assert ids(lrs.get(agent=BO)) == [stored["group_completed_go"], stored["bo_attempted_go"]]
    assert ids(lrs.get(agent={"account": CY["account"]})) == [
        stored["sub_about_bo"], stored["cy_mentored_ada"], stored["group_completed_go"]]
    # mailto case does not matter.
    assert ids(lrs.get(agent={"mbox": "mailto:ADA@Example.org"})) == ids(lrs.get(agent=ADA))


def test_related_agents_widens_the_agent_filter(lrs, stored):
    related = ids(lrs.get(agent=ADA, related_agents="true"))
    assert set(related) == {stored["cy_mentored_ada"], stored["ada_completed_py"],
                            stored["bo_attempted_go"]}  # instructor there
    assert stored["sub_about_bo"] in ids(lrs.get(agent=BO, related_agents="true"))
    # The authority matches too: every statement this provider stored.
    authority = lrs.get().json()["statements"][0]["authority"]
    assert len(ids(lrs.get(agent=authority, related_agents="true"))) == 5
    assert ids(lrs.get(agent=authority)) == []


def test_verb_activity_and_registration_filters(lrs, stored):
    assert ids(lrs.get(verb=ATTEMPTED)) == [stored["bo_attempted_go"]]
    assert ids(lrs.get(activity=GO)) == [stored["group_completed_go"], stored["bo_attempted_go"]]
    assert ids(lrs.get(registration=stored["registration"])) == [stored["ada_completed_py"]]
    assert ids(lrs.get(registration=stored["registration"].upper())) == [
        stored["ada_completed_py"]]
    assert ids(lrs.get(verb=COMPLETED, activity=GO)) == [stored["group_completed_go"]]
    assert ids(lrs.get(verb=COMPLETED, agent=BO, activity=GO)) == [
        stored["group_completed_go"]]


def test_related_activities_widens_the_activity_filter(lrs, stored):
    assert ids(lrs.get(activity=PY)) == [stored["ada_completed_py"]]
    assert set(ids(lrs.get(activity=PY, related_activities="true"))) == {
        stored["ada_completed_py"], stored["bo_attempted_go"], stored["sub_about_bo"]}


def test_since_until_and_limit(lrs):
    first = lrs.post(statement()).json()[0]
    middle_stored = lrs.get(statementId=first).json()["stored"]
    time.sleep(0.01)
    second = lrs.post(statement()).json()[0]
    assert ids(lrs.get(since=middle_stored)) == [second]
    assert ids(lrs.get(until=middle_stored)) == [first]
    assert ids(lrs.get(limit="1")) == [second]
    future = format_timestamp(parse_timestamp(middle_stored).replace(year=2999))
    assert ids(lrs.get(since=future)) == []


def test_more_pages_through_everything_once(lrs):
    sent = lrs.post([statement() for _ in range(7)]).json()
    seen, response = [], lrs.get(limit="3", verb=COMPLETED)
    pages = 0
    while True:
        body = response.json()
        seen += [s["id"] for s in body["statements"]]
        pages += 1
        if not body["more"]:
            break
        assert body["more"].startswith("/xapi/statements/more/")
        response = lrs.client.get(body["more"], **lrs.headers())
        assert response.status_code == 200
    assert pages == 3
    assert seen == list(reversed(sent))


def test_more_link_belongs_to_its_provider(db, client):
    lrs = make_lrs(client)
    lrs.post([statement(), statement()])
    more = lrs.get(limit="1").json()["more"]
    other = make_lrs(client, name="Elsewhere")
    assert other.client.get(more, **other.headers()).status_code == 404
    assert lrs.client.get(more + "x", **lrs.headers()).status_code == 404


def test_format_ids_keeps_only_identifiers(lrs, stored):
    got = lrs.get(statementId=stored["bo_attempted_go"], format="ids").json()
    assert got["actor"] == {"objectType": "Agent", "mbox": "mailto:bo@example.org"}
    assert got["verb"] == {"id": ATTEMPTED}
    assert got["object"] == {"objectType": "Activity", "id": GO}
    assert got["context"]["instructor"] == ADA
    group = lrs.get(statementId=stored["group_completed_go"], format="ids").json()["actor"]
    assert group == {"objectType": "Group", "member": [BO, CY]}


def test_format_exact_returns_what_was_sent(lrs):
    sent = statement(verb={"id": COMPLETED, "display": {"en-US": "completed", "de": "fertig"}})
    ident = lrs.post(sent).json()[0]
    got = lrs.get(statementId=ident, format="exact").json()
    assert got["verb"] == sent["verb"]
    assert got["object"] == sent["object"]
    assert got["actor"] == sent["actor"]


def test_format_canonical_uses_the_latest_definition_and_one_language(lrs):
    first = statement(object={"id": PY, "definition": {
        "name": {"en-US": "Python basics", "fr": "Les bases de Python"},
        "description": {"en-US": "Start here"}}})
    old = lrs.post(first).json()[0]
    lrs.post(statement(object={"id": PY, "definition": {"name": {"en-US": "Python, the basics"},
                                                       "type": "http://x.org/course"}}))
    got = lrs.get(statementId=old, format="canonical", HTTP_ACCEPT_LANGUAGE="fr, en;q=0.5").json()
    assert got["object"]["definition"] == {"name": {"fr": "Les bases de Python"},
                                           "description": {"en-US": "Start here"},
                                           "type": "http://x.org/course"}
    assert got["verb"]["display"] == {"fr": "a terminé"}
    english = lrs.get(statementId=old, format="canonical", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["object"]["definition"]["name"] == {"en-US": "Python, the basics"}
    # exact still returns what was sent
    assert lrs.get(statementId=old).json()["object"] == first["object"]


def test_definitions_stay_without_the_define_scope(db, client):
    lrs = make_lrs(client, scopes=["statements/write", "statements/read"])
    lrs.post(statement(object={"id": PY, "definition": {"name": {"en": "Python"}}}))
    response = lrs.get("/activities", activityId=PY)
    assert response.json() == {"objectType": "Activity", "id": PY}


@pytest.mark.parametrize("params", [
    {"agent": "not json"}, {"agent": json.dumps({"name": "nobody"})},
    {"agent": json.dumps({"objectType": "Group", "member": [ADA]})},
    {"verb": "completed"}, {"activity": "python"}, {"registration": "r1"},
    {"since": "yesterday"}, {"until": "2024-13-01T00:00:00Z"}, {"limit": "-1"},
    {"limit": "ten"}, {"format": "full"}, {"related_agents": "yes"}, {"ascending": "True"},
    {"attachments": "1"}, {"Verb": COMPLETED}, {"page": "2"},
])
def test_bad_query_parameters(lrs, params):
    response = lrs.request("GET", "/statements", params=params)
    assert response.status_code == 400, params
    assert response.json()["detail"]


def test_parameter_in_the_wrong_case_is_named(lrs):
    detail = lrs.request("GET", "/statements", params={"Verb": COMPLETED}).json()["detail"]
    assert '"verb"' in detail


def test_read_mine_sees_only_its_credentials_statements(db, client):
    writer = make_lrs(client)
    mine = make_lrs(client, provider=writer.provider,
                    scopes=["statements/write", "statements/read/mine"])
    theirs = writer.post(statement()).json()[0]
    own = mine.post(statement()).json()[0]
    assert ids(mine.get()) == [own]
    assert mine.get(statementId=theirs).status_code == 404
    assert ids(writer.get()) == [own, theirs]


def test_providers_never_see_each_others_statements(db, client):
    first = make_lrs(client)
    second = make_lrs(client, name="Elsewhere")
    ident = first.post(statement(actor=ADA)).json()[0]
    assert ids(second.get()) == []
    assert ids(second.get(agent=ADA)) == []
    assert second.get(statementId=ident).status_code == 404


def test_write_only_credential_cannot_read(db, client):
    lrs = make_lrs(client, scopes=["statements/write"])
    lrs.post(statement())
    response = lrs.get()
    assert response.status_code == 403
    assert "statements/read" in response.json()["detail"]


def test_read_only_credential_cannot_write(db, client):
    lrs = make_lrs(client, scopes=["statements/read"])
    response = lrs.post(statement())
    assert response.status_code == 403


def test_one_query_per_page_whatever_its_size(lrs, django_assert_max_num_queries):
    lrs.post([statement(actor=ADA) for _ in range(30)])
    lrs.get(agent=ADA, limit="2")  # warm the credential cache
    for limit in ("2", "30"):
        with CaptureQueriesContext(connection) as captured:
            assert len(ids(lrs.get(agent=ADA, verb=COMPLETED, limit=limit))) == int(limit)
        statements_queries = [q for q in captured if "xapi_statement" in q["sql"]]
        assert len(statements_queries) == 1
