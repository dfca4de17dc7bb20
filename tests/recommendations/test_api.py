"""The JSON API: suggestions per goal, dismissals, and their errors."""

from __future__ import annotations

import uuid

import pytest

from learnwork.recommendations.models import Dismissal
from tests.api_client import bearer, send
from tests.skills.factories import LearningGoalFactory

from .conftest import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def auth(rosa):
    return bearer(rosa)


def test_everything_needs_auth(client, db):
    for method, path in [("get", "/recommendations/people"),
                         ("get", "/recommendations/dismissals"),
                         ("post", "/recommendations/dismissals"),
                         ("delete", "/recommendations/dismissals/1")]:
        response = send(client, method, path)
        assert response.status_code == 401, (method, path)
        assert response.json()["error"] == "unauthenticated"


def test_people_for_every_goal_with_reasons(client, auth, community, tree):
    response = send(client, "get", "/recommendations/people", **auth)
    assert response.status_code == 200
    body = response.json()
    assert body["ready"] is True
    [goal] = body["goals"]
    assert goal["goal"] == {"id": str(tree.stats.pk), "label": "statistics", "kind": "knowledge"}
    ana = goal["people"][0]
    assert ana["person"] == {"handle": "ana", "name": "Ana Silva"}
    assert ana["profile_url"] == "/@ana"
    assert ana["reasons"] == ["3 people learned from Ana Silva's posts on statistics.",
                              "Not widely followed yet: found through what people learned."]
    assert ana["evidence"]["learners"] == 3 and ana["evidence"]["can_teach"] is False
    assert ana["people_you_follow_learned"] == 0
    cleo = goal["people"][2]
    assert cleo["evidence"]["declared_skill"]["label"] == "linear regression"
    assert cleo["evidence"]["declared_level"] == 5 and cleo["evidence"]["can_teach"] is True
    assert [p["person"]["handle"] for p in goal["people"]] == ["ana", "ben", "cleo"]


def test_one_goal_and_a_limit(client, auth, rosa, community, tree):
    LearningGoalFactory(user=rosa, skill=tree.sql)
    response = send(client, "get", f"/recommendations/people?goal={tree.stats.pk}&limit=1",
                    **auth)
    body = response.json()
    assert [g["goal"]["label"] for g in body["goals"]] == ["statistics"]
    assert [p["person"]["handle"] for p in body["goals"][0]["people"]] == ["ana"]


def test_a_skill_that_is_not_a_goal_is_a_404_and_a_bad_id_a_422(client, auth, community, tree):
    response = send(client, "get", f"/recommendations/people?goal={tree.sql.pk}", **auth)
    assert response.status_code == 404 and response.json()["error"] == "not_a_goal"
    response = send(client, "get", "/recommendations/people?goal=statistics", **auth)
    assert response.status_code == 422 and response.json()["error"] == "invalid"
    response = send(client, "get", "/recommendations/people?limit=0", **auth)
    assert response.status_code == 422


def test_dismiss_list_and_take_back(client, auth, rosa, community, tree):
    response = send(client, "post", "/recommendations/dismissals",
                    {"handle": "@Ana", "skill_id": str(tree.stats.pk)}, **auth)
    assert response.status_code == 201
    body = response.json()
    assert body["person"] == {"handle": "ana", "name": "Ana Silva"}
    assert body["skill"]["label"] == "statistics"
    people = send(client, "get", "/recommendations/people", **auth).json()["goals"][0]["people"]
    assert "ana" not in [p["person"]["handle"] for p in people]

    listed = send(client, "get", "/recommendations/dismissals", **auth).json()
    assert [d["id"] for d in listed] == [body["id"]]
    response = send(client, "delete", f"/recommendations/dismissals/{body['id']}", **auth)
    assert response.status_code == 204
    response = send(client, "delete", f"/recommendations/dismissals/{body['id']}", **auth)
    assert response.status_code == 404 and response.json()["error"] == "dismissal_not_found"


def test_dismiss_everywhere_twice_is_one_dismissal(client, auth, rosa, community):
    first = send(client, "post", "/recommendations/dismissals", {"handle": "ben"}, **auth)
    second = send(client, "post", "/recommendations/dismissals", {"handle": "ben"}, **auth)
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"] and first.json()["skill"] is None
    assert Dismissal.objects.count() == 1


def test_dismissal_errors(client, auth, rosa, community):
    cases = [
        ({"handle": "rosa"}, 400, "self"),
        ({"handle": "nobody_at_all"}, 404, "not_found"),
        ({"handle": "ana", "skill_id": str(uuid.uuid4())}, 404, "skill_not_found"),
        ({"handle": "ana", "skill_id": "statistics"}, 422, "invalid"),
        ({}, 422, "invalid"),
    ]
    for payload, status, code in cases:
        response = send(client, "post", "/recommendations/dismissals", payload, **auth)
        assert (response.status_code, response.json()["error"]) == (status, code), payload
    assert not Dismissal.objects.exists()


def test_read_only_tokens_cannot_dismiss(client, rosa, community):
    read = bearer(rosa, scope="read")
    response = send(client, "post", "/recommendations/dismissals", {"handle": "ana"}, **read)
    assert response.status_code == 403 and response.json()["error"] == "read_only_token"
    assert send(client, "get", "/recommendations/people", **read).status_code == 200


def test_someone_elses_dismissal_is_not_found(client, auth, community):
    other = person("other")
    row = Dismissal.objects.create(reader=other, person=community.ana)
    response = send(client, "delete", f"/recommendations/dismissals/{row.pk}", **auth)
    assert response.status_code == 404 and Dismissal.objects.filter(pk=row.pk).exists()


def test_the_endpoints_are_in_the_openapi_schema(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    people = schema["paths"]["/api/v1/recommendations/people"]["get"]
    assert {"200", "401", "404", "422", "429"} <= set(people["responses"])
    dismissals = schema["paths"]["/api/v1/recommendations/dismissals"]
    assert {"201", "400", "403", "404"} <= set(dismissals["post"]["responses"])
    delete = schema["paths"]["/api/v1/recommendations/dismissals/{dismissal_id}"]["delete"]
    assert {"204", "403", "404"} <= set(delete["responses"])
