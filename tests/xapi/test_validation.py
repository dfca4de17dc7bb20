"""Strict validation: every kind of malformed statement xAPI names is a 400 that says what is
wrong and where, and nothing is stored."""

from __future__ import annotations

import copy
import json

import pytest

from learnwork.xapi.models import Statement
from tests.xapi.conftest import make_lrs, new_id, statement

ADA = {"mbox": "mailto:ada@example.org"}
ACTIVITY = "https://academy.example/courses/python"


def full() -> dict:
    """A valid statement using most of what a statement can hold."""
    return statement(
        id=new_id(),
        result={"score": {"scaled": 0.5, "raw": 50, "min": 0, "max": 100}, "success": True,
                "completion": True, "response": "yes", "duration": "PT1H2M3.5S",
                "extensions": {"https://academy.example/ext/attempt": 2}},
        context={"registration": new_id(), "instructor": {"mbox": "mailto:teacher@example.org"},
                 "team": {"objectType": "Group", "name": "Team",
                          "member": [{"mbox": "mailto:bo@example.org"}]},
                 "contextActivities": {"parent": {"id": "https://academy.example/programmes/1"}},
                 "revision": "2", "platform": "LMS", "language": "en-GB",
                 "statement": {"objectType": "StatementRef", "id": new_id()},
                 "extensions": {"https://academy.example/ext/room": None}},
        timestamp="2024-05-01T09:30:00.000Z",
        attachments=[{"usageType": "https://academy.example/usage/certificate",
                      "display": {"en": "Certificate"}, "contentType": "application/pdf",
                      "length": 12, "sha2": "a" * 64,
                      "fileUrl": "https://academy.example/certificates/1.pdf"}],
    )


def at(path: str, value):
    """A change: set (or with value ... delete) the property at a dotted path."""
    def change(stmt):
        node = stmt
        keys = path.split(".")
        for key in keys[:-1]:
            node = node[int(key)] if isinstance(node, list) else node[key]
        if value is ...:
            del node[keys[-1]]
        else:
            node[keys[-1]] = copy.deepcopy(value)
        return stmt
    return change


SUB = {"objectType": "SubStatement", "actor": ADA, "verb": {"id": "http://x.org/v"},
       "object": {"id": ACTIVITY}}
COMPONENTS = [{"id": "a", "description": {"en": "A"}}, {"id": "b"}]

CASES = [
    # Statement
    ("unknown top-level property", at("foo", 1), "statement.foo"),
    ("property in the wrong case", at("Actor", ADA), "statement.Actor"),
    ("null value", at("result", {"success": None}), "must not be null"),
    ("id not a UUID", at("id", "not-a-uuid"), "statement.id"),
    ("id with a digit too many", at("id", "AA97B177-9383-4934-8543-0F91A7A028368"),
     "statement.id"),
    ("id a number", at("id", 12345), "statement.id"),
    ("no actor", at("actor", ...), "statement.actor: is required"),
    ("no verb", at("verb", ...), "statement.verb: is required"),
    ("no object", at("object", ...), "statement.object: is required"),
    ("timestamp not ISO 8601", at("timestamp", "01/011/2015"), "statement.timestamp"),
    ("timestamp with -00:00", at("timestamp", "2008-09-15T15:53:00.601-00:00"),
     "statement.timestamp"),
    ("stored not a timestamp", at("stored", "yesterday"), "statement.stored"),
    ("version 3.0.0", at("version", "3.0.0"), "statement.version"),
    ("version a number", at("version", 1.0), "statement.version"),
    # Actor
    ("actor with two identifiers", at("actor.mbox_sha1sum", "a" * 40), "exactly one"),
    ("actor with no identifier", at("actor", {"name": "Ada"}), "exactly one identifier"),
    ("mbox without mailto:", at("actor.mbox", "ada@example.org"), "statement.actor.mbox"),
    ("mbox_sha1sum too short", at("actor", {"mbox_sha1sum": "abc"}), "mbox_sha1sum"),
    ("openid not an IRI", at("actor", {"openid": "example"}), "statement.actor.openid"),
    ("account without homePage", at("actor", {"account": {"name": "ada"}}),
     "needs both homePage and name"),
    ("account homePage not an IRL", at("actor", {"account": {"homePage": "example.org",
                                                             "name": "ada"}}), "homePage"),
    ("account with an empty name", at("actor", {"account": {"homePage": "https://x.org",
                                                            "name": ""}}), "account.name"),
    ("account with an extra property", at("actor", {"account": {
        "homePage": "https://x.org", "name": "a", "id": 1}}), "statement.actor.account.id"),
    ("objectType in the wrong case", at("actor.objectType", "agent"), "objectType"),
    ("agent name not a string", at("actor.name", 7), "statement.actor.name"),
    ("agent with an unknown property", at("actor.age", 7), "statement.actor.age"),
    ("anonymous group without members", at("actor", {"objectType": "Group", "name": "G"}),
     "anonymous Group"),
    ("group with a group as member", at("actor", {"objectType": "Group", "member": [
        {"objectType": "Group", "mbox": "mailto:g@x.org"}]}), "member[0]"),
    ("group member without identifier", at("actor", {"objectType": "Group", "member": [
        {"name": "Bo"}]}), "statement.actor.member[0]"),
    ("group member list not an array", at("actor", {"objectType": "Group",
                                                    "mbox": "mailto:g@x.org", "member": ADA}),
     "statement.actor.member"),
    # Verb
    ("verb without id", at("verb", {"display": {"en": "did"}}), "statement.verb.id"),
    ("verb id not an IRI", at("verb.id", "completed"), "statement.verb.id"),
    ("display not a language map", at("verb.display", "completed"), "statement.verb.display"),
    ("display with a bad language tag", at("verb.display", {"english": "did", "e n": "x"}),
     "statement.verb.display.e n"),
    ("display value not a string", at("verb.display", {"en": ["did"]}),
     "statement.verb.display.en"),
    ("verb with an unknown property", at("verb.name", "x"), "statement.verb.name"),
    # Object
    ("unknown objectType", at("object.objectType", "activity"), "statement.object.objectType"),
    ("activity without id", at("object", {"objectType": "Activity"}), "statement.object.id"),
    ("activity id not an IRI", at("object.id", "python"), "statement.object.id"),
    ("agent object without objectType", at("object", ADA), "statement.object.mbox"),
    ("definition with an unknown property", at("object.definition.title", {"en": "x"}),
     "statement.object.definition.title"),
    ("definition name not a language map", at("object.definition.name", "Python"),
     "statement.object.definition.name"),
    ("definition type not an IRI", at("object.definition.type", "course"),
     "statement.object.definition.type"),
    ("moreInfo not an IRL", at("object.definition.moreInfo", "see the site"), "moreInfo"),
    ("interactionType not allowed", at("object.definition.interactionType", "essay"),
     "interactionType"),
    ("choices without interactionType", at("object.definition.choices", COMPONENTS),
     "interactionType: is required"),
    ("choices on a true-false interaction", at("object.definition", {
        "interactionType": "true-false", "choices": COMPONENTS}), "definition.choices"),
    ("interaction component ids repeated", at("object.definition", {
        "interactionType": "choice", "choices": [{"id": "a"}, {"id": "a"}]}), "used twice"),
    ("correctResponsesPattern not strings", at("object.definition", {
        "interactionType": "choice", "correctResponsesPattern": [1]}),
     "correctResponsesPattern[0]"),
    ("extension key not an IRI", at("object.definition.extensions", {"color": "red"}),
     "extension key"),
    ("statement ref without id", at("object", {"objectType": "StatementRef"}),
     "statement.object.id"),
    ("statement ref with a bad id", at("object", {"objectType": "StatementRef",
                                                  "id": "MA97B177-9383-4934-8543-0F91A7A02836"}),
     "statement.object.id"),
    ("substatement inside a substatement", at("object", {**SUB, "object": SUB}),
     "cannot contain another SubStatement"),
    ("substatement with an id", at("object", {**SUB, "id": new_id()}), "statement.object.id"),
    ("substatement with stored", at("object", {**SUB, "stored": "2024-05-01T00:00:00Z"}),
     "statement.object.stored"),
    ("substatement with authority", at("object", {**SUB, "authority": ADA}),
     "statement.object.authority"),
    ("substatement without verb", at("object", {k: v for k, v in SUB.items() if k != "verb"}),
     "statement.object.verb"),
    ("voiding an activity", at("verb.id", "http://adlnet.gov/expapi/verbs/voided"),
     "StatementRef"),
    # Result
    ("scaled score above 1", at("result.score.scaled", 1.5), "statement.result.score.scaled"),
    ("scaled score as a string", at("result.score.scaled", "0.5"), "must be a number"),
    ("raw score above max", at("result.score.raw", 101), "statement.result.score.raw"),
    ("raw score below min", at("result.score.raw", -1), "statement.result.score.raw"),
    ("min not below max", at("result.score.min", 100), "statement.result.score.min"),
    ("score a boolean", at("result.score.raw", True), "must be a number"),
    ("success as a string", at("result.success", "true"), "statement.result.success"),
    ("completion as a number", at("result.completion", 1), "statement.result.completion"),
    ("response a number", at("result.response", 1), "statement.result.response"),
    ("duration not ISO 8601", at("result.duration", "90 minutes"), "statement.result.duration"),
    ("duration mixing weeks and days", at("result.duration", "P4W1D"), "duration"),
    ("result with an unknown property", at("result.grade", "A"), "statement.result.grade"),
    # Context
    ("registration not a UUID", at("context.registration", "reg-1"), "context.registration"),
    ("instructor without identifier", at("context.instructor", {"name": "T"}),
     "context.instructor"),
    ("team an agent", at("context.team", ADA), "context.team.objectType"),
    ("unknown contextActivities key", at("context.contextActivities", {"parents": []}),
     "contextActivities.parents"),
    ("context activity without id", at("context.contextActivities", {"parent": [{}]}),
     "contextActivities.parent[0].id"),
    ("revision when the object is an agent", at("object", {"objectType": "Agent", **ADA}),
     "context.revision"),
    ("language not a language tag", at("context.language", "English (UK)"), "context.language"),
    ("context statement not a StatementRef", at("context.statement", {"id": new_id()}),
     "context.statement.objectType"),
    ("contextAgents in 1.0.3", None, None),  # see the version-specific test below
    ("context with an unknown property", at("context.mood", "calm"), "context.mood"),
    # Authority
    ("authority group of three", at("authority", {"objectType": "Group", "member": [
        ADA, {"mbox": "mailto:b@x.org"}, {"mbox": "mailto:c@x.org"}]}), "exactly two Agents"),
    ("authority without identifier", at("authority", {"name": "LMS"}), "statement.authority"),
    # Attachments
    ("attachments not an array", at("attachments", {"usageType": "x"}), "statement.attachments"),
    ("attachment without usageType", at("attachments.0.usageType", ...), "usageType"),
    ("attachment without display", at("attachments.0.display", ...), "display"),
    ("attachment without contentType", at("attachments.0.contentType", ...), "contentType"),
    ("attachment without length", at("attachments.0.length", ...), "length"),
    ("attachment without sha2", at("attachments.0.sha2", ...), "sha2"),
    ("attachment length a string", at("attachments.0.length", "12"), "attachments[0].length"),
    ("attachment length negative", at("attachments.0.length", -1), "attachments[0].length"),
    ("attachment sha2 not hexadecimal", at("attachments.0.sha2", "z" * 64), "sha2"),
    ("attachment fileUrl not an IRL", at("attachments.0.fileUrl", "cert.pdf"), "fileUrl"),
    ("attachment usageType not an IRI", at("attachments.0.usageType", "certificate"),
     "usageType"),
    ("attachment contentType not a media type", at("attachments.0.contentType", "pdf"),
     "contentType"),
    ("attachment display with a bad tag", at("attachments.0.display", {"en_GB": "x"}),
     "display"),
    # PostgreSQL cannot store it, so neither database takes it.
    ("a NUL character in a display", at("verb.display", {"en-US": "comp\x00leted"}),
     "NUL character"),
]
CASES = [case for case in CASES if case[1] is not None]


@pytest.mark.parametrize("name, change, expected", CASES, ids=[c[0] for c in CASES])
def test_malformed_statement_is_refused_with_a_clear_message(lrs, name, change, expected):
    bad = change(full())
    response = lrs.post(bad)
    assert response.status_code == 400, (name, response.content)
    body = response.json()
    assert body["error"] in ("invalid_statement", "bad_request")
    assert expected in body["detail"], body["detail"]
    assert not Statement.objects.exists()


def test_the_full_statement_used_above_is_valid(any_lrs):
    response = any_lrs.post(full())
    assert response.status_code == 200, response.content


def test_context_agents_exist_only_in_2_0(db, client):
    relation = {"contextAgents": [{"objectType": "contextAgent", "agent": ADA,
                                   "relevantTypes": ["https://academy.example/roles/mentor"]}],
                "contextGroups": [{"objectType": "contextGroup", "group": {
                    "objectType": "Group", "member": [ADA]}}]}
    old = make_lrs(client, version="1.0.3")
    response = old.post(statement(context=relation))
    assert response.status_code == 400
    assert "statement.context.contextAgents" in response.json()["detail"]
    new = make_lrs(client, version="2.0.0", name="Other")
    assert new.post(statement(context=relation)).status_code == 200


@pytest.mark.parametrize("entry, expected", [
    ({"objectType": "contextagent", "agent": ADA}, "contextAgents[0].objectType"),
    ({"objectType": "contextAgent"}, "contextAgents[0].agent"),
    ({"objectType": "contextAgent", "agent": {"objectType": "Group", "member": [ADA]}},
     "must be an Agent"),
    ({"objectType": "contextAgent", "agent": ADA, "relevantTypes": []}, "relevantTypes"),
    ({"objectType": "contextAgent", "agent": ADA, "relevantTypes": ["mentor"]},
     "relevantTypes[0]"),
])
def test_bad_context_agents(lrs, entry, expected):
    response = lrs.post(statement(context={"contextAgents": [entry]}))
    assert response.status_code == 400
    assert expected in response.json()["detail"]


def test_statement_version_2_only_in_2_0(db, client):
    old = make_lrs(client, version="1.0.3")
    assert old.post(statement(version="2.0.0")).status_code == 400
    assert old.post(statement(version="1.0.0")).status_code == 200


@pytest.mark.parametrize("raw, expected", [
    ('{"actor": {"mbox": "mailto:a@x.org", "mbox": "mailto:b@x.org"}}', "appears twice"),
    ('{"actor": NaN}', "not a JSON number"),
    ('{"actor": ', "not valid JSON"),
    ('"a string"', "Send a statement"),
    ("[]", "holds no statement"),
])
def test_malformed_bodies(lrs, raw, expected):
    response = lrs.post(None, raw=raw.encode())
    assert response.status_code == 400
    assert expected in response.json()["detail"]


def test_a_batch_is_all_or_nothing(lrs):
    good = statement(id=new_id())
    bad = statement(id=new_id(), verb={"id": "not an iri"})
    response = lrs.post([good, good | {"id": new_id()}, bad])
    assert response.status_code == 400
    assert "statements[2].verb.id" in response.json()["detail"]
    assert not Statement.objects.exists()


def test_repeated_id_within_a_batch_is_refused(lrs):
    same = new_id()
    response = lrs.post([statement(id=same), statement(id=same)])
    assert response.status_code == 400
    assert "used by two statements" in response.json()["detail"]
    assert not Statement.objects.exists()


def test_wrong_content_type_is_refused(lrs):
    response = lrs.post(None, raw=json.dumps(statement()).encode(), content_type="text/plain")
    assert response.status_code == 400
    assert "application/json" in response.json()["detail"]
