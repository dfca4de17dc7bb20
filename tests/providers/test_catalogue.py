"""The course catalogue: providers publish courses (API, or schema.org JSON-LD); people search
them and add a course to their journey or its skills to their goals."""

from __future__ import annotations

import json

import pytest

from learnwork.journeys.models import LearningRecord
from learnwork.providers.models import Course
from learnwork.skills.models import LearningGoal
from tests.api_client import bearer, send
from tests.skills.factories import SkillFactory

from .factories import CourseFactory, ProviderFactory, credential_for

pytestmark = pytest.mark.django_db

ESCO = "http://data.europa.eu/esco/skill/"


@pytest.fixture
def define(provider):
    return {"HTTP_AUTHORIZATION": credential_for(provider, scopes=["define"])[1]}


def test_publish_read_change_and_remove_a_course(client, provider, define):
    sql = SkillFactory(label="SQL")
    made = send(client, "post", "/providers/open-academy/courses", {
        "title": "SQL for analysts", "description": "Joins, windows.",
        "url": "https://academy.example/sql", "skill_ids": [str(sql.pk)],
        "format": "self_paced", "cost_amount": "49.00", "cost_currency": "eur",
        "language": "en", "activity_id": "https://academy.example/xapi/sql"}, **define)
    assert made.status_code == 201, made.content
    course = made.json()
    assert course["free"] is False and course["cost_currency"] == "EUR"
    assert course["skills"][0]["label"] == "SQL" and course["format"] == "self_paced"
    path = f"/providers/open-academy/courses/{course['id']}"
    patched = send(client, "patch", path, {"cost_amount": 0, "published": False}, **define)
    assert patched.json()["free"] is True and patched.json()["cost_currency"] == ""
    assert send(client, "get", f"/courses/{course['id']}").status_code == 404  # unpublished
    assert send(client, "get", path, **define).json()["published"] is False
    assert send(client, "delete", path, **define).status_code == 204
    assert not Course.objects.exists()


@pytest.mark.parametrize(("body", "status"), [
    ({"title": ""}, 400),
    ({"title": "x", "url": "javascript:alert(1)"}, 400),
    ({"title": "x", "cost_amount": 10}, 400),  # a price needs its currency
    ({"title": "x", "cost_amount": -1}, 422),
    ({"title": "x", "format": "telepathy"}, 422),
    ({"title": "x", "language": "english please"}, 400),
    ({"title": "x", "activity_id": "not an iri"}, 400),
    ({"title": "x", "skill_ids": ["00000000-0000-0000-0000-000000000000"]}, 404),
])
def test_bad_courses_are_refused_with_a_reason(client, provider, define, body, status):
    response = send(client, "post", "/providers/open-academy/courses", body, **define)
    assert response.status_code == status, response.content
    assert response.json()["detail"]
    assert not Course.objects.exists()


def test_who_may_publish(client, provider, ana, ben):
    body = {"title": "Course"}
    narrow = credential_for(provider)[1]  # statements only
    assert send(client, "post", "/providers/open-academy/courses", body,
                HTTP_AUTHORIZATION=narrow).status_code == 403
    other = credential_for(ProviderFactory(), scopes=["all"])[1]
    assert send(client, "post", "/providers/open-academy/courses", body,
                HTTP_AUTHORIZATION=other).status_code == 403
    assert send(client, "post", "/providers/open-academy/courses", body,
                **bearer(ana)).status_code == 403
    assert send(client, "post", "/providers/open-academy/courses", body,
                **bearer(ben, "read")).status_code == 403
    assert send(client, "post", "/providers/open-academy/courses", body,
                **bearer(ben)).status_code == 201
    assert send(client, "post", "/providers/open-academy/courses", body,
                HTTP_AUTHORIZATION="Basic bHdrX3g6bHdzX3k=").status_code == 401


def test_duplicate_activity_ids_are_a_conflict(client, provider, define):
    body = {"title": "A", "activity_id": "https://academy.example/a"}
    assert send(client, "post", "/providers/open-academy/courses", body,
                **define).status_code == 201
    again = send(client, "post", "/providers/open-academy/courses", body, **define)
    assert again.status_code == 409 and again.json()["error"] == "activity_id_taken"


JSONLD = {
    "@context": "https://schema.org",
    "@graph": [
        {"@type": "Organization", "name": "Open Academy"},
        {"@type": "Course", "@id": "https://academy.example/courses/sql",
         "name": "SQL for analysts", "description": "Joins and windows.",
         "url": "https://academy.example/courses/sql",
         "provider": {"@type": "Organization", "name": "Open Academy"},
         "offers": {"@type": "Offer", "price": "120", "priceCurrency": "EUR"},
         "educationalCredentialAwarded": "Certificate of completion",
         "inLanguage": "en",
         "hasCourseInstance": {"@type": "CourseInstance", "courseMode": "blended"},
         "teaches": [{"@type": "DefinedTerm", "name": "SQL",
                      "url": ESCO + "{sql}"}, "data analysis", "juggling"]},
        {"@type": ["Course"], "schema:name": "Python basics", "isAccessibleForFree": True,
         "url": "https://academy.example/courses/python", "courseMode": "online"},
    ],
}


def _document(sql):
    return json.loads(json.dumps(JSONLD).replace("{sql}", str(sql.pk)))


def test_import_schema_org_courses_then_import_again_updates(client, provider, define):
    sql = SkillFactory(label="SQL")
    analysis = SkillFactory(label="Data analysis")
    document = _document(sql)
    response = client.post("/api/v1/providers/open-academy/courses/import",
                           data=json.dumps(document), content_type="application/ld+json",
                           **define)
    assert response.status_code == 200, response.content
    report = response.json()
    assert [c["title"] for c in report["created"]] == ["SQL for analysts", "Python basics"]
    first = report["created"][0]
    assert first["activity_id"] == "https://academy.example/courses/sql"
    assert (first["cost_amount"], first["cost_currency"]) == ("120.00", "EUR")
    assert first["format"] == "blended" and first["credential"] == "Certificate of completion"
    assert {s["id"] for s in first["skills"]} == {str(sql.pk), str(analysis.pk)}
    assert report["unmatched_skills"] == ["juggling"]
    assert report["created"][1]["free"] is True
    assert report["created"][1]["activity_id"] == "https://academy.example/courses/python"

    document["@graph"][1]["name"] = "SQL for analysts, 2nd edition"
    again = client.post("/api/v1/providers/open-academy/courses/import",
                        data=json.dumps(document), content_type="application/json", **define)
    assert [c["title"] for c in again.json()["updated"]][0] == "SQL for analysts, 2nd edition"
    assert Course.objects.count() == 2


def test_an_item_list_imports_too(client, provider, define):
    document = {"@context": "https://schema.org", "@type": "ItemList", "itemListElement": [
        {"@type": "ListItem", "position": 1,
         "item": {"@type": "Course", "name": "One", "url": "https://a.example/1"}}]}
    response = send(client, "post", "/providers/open-academy/courses/import", document,
                    **define)
    assert response.status_code == 200 and response.json()["created"][0]["title"] == "One"


@pytest.mark.parametrize("document", [
    {"@type": "Person", "name": "no courses here"},
    [],
    "just a string",
    {"@type": "Course", "name": ""},
    {"@graph": [{"@type": "Course", "name": "ok", "url": "https://a.example/1"},
                {"@type": "Course", "name": "bad link", "url": "javascript:alert(1)"}]},
    {"@graph": [{"@type": "Course", "name": "same", "url": "https://a.example/1"},
                {"@type": "Course", "name": "same again", "url": "https://a.example/1"}]},
    {"@type": "Course", "name": "x", "offers": {"price": "1e999999", "priceCurrency": "EUR"}},
    {"@type": "Course", "name": "x", "offers": {"price": "NaN", "priceCurrency": "EUR"}},
    {"@type": "Course", "name": "x" * 500},
])
def test_hostile_or_broken_imports_are_refused_whole(client, provider, define, document):
    response = send(client, "post", "/providers/open-academy/courses/import", document,
                    **define)
    assert response.status_code == 400, response.content
    assert response.json()["detail"]
    assert not Course.objects.exists()


def test_deeply_nested_or_huge_imports_are_refused(client, provider, define):
    nested: dict = {"@type": "Thing"}
    for _ in range(50):
        nested = {"@graph": [nested]}
    assert send(client, "post", "/providers/open-academy/courses/import", nested,
                **define).status_code == 400
    body = b'{"@type": "Course", "name": "' + b"x" * (3 * 1024 * 1024) + b'"}'
    response = client.post("/api/v1/providers/open-academy/courses/import", data=body,
                           content_type="application/json", **define)
    assert response.status_code in (400, 413)
    assert client.post("/api/v1/providers/open-academy/courses/import", data=b"{not json",
                       content_type="application/json", **define).status_code == 400


def test_a_remote_context_is_never_fetched(client, provider, define, monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("the import tried to reach the network")

    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    document = {"@context": "http://attacker.example/context.jsonld", "@type": "Course",
                "name": "Safe"}
    assert send(client, "post", "/providers/open-academy/courses/import", document,
                **define).status_code == 200


def test_search_by_words_skill_format_and_price(client):
    data = SkillFactory(label="data analysis")
    sql = SkillFactory(label="SQL")
    sql.broader.add(data)
    academy = ProviderFactory(name="Open Academy")
    CourseFactory(provider=academy, title="SQL for analysts", skills=[sql], format="online")
    CourseFactory(provider=academy, title="Pottery", description="Clay and wheels.",
                  format="in_person", cost_amount=30, cost_currency="EUR")
    CourseFactory(provider=academy, title="Hidden SQL", published=False, skills=[sql])

    def titles(query):
        response = send(client, "get", f"/courses?{query}")
        assert response.status_code == 200
        return [c["title"] for c in response.json()]

    assert titles("q=sql") == ["SQL for analysts"]
    assert titles("q=clay+wheels") == ["Pottery"]
    assert titles("q=academy") == ["Pottery", "SQL for analysts"]
    assert titles(f"skill={data.pk}") == ["SQL for analysts"]  # a narrower skill counts
    assert titles("format=in_person") == ["Pottery"]
    assert titles("free=true") == ["SQL for analysts"]
    assert titles("free=false") == ["Pottery"]
    assert send(client, "get", "/courses?format=bogus").status_code == 422


def test_search_query_count_does_not_grow_with_results(client, django_assert_max_num_queries):
    skills = [SkillFactory() for _ in range(3)]
    for _ in range(15):
        CourseFactory(skills=skills)
    with django_assert_max_num_queries(4):
        response = send(client, "get", "/courses?limit=50")
    assert len(response.json()) == 15


def test_add_a_course_to_the_journey_and_its_skill_to_goals(client, ana):
    sql = SkillFactory(label="SQL")
    course = CourseFactory(title="SQL for analysts", skills=[sql])
    auth = bearer(ana)
    added = send(client, "post", f"/courses/{course.pk}/add-to-journey", **auth)
    assert added.status_code == 201 and added.json()["status"] == "planned"
    record = LearningRecord.objects.get(user=ana)
    assert record.external_id == course.activity_id and list(record.skills.all()) == [sql]
    assert record.source_name == course.provider.name and not record.confirmed_by
    again = send(client, "post", f"/courses/{course.pk}/add-to-journey", **auth)
    assert again.status_code == 409
    goal = send(client, "post", f"/courses/{course.pk}/add-to-goals",
                {"skill_id": str(sql.pk)}, **auth)
    assert goal.status_code == 201 and goal.json()["skill"]["label"] == "SQL"
    assert LearningGoal.objects.filter(user=ana, skill=sql).exists()
    assert send(client, "post", f"/courses/{course.pk}/add-to-goals",
                {"skill_id": str(SkillFactory().pk)}, **auth).status_code == 400
    assert send(client, "post", f"/courses/{course.pk}/add-to-journey").status_code == 401
