"""The ingest path's shortcuts: a batch without StatementRefs goes in with its keys in one
query (store_sql.insert_with_keys), definitions this process knows are not looked up again,
and the journeys hand-off is told the provider instead of looking it up."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from learnwork.xapi import definitions, journey_sync, keys, store_sql
from learnwork.xapi.models import Statement, StatementKey
from tests.xapi.conftest import new_id, statement

ADA = {"objectType": "Agent", "mbox": "mailto:ada@example.org"}


def _agent(n: int) -> dict:
    return {"objectType": "Agent", "mbox": f"mailto:learner{n}@example.org"}


def test_each_statement_of_a_batch_gets_exactly_its_keys(lrs):
    sent = [statement(actor=_agent(n), object={"id": f"https://academy.example/m/{n}"},
                      context={"registration": str(uuid.uuid4()),
                               "contextActivities": {"parent": {"id": "https://academy.example"}}})
            for n in range(30)]
    ids = lrs.post(sent).json()
    for ident in ids:
        row = Statement.objects.get(statement_id=ident)
        stored = set(StatementKey.objects.filter(statement_id=row.seq)
                     .values_list("key", flat=True))
        assert stored == keys.statement_keys(lrs.provider.pk, lrs.get(statementId=ident).json())


def test_a_batch_keeps_its_order_among_statements_stored_together(lrs):
    ids = lrs.post([statement(actor=_agent(n)) for n in range(40)]).json()
    page = lrs.get(ascending="true").json()["statements"]
    assert [s["id"] for s in page] == ids


def test_a_repeated_id_in_a_batch_keeps_its_keys_and_the_new_ones_get_theirs(lrs):
    ident = new_id()
    lrs.post(statement(id=ident, actor=ADA))
    seq = Statement.objects.get(statement_id=ident).seq
    keys_before = StatementKey.objects.filter(statement_id=seq).count()
    fresh = lrs.post([statement(actor=_agent(1)), statement(id=ident, actor=ADA),
                      statement(actor=_agent(2))]).json()
    assert fresh[1] == ident
    assert StatementKey.objects.filter(statement_id=seq).count() == keys_before
    assert [s["id"] for s in lrs.get(agent=_agent(2)).json()["statements"]] == [fresh[2]]
    assert [s["id"] for s in lrs.get(agent=ADA).json()["statements"]] == [ident]


def test_insert_with_keys_takes_only_rows_that_refer_to_no_statement(db):
    now = datetime.now(UTC)
    ref = (uuid.uuid4(), 1, 1, now, False, False, uuid.uuid4(), "", "{}")
    with pytest.raises(ValueError, match="refer to no statement"):
        store_sql.insert_with_keys([ref], [set()], provider_id=1)
    plain = (uuid.uuid4(), 1, 1, now, False, False, None, "", "{}")
    later = (uuid.uuid4(), 1, 1, datetime.now(UTC), False, False, None, "", "{}")
    with pytest.raises(ValueError, match="one provider, credential and time"):
        store_sql.insert_with_keys([plain, later], [set(), set()], provider_id=1)


def test_insert_with_keys_answers_the_new_rows_and_the_earlier_referrers(db):
    now = datetime.now(UTC)
    target = uuid.uuid4()
    waiting = Statement.objects.create(statement_id=uuid.uuid4(), provider_id=7,
                                       credential_id=1, stored=now, object_ref=target,
                                       data="{}")
    Statement.objects.create(statement_id=uuid.uuid4(), provider_id=8, credential_id=1,
                             stored=now, object_ref=target, data="{}")  # another provider's
    rows = [(target, 7, 1, now, False, False, None, "", '{"n": 1}'),
            (uuid.uuid4(), 7, 1, now, False, False, None, "", '{"n": 2}')]
    seqs, referrers = store_sql.insert_with_keys(rows, [{11, 12}, {12}], provider_id=7)
    assert set(seqs) == {rows[0][0], rows[1][0]}
    assert seqs[rows[0][0]] < seqs[rows[1][0]]
    assert [(seq, sid, ref, voiding) for seq, _stored, sid, ref, voiding in referrers] == [
        (waiting.seq, waiting.statement_id, target, False)]
    assert sorted(StatementKey.objects.values_list("key", "statement_id")) == sorted(
        [(11, seqs[target]), (12, seqs[target]), (12, seqs[rows[1][0]])])
    # Again: nothing new, no keys twice.
    again, _referrers = store_sql.insert_with_keys(rows, [{11, 12}, {12}], provider_id=7)
    assert again == {}
    assert StatementKey.objects.count() == 3


@pytest.fixture
def _no_known_definitions():
    # The cache outlives a test's rolled-back rows: start and end without it.
    definitions.forget_cached()
    yield
    definitions.forget_cached()


@pytest.mark.usefixtures("_no_known_definitions")
def test_known_definitions_are_not_looked_up_again(lrs, django_capture_on_commit_callbacks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    known = statement(object={"id": "https://academy.example/known",
                              "definition": {"name": {"en": "Known"}}})
    with django_capture_on_commit_callbacks(execute=True):  # what the process remembers
        lrs.post(known)
    unknown = statement(object={"id": "https://academy.example/new",
                                "definition": {"name": {"en": "New"}}})
    with CaptureQueriesContext(connection) as captured:
        assert lrs.post([known, unknown]).status_code == 200
    lookups = [q["sql"] for q in captured if "xapi_activitydefinition" in q["sql"]
               and q["sql"].lstrip().upper().startswith("SELECT")]
    assert len(lookups) == 1
    assert definitions.activity_hash("https://academy.example/new") in lookups[0]
    assert definitions.activity_hash("https://academy.example/known") not in lookups[0]
    canonical = lrs.get("/activities", activityId="https://academy.example/new").json()
    assert canonical["definition"] == {"name": {"en": "New"}}


def test_the_journeys_hand_off_uses_the_provider_it_is_given(db, lrs, monkeypatch):
    from learnwork.providers import selectors as provider_selectors

    asked = []
    monkeypatch.setattr(journey_sync, "has_linked_identities",
                        lambda *, provider_id: asked.append(provider_id) or False)
    # The id is not stored: only the provider given can answer whom it belongs to.
    journey_sync.statements_stored([new_id()], provider_id=lrs.provider.pk)
    journey_sync.statements_stored([new_id()])
    assert asked == [lrs.provider.pk]
    assert provider_selectors.has_linked_identities(provider_id=lrs.provider.pk) is False


def test_batches_sharing_new_ids_in_any_order_do_not_deadlock(transactional_db):
    """Two requests storing some of the same new statements, listed in opposite orders, wait
    for each other rather than deadlock (PostgreSQL; SQLite takes one writer at a time)."""
    import threading

    from django.db import connection, connections

    from learnwork.providers import services as provider_services
    from learnwork.providers.auth import LrsPrincipal, authority_for
    from learnwork.xapi import services

    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL runs two writers at once")
    provider = provider_services.provider_create(name="Open Academy")
    credential, _secret = provider_services.credential_create(
        actor=None, provider=provider, scopes=["all"])
    principal = LrsPrincipal(provider_id=provider.pk, credential_id=credential.pk,
                             scopes=frozenset({"all"}), authority=authority_for(provider))
    rounds = [[statement(id=new_id(), actor=_agent(n)) for n in range(8)] for _ in range(60)]
    barrier = threading.Barrier(2)
    failures: list[BaseException] = []

    def send(reverse: bool) -> None:
        try:
            for shared in rounds:
                batch = [dict(s) for s in (reversed(shared) if reverse else shared)]
                barrier.wait(timeout=30)
                services.statements_store(principal=principal, statements=batch,
                                          version="2.0.0")
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)
            barrier.abort()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(reverse,)) for reverse in (False, True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert Statement.objects.count() == 60 * 8
