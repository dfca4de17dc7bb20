"""Voiding, and statements that match filters through the statement they refer to."""

from __future__ import annotations

from learnwork.xapi.models import Statement
from tests.xapi.conftest import make_lrs, new_id, statement

VOIDED = "http://adlnet.gov/expapi/verbs/voided"
ADA = {"objectType": "Agent", "mbox": "mailto:ada@example.org"}
ANDREW = {"objectType": "Agent", "mbox": "mailto:andrew@example.org"}
TRAINING = "https://academy.example/courses/explosives"


def voiding(target: str, **overrides) -> dict:
    return statement(actor=ANDREW, verb={"id": VOIDED},
                     object={"objectType": "StatementRef", "id": target}, **overrides)


def ids(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [s["id"] for s in response.json()["statements"]]


def test_a_voided_statement_is_only_found_by_voided_statement_id(any_lrs):
    target = any_lrs.post(statement(actor=ADA, object={"id": TRAINING})).json()[0]
    void = any_lrs.post(voiding(target)).json()[0]
    assert any_lrs.get(statementId=target).status_code == 404
    got = any_lrs.get(voidedStatementId=target)
    assert got.status_code == 200 and got.json()["id"] == target
    # Not in any list; the voiding statement is, also under the voided one's filters.
    assert ids(any_lrs.get()) == [void]
    assert ids(any_lrs.get(agent=ADA)) == [void]
    assert ids(any_lrs.get(activity=TRAINING)) == [void]
    # A statement that is not voided is not found by voidedStatementId.
    assert any_lrs.get(voidedStatementId=void).status_code == 404


def test_a_voiding_statement_cannot_be_voided(lrs):
    target = lrs.post(statement()).json()[0]
    void = lrs.post(voiding(target)).json()[0]
    again = lrs.post(voiding(void)).json()[0]
    assert lrs.get(statementId=void).status_code == 200
    assert set(ids(lrs.get())) == {void, again}


def test_voiding_before_the_target_arrives(lrs):
    target = new_id()
    void = lrs.post(voiding(target)).json()[0]
    assert lrs.put(statement(actor=ADA), target).status_code == 204
    assert lrs.get(statementId=target).status_code == 404
    assert lrs.get(voidedStatementId=target).status_code == 200
    # The voiding statement now matches the target's filters too.
    assert ids(lrs.get(agent=ADA)) == [void]


def test_voiding_in_the_same_batch(lrs):
    target = new_id()
    lrs.post([statement(id=target), voiding(target)])
    assert lrs.get(statementId=target).status_code == 404


def test_a_provider_cannot_void_another_providers_statement(db, client):
    first = make_lrs(client)
    second = make_lrs(client, name="Elsewhere")
    target = first.post(statement()).json()[0]
    assert second.post(voiding(target)).status_code == 200
    assert first.get(statementId=target).status_code == 200
    assert Statement.objects.get(statement_id=target).voided is False


def test_statement_refs_match_through_their_target_recursively(lrs):
    """'Ben passed explosives training'; 'Andrew confirmed <that>'; 'Cy liked <that>'."""
    passed = lrs.post(statement(actor=ADA, verb={"id": "http://adlnet.gov/expapi/verbs/passed"},
                                object={"id": TRAINING})).json()[0]
    confirmed = lrs.post(statement(actor=ANDREW, verb={"id": "http://x.org/confirmed"},
                                   object={"objectType": "StatementRef", "id": passed})).json()[0]
    liked = lrs.post(statement(actor={"mbox": "mailto:cy@example.org"},
                               verb={"id": "http://x.org/liked"},
                               object={"objectType": "StatementRef", "id": confirmed})).json()[0]
    assert ids(lrs.get(agent=ADA)) == [liked, confirmed, passed]
    assert ids(lrs.get(activity=TRAINING)) == [liked, confirmed, passed]
    assert ids(lrs.get(verb="http://x.org/confirmed")) == [liked, confirmed]
    # since/until still apply to the referring statement itself.
    stored = lrs.get(statementId=confirmed).json()["stored"]
    assert ids(lrs.get(agent=ADA, since=stored)) == [liked]


def test_a_context_statement_ref_does_not_affect_filters(lrs):
    passed = lrs.post(statement(actor=ADA)).json()[0]
    other = lrs.post(statement(actor=ANDREW, context={
        "statement": {"objectType": "StatementRef", "id": passed}})).json()[0]
    assert other not in ids(lrs.get(agent=ADA))


def test_refs_stored_before_their_target_match_once_it_arrives(lrs):
    target = new_id()
    confirmed = lrs.post(statement(actor=ANDREW, object={"objectType": "StatementRef",
                                                         "id": target})).json()[0]
    liked = lrs.post(statement(actor=ANDREW, object={"objectType": "StatementRef",
                                                     "id": confirmed})).json()[0]
    assert ids(lrs.get(activity=TRAINING)) == []
    lrs.put(statement(actor=ADA, object={"id": TRAINING}), target)
    assert ids(lrs.get(activity=TRAINING)) == [target, liked, confirmed]
