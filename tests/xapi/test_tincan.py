"""An independent xAPI client (TinCanPython, `tincan` on PyPI) saves and reads statements
through a real HTTP server."""

from __future__ import annotations

import json
import uuid

import pytest
from tincan import (
    Activity,
    ActivityDefinition,
    Agent,
    Context,
    LanguageMap,
    RemoteLRS,
    Result,
    Score,
    Statement,
    StatementRef,
    Verb,
)

from learnwork.providers import services as provider_services

COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
COURSE = "https://academy.example/courses/python"


@pytest.fixture
def remote(transactional_db, live_server):
    provider = provider_services.provider_create(name="Open Academy")
    credential, secret = provider_services.credential_create(
        actor=None, provider=provider, scopes=["all"])
    lrs = RemoteLRS(endpoint=f"{live_server.url}/xapi/", version="1.0.3",
                    username=credential.key, password=secret)
    return lrs


def learner(n: int = 1) -> Agent:
    return Agent(name=f"Learner {n}", mbox=f"mailto:learner{n}@example.org")


def completed(agent: Agent, score: float = 0.9) -> Statement:
    return Statement(
        actor=agent,
        verb=Verb(id=COMPLETED, display=LanguageMap({"en-US": "completed"})),
        object=Activity(id=COURSE, definition=ActivityDefinition(
            name=LanguageMap({"en-US": "Python basics"}),
            type="http://adlnet.gov/expapi/activities/course")),
        result=Result(score=Score(scaled=score), success=True, completion=True,
                      duration="PT1H30M"),
        context=Context(registration=uuid.uuid4(), platform="Open Academy LMS"),
    )


def test_tincan_saves_and_reads_back_statements(remote):
    # (remote.about() is not used: tincan 1.0.0 refuses an About listing "2.0.0".)
    saved = remote.save_statement(completed(learner()))
    assert saved.success, saved.data
    statement_id = saved.content.id
    assert statement_id is not None

    read = remote.retrieve_statement(statement_id)
    assert read.success, read.data
    assert str(read.content.id) == str(statement_id)
    assert read.content.actor.mbox == "mailto:learner1@example.org"
    assert read.content.verb.id == COMPLETED
    assert read.content.object.id == COURSE
    assert read.content.result.score.scaled == 0.9
    assert read.content.authority is not None
    assert read.content.stored is not None

    # PUT with an id the client chose, then a batch.
    chosen = completed(learner(2))
    chosen.id = uuid.uuid4()
    assert remote.save_statement(chosen).success
    batch = remote.save_statements([completed(learner(n)) for n in range(3, 8)])
    assert batch.success, batch.data
    assert all(s.id is not None for s in batch.content)


def test_tincan_queries_and_follows_more(remote):
    for n in range(1, 6):
        assert remote.save_statement(completed(learner(n))).success
    found = remote.query_statements({"agent": learner(3), "verb": Verb(id=COMPLETED)})
    assert found.success, found.data
    assert [s.actor.mbox for s in found.content.statements] == ["mailto:learner3@example.org"]

    page = remote.query_statements({"activity": Activity(id=COURSE), "limit": 2})
    seen = [s.id for s in page.content.statements]
    while page.content.more:
        page = remote.more_statements(page.content)
        assert page.success, page.data
        seen += [s.id for s in page.content.statements]
    assert len(seen) == 5 and len(set(seen)) == 5


def test_tincan_voids_a_statement(remote):
    saved = remote.save_statement(completed(learner()))
    target = saved.content.id
    voiding = Statement(actor=learner(), verb=Verb(id="http://adlnet.gov/expapi/verbs/voided"),
                        object=StatementRef(id=target))
    assert remote.save_statement(voiding).success
    assert remote.retrieve_statement(target).response.status == 404
    voided = remote.retrieve_voided_statement(target)
    assert voided.success
    assert str(voided.content.id) == str(target)


def test_tincan_reads_state_stored_over_http(remote, live_server):
    import http.client
    from urllib.parse import urlencode, urlsplit

    agent = learner()
    activity = Activity(id=COURSE)
    params = urlencode({"activityId": COURSE, "agent": agent.to_json("1.0.3"),
                        "stateId": "bookmark"})
    server = urlsplit(live_server.url)
    connection = http.client.HTTPConnection(server.hostname, server.port)
    connection.request("PUT", f"/xapi/activities/state?{params}",
                       body=json.dumps({"page": 12}),
                       headers={"Authorization": remote.auth,
                                "X-Experience-API-Version": "1.0.3",
                                "Content-Type": "application/json"})
    assert connection.getresponse().status == 204
    state = remote.retrieve_state(activity, agent, "bookmark")
    assert state.success, state.data
    assert json.loads(state.content.content) == {"page": 12}
    # (tincan 1.0.0 never reads the ETag header back: it looks it up in a list of pairs.)
    ids = remote.retrieve_state_ids(activity, agent)
    assert ids.content == ["bookmark"]
