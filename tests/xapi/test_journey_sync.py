"""The LRS hands stored statements to journeys: a linked learner's completion lands on their
journey, confirmed by the provider; nobody else's statements show anywhere."""

from __future__ import annotations

import json
import uuid

import pytest

from learnwork.journeys import services as journeys
from learnwork.journeys.models import LearningRecord
from learnwork.providers import catalogue, linking
from learnwork.providers.auth import authenticate_basic
from learnwork.providers.models import LinkedIdentity, SyncedRecord, WebhookDelivery
from learnwork.providers.webhooks import webhook_create
from learnwork.xapi import journey_sync
from learnwork.xapi.models import Statement
from learnwork.xapi.services import statements_store
from tests.factories import UserFactory
from tests.providers.factories import CourseFactory, ProviderFactory, credential_for
from tests.skills.factories import SkillFactory

pytestmark = pytest.mark.django_db

COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
COURSE_IRI = "https://academy.example/xapi/courses/sql-101"


@pytest.fixture
def provider(db):
    return ProviderFactory(name="Open Academy", slug="open-academy")


@pytest.fixture
def principal(provider):
    _credential, header = credential_for(provider)
    return authenticate_basic(header)


@pytest.fixture
def lena(db):
    return UserFactory(username="lena", email="lena@example.org")


@pytest.fixture
def lena_linked(lena, provider):
    # lena@example.org is her own verified address, so it links at once.
    return linking.identity_link_email(user=lena, provider=provider, email="lena@example.org")


def statement(*, actor=None, verb=COMPLETED, activity=COURSE_IRI, name="SQL 101",
              activity_type="http://adlnet.gov/expapi/activities/course", **extra):
    return {
        "id": str(uuid.uuid4()),
        "actor": actor or {"objectType": "Agent", "mbox": "mailto:lena@example.org"},
        "verb": {"id": verb, "display": {"en-US": verb.rsplit("/", 1)[-1]}},
        "object": {"objectType": "Activity", "id": activity,
                   "definition": {"name": {"en-US": name}, "type": activity_type}},
        "timestamp": "2024-05-02T10:00:00Z",
        **extra,
    }


def store(principal, capture, *statements):
    with capture(execute=True):
        return statements_store(principal=principal, statements=list(statements),
                                version="1.0.3")


def test_a_linked_learners_completion_lands_on_their_journey_confirmed(
        principal, provider, lena, lena_linked, django_capture_on_commit_callbacks):
    sql = SkillFactory(label="SQL")
    CourseFactory(provider=provider, title="SQL for analysts", activity_id=COURSE_IRI,
                  url="https://academy.example/sql", skills=[sql])
    webhook_create(actor=None, provider=provider, url="https://hooks.academy.example/lw")
    store(principal, django_capture_on_commit_callbacks, statement())
    record = LearningRecord.objects.get(user=lena)
    assert record.title == "SQL for analysts"  # the catalogue's title, not the statement's
    assert record.origin == LearningRecord.Origin.PROVIDER
    assert record.status == LearningRecord.Status.FINISHED
    assert record.confirmed_by == "Open Academy" and record.confirmed_at is not None
    assert str(record.finished_on) == "2024-05-02"
    assert record.external_id == COURSE_IRI and record.url == "https://academy.example/sql"
    assert list(record.skills.all()) == [sql]
    delivery = WebhookDelivery.objects.get(event="record.finished")
    assert delivery.payload["data"]["learner"]["handle"] == "lena"
    assert delivery.payload["data"]["record"]["id"] == record.pk
    assert delivery.payload["data"]["activity_id"] == COURSE_IRI


def test_account_identities_link_too_and_the_statement_name_is_the_fallback_title(
        principal, provider, lena, django_capture_on_commit_callbacks):
    _row, token, _url = linking.link_token_create(
        actor=None, provider=provider, home_page="https://lms.academy.example",
        account_name="lena42")
    linking.link_token_redeem(user=lena, token=token)
    store(principal, django_capture_on_commit_callbacks, statement(
        actor={"account": {"homePage": "https://lms.academy.example/", "name": "lena42"}},
        verb="http://adlnet.gov/expapi/verbs/attended", name="Data meetup",
        activity="https://academy.example/events/9",
        activity_type="http://adlnet.gov/expapi/activities/meeting"))
    record = LearningRecord.objects.get(user=lena)
    assert (record.title, record.kind) == ("Data meetup", "talk")
    assert record.confirmed_by == "Open Academy"


def test_unlinked_actors_change_nothing_but_the_statement_is_stored(
        principal, provider, lena, django_capture_on_commit_callbacks):
    # Lena has this address but never linked it for this provider.
    sent = statement()
    store(principal, django_capture_on_commit_callbacks, sent)
    assert Statement.objects.filter(statement_id=sent["id"]).exists()
    assert not LearningRecord.objects.exists()
    assert not WebhookDelivery.objects.exists()


def test_an_unverified_identity_or_another_providers_link_does_not_count(
        principal, provider, lena, django_capture_on_commit_callbacks):
    LinkedIdentity.objects.create(user=lena, provider=provider, kind="email",
                                  email="lena@example.org")  # asked, never proved
    other = ProviderFactory()
    linking.identity_link_email(user=lena, provider=other, email="lena@example.org")
    store(principal, django_capture_on_commit_callbacks, statement())
    assert not LearningRecord.objects.exists()


@pytest.mark.parametrize("change", [
    {"verb": "http://adlnet.gov/expapi/verbs/experienced"},
    {"verb": "http://adlnet.gov/expapi/verbs/launched"},
    {"result": {"success": False, "completion": True}},
    {"actor": {"objectType": "Agent", "mbox_sha1sum": "a" * 40}},
])
def test_statements_that_do_not_say_finished_do_nothing(
        principal, lena_linked, change, django_capture_on_commit_callbacks):
    store(principal, django_capture_on_commit_callbacks, statement(**change))
    assert not LearningRecord.objects.exists()


def test_passed_with_success_and_email_case_differences_count(
        principal, lena_linked, django_capture_on_commit_callbacks):
    store(principal, django_capture_on_commit_callbacks, statement(
        verb="http://adlnet.gov/expapi/verbs/passed",
        actor={"mbox": "mailto:Lena@Example.ORG"}, result={"success": True}))
    assert LearningRecord.objects.filter(confirmed_by="Open Academy").count() == 1


def test_a_repeated_completion_updates_nothing_and_sends_nothing_new(
        principal, provider, lena, lena_linked, django_capture_on_commit_callbacks):
    webhook_create(actor=None, provider=provider, url="https://hooks.academy.example/lw")
    store(principal, django_capture_on_commit_callbacks, statement())
    store(principal, django_capture_on_commit_callbacks, statement())
    assert LearningRecord.objects.filter(user=lena).count() == 1
    assert WebhookDelivery.objects.filter(event="record.finished").count() == 1


def test_a_course_planned_from_the_catalogue_is_the_record_that_gets_confirmed(
        principal, provider, lena, lena_linked, django_capture_on_commit_callbacks):
    course = CourseFactory(provider=provider, title="SQL for analysts", activity_id=COURSE_IRI)
    planned = catalogue.course_add_to_journey(user=lena, course_id=course.pk)
    assert planned.status == "planned" and not planned.confirmed_by
    store(principal, django_capture_on_commit_callbacks, statement())
    planned.refresh_from_db()
    assert planned.status == "finished" and planned.confirmed_by == "Open Academy"
    assert LearningRecord.objects.filter(user=lena).count() == 1


def test_a_hidden_record_stays_hidden_and_a_removed_one_stays_removed(
        principal, provider, lena, lena_linked, django_capture_on_commit_callbacks):
    store(principal, django_capture_on_commit_callbacks, statement())
    record = LearningRecord.objects.get(user=lena)
    journeys.record_set_hidden(user=lena, record_id=record.pk, hidden=True)
    journeys.record_unconfirm(record=record)  # e.g. the provider withdrew it, then re-sent
    store(principal, django_capture_on_commit_callbacks, statement())
    record.refresh_from_db()
    assert record.hidden and record.confirmed_by == "Open Academy"

    journeys.record_delete(user=lena, record_id=record.pk)
    store(principal, django_capture_on_commit_callbacks, statement())
    assert not LearningRecord.objects.filter(user=lena).exists()
    assert SyncedRecord.objects.get(user=lena).record is None


def test_unlinking_stops_later_statements(principal, provider, lena, lena_linked,
                                          django_capture_on_commit_callbacks):
    linking.identity_remove(user=lena, identity_id=lena_linked.pk)
    store(principal, django_capture_on_commit_callbacks, statement())
    assert not LearningRecord.objects.exists()


def test_the_sync_reads_a_fixed_number_of_queries_per_statement(
        principal, provider, lena_linked, django_capture_on_commit_callbacks):
    batch = [statement(activity=f"https://academy.example/xapi/courses/{n}",
                       verb="http://adlnet.gov/expapi/verbs/experienced") for n in range(30)]
    with django_capture_on_commit_callbacks(execute=False):
        ids = statements_store(principal=principal, statements=batch, version="1.0.3")
    # Statements that are not about finishing cost nothing beyond reading the batch.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert journey_sync.sync_statements.call(statement_ids=ids) == 0
    assert len(queries) <= 2


def test_finished_event_ignores_malformed_parts(lena_linked, provider):
    good = statement()
    assert journey_sync.finished_event(provider.pk, good) is not None
    for broken in ({**good, "object": "x"}, {**good, "verb": None},
                   {**good, "object": {"objectType": "StatementRef", "id": good["id"]}},
                   {**good, "actor": {"objectType": "Group", "member": []}},
                   {**good, "object": {"id": "x" * 600}}):
        assert journey_sync.finished_event(provider.pk, broken) is None


def test_done_a_completion_sent_over_http_shows_on_the_linked_profile_only(
        client, provider, lena, lena_linked, django_capture_on_commit_callbacks):
    """The feature's finish line: a provider's credential, a course-completion statement for a
    linked learner and one for someone unlinked, sent to the LRS as a provider would."""
    bob = UserFactory(username="bob", email="bob@example.org")  # never linked
    _credential, header = credential_for(provider)
    lenas = statement(name="Statistics with R", activity="https://academy.example/c/stats")
    bobs = statement(actor={"mbox": "mailto:bob@example.org"}, name="Knitting for robots",
                     activity="https://academy.example/c/knit")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/xapi/statements", data=json.dumps([lenas, bobs]),
                               content_type="application/json", HTTP_AUTHORIZATION=header,
                               HTTP_X_EXPERIENCE_API_VERSION="1.0.3")
    assert response.status_code == 200, response.content
    assert Statement.objects.count() == 2

    profile = client.get("/@lena").content.decode()
    assert "Statistics with R" in profile and "Open Academy" in profile
    assert "Knitting for robots" not in profile
    assert "Knitting for robots" not in client.get("/@bob").content.decode()
    assert not LearningRecord.objects.filter(user=bob).exists()
    journey = client.get("/api/v1/people/lena/journey").json()
    (record,) = journey["records"]
    assert record["verified"] is True and record["confirmed_by"] == "Open Academy"


def test_no_task_is_queued_for_a_provider_nobody_linked(
        principal, provider, lena, django_capture_on_commit_callbacks, monkeypatch):
    queued = []
    fake = type("FakeTask", (), {"enqueue": staticmethod(lambda **kw: queued.append(kw))})
    monkeypatch.setattr(journey_sync, "sync_statements", fake)
    store(principal, django_capture_on_commit_callbacks, statement())
    assert queued == []
    linking.identity_link_email(user=lena, provider=provider, email="lena@example.org")
    store(principal, django_capture_on_commit_callbacks, statement())
    assert len(queued) == 1
