"""The lists API: CRUD, members, and privacy."""

from __future__ import annotations

import uuid

import pytest

from learnwork.social import lists
from learnwork.social.models import FollowList, FollowListMember
from tests.api_client import API, bearer, send
from tests.factories import UserFactory

from .factories import MuteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def auth(ana):
    return bearer(ana)


def test_everything_needs_auth(client):
    for method, path in [("get", "/lists"), ("post", "/lists"), ("get", "/lists/1"),
                         ("patch", "/lists/1"), ("delete", "/lists/1"),
                         ("put", "/lists/1/people/ben"), ("get", "/lists/1/feed")]:
        response = send(client, method, path)
        assert response.status_code == 401, (method, path)


def test_create_read_rename_and_delete(client, auth, ana, ben, tree):
    response = send(client, "post", "/lists",
                    {"name": "Stats", "description": "teachers", "people": ["@Ben"],
                     "skills": [str(tree.stats.pk)]}, **auth)
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "Stats" and body["people"] == [{"handle": "ben", "name": "ben"}]
    assert [s["label"] for s in body["skills"]] == ["statistics"]
    list_id = body["id"]

    listed = client.get(f"{API}/lists", **auth).json()
    assert [(x["name"], x["people_count"], x["skills_count"]) for x in listed] == [
        ("Stats", 1, 1)]

    response = send(client, "patch", f"/lists/{list_id}", {"name": "Statistics"}, **auth)
    assert response.status_code == 200
    assert response.json()["name"] == "Statistics"
    assert response.json()["description"] == "teachers"

    assert send(client, "delete", f"/lists/{list_id}", **auth).status_code == 204
    assert send(client, "get", f"/lists/{list_id}", **auth).status_code == 404


def test_members_are_put_and_deleted(client, auth, ana, ben, tree):
    made = lists.list_create(owner=ana, name="L")
    response = send(client, "put", f"/lists/{made.pk}/people/ben", **auth)
    assert response.status_code == 200 and response.json()["people"][0]["handle"] == "ben"
    assert send(client, "put", f"/lists/{made.pk}/people/ben", **auth).status_code == 200
    MuteFactory(user=ana, kind="person", person=ben, word="")
    body = send(client, "put", f"/lists/{made.pk}/skills/{tree.sql.pk}", **auth).json()
    assert body["muted_people"] == ["ben"] and body["skills"][0]["label"] == "SQL"
    assert FollowListMember.objects.count() == 2

    assert send(client, "delete", f"/lists/{made.pk}/people/ben", **auth).status_code == 204
    response = send(client, "delete", f"/lists/{made.pk}/people/ben", **auth)
    assert response.status_code == 404 and response.json()["error"] == "member_not_found"
    assert send(client, "delete", f"/lists/{made.pk}/skills/{tree.sql.pk}",
                **auth).status_code == 204
    assert not FollowListMember.objects.exists()


def test_bad_input_is_a_clear_4xx_and_writes_nothing(client, auth, ana, tree):
    cases = [
        ({"name": ""}, 400, "invalid"),
        ({"name": "x" * 81}, 400, "invalid"),
        ({"name": "L", "people": ["nobody_here"]}, 404, "not_found"),
        ({"name": "L", "skills": [str(uuid.uuid4())]}, 404, "skill_not_found"),
        ({"name": "L", "people": ["ana"]}, 400, "self"),
        ({"name": "L", "skills": ["statistics"]}, 422, "invalid"),
    ]
    for body, status, code in cases:
        response = send(client, "post", "/lists", body, **auth)
        assert response.status_code == status, (body, response.json())
        assert response.json()["error"] == code
    assert not FollowList.objects.exists()
    send(client, "post", "/lists", {"name": "L"}, **auth)
    response = send(client, "post", "/lists", {"name": "l"}, **auth)
    assert response.status_code == 409 and response.json()["error"] == "list_exists"


def test_other_peoples_lists_are_not_found(client, auth, tree):
    theirs = lists.list_create(owner=UserFactory(username="cara"), name="Private",
                               skill_ids=[tree.sql.pk])
    for method, path, body in [
        ("get", f"/lists/{theirs.pk}", None), ("patch", f"/lists/{theirs.pk}", {"name": "x"}),
        ("delete", f"/lists/{theirs.pk}", None), ("put", f"/lists/{theirs.pk}/people/ana", None),
        ("delete", f"/lists/{theirs.pk}/skills/{tree.sql.pk}", None),
        ("get", f"/lists/{theirs.pk}/feed", None),
    ]:
        response = send(client, method, path, body, **auth)
        assert response.status_code == 404, (method, path)
    assert client.get(f"{API}/lists", **auth).json() == []
    theirs.refresh_from_db()
    assert theirs.name == "Private" and FollowListMember.objects.count() == 1


def test_read_only_tokens_cannot_write(client, ana):
    auth = bearer(ana, scope="read")
    response = send(client, "post", "/lists", {"name": "L"}, **auth)
    assert response.status_code == 403 and not FollowList.objects.exists()
