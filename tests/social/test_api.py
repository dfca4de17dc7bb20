from __future__ import annotations

import uuid

import pytest

from learnwork.social.models import Block, Follow, Mute, SkillFollow
from tests.api_client import API, bearer, send
from tests.factories import UserFactory

from .factories import BlockFactory, FollowFactory

pytestmark = pytest.mark.django_db

@pytest.fixture
def auth(ana):
    return bearer(ana)


def test_everything_needs_auth(client):
    for method, path in [("get", "/me/follows"), ("post", "/me/follows"),
                         ("get", "/me/follows/ben"), ("put", "/me/follows/ben"),
                         ("delete", "/me/follows/ben"), ("get", "/me/skill-follows"),
                         ("get", "/me/mutes"), ("post", "/me/mutes"), ("post", "/me/blocks")]:
        response = send(client, method, path)
        assert response.status_code == 401, (method, path)
        assert response.json()["error"] == "unauthenticated"


def test_follow_for_topics_then_change_then_unfollow(client, auth, ana, ben, tree):
    response = send(client, "post", "/me/follows",
                    {"handle": "@Ben", "topics": [str(tree.sql.pk)]}, **auth)
    assert response.status_code == 201
    body = response.json()
    assert body["person"] == {"handle": "ben", "name": "ben"}
    assert body["everything"] is False and body["topics"][0]["label"] == "SQL"

    response = send(client, "put", "/me/follows/ben", {"topics": []}, **auth)
    assert response.status_code == 200 and response.json()["everything"] is True

    listed = client.get(f"{API}/me/follows", **auth).json()
    assert [f["person"]["handle"] for f in listed] == ["ben"]

    state = client.get(f"{API}/me/follows/ben", **auth).json()
    assert state["following"] and state["everything"] and state["followers_count"] == 1
    assert not state["muted"] and not state["blocks_you"]

    assert send(client, "delete", "/me/follows/ben", **auth).status_code == 204
    response = send(client, "delete", "/me/follows/ben", **auth)
    assert response.status_code == 404 and response.json()["error"] == "not_following"


def test_follow_errors_are_json_and_write_nothing(client, auth, ana, ben, tree):
    response = send(client, "post", "/me/follows", {"handle": "ana"}, **auth)
    assert response.status_code == 400
    assert response.json() == {"error": "self", "detail": "You can't follow yourself."}

    response = send(client, "post", "/me/follows", {"handle": "nobody_here"}, **auth)
    assert response.status_code == 404 and "@nobody_here" in response.json()["detail"]

    response = send(client, "post", "/me/follows", {"handle": "bad handle\x00"}, **auth)
    assert response.status_code == 404

    missing = uuid.uuid4()
    response = send(client, "post", "/me/follows",
                    {"handle": "ben", "topics": [str(missing)]}, **auth)
    assert response.status_code == 404 and str(missing) in response.json()["detail"]

    response = send(client, "post", "/me/follows", {"handle": "ben", "topics": ["x"]}, **auth)
    assert response.status_code == 422 and response.json()["error"] == "invalid"

    BlockFactory(blocker=ben, blocked=ana)
    response = send(client, "post", "/me/follows", {"handle": "ben"}, **auth)
    assert response.status_code == 403 and response.json()["error"] == "blocked"
    assert "blocked you" in response.json()["detail"]
    assert not Follow.objects.exists()


def test_state_of_unknown_handle_is_404(client, auth):
    response = client.get(f"{API}/me/follows/nobody", **auth)
    assert response.status_code == 404 and response.json()["error"] == "not_found"


def test_read_only_token_reads_but_cannot_write(client, ana, ben, tree):
    FollowFactory(follower=ana, followee=ben)
    headers = bearer(ana, scope="read")
    assert client.get(f"{API}/me/follows", **headers).status_code == 200
    for method, path, body in [
        ("post", "/me/follows", {"handle": "ben"}),
        ("put", "/me/follows/ben", {"topics": []}),
        ("delete", "/me/follows/ben", None),
        ("post", "/me/skill-follows", {"skill_id": str(tree.sql.pk)}),
        ("post", "/me/mutes", {"kind": "word", "word": "x"}),
        ("post", "/me/blocks", {"handle": "ben"}),
        ("delete", "/me/blocks/ben", None),
    ]:
        response = send(client, method, path, body, **headers)
        assert response.status_code == 403, path
        assert response.json()["error"] == "read_only_token"
    assert Follow.objects.count() == 1 and not Mute.objects.exists()
    assert not Block.objects.exists()


def test_skill_follows(client, auth, tree):
    response = send(client, "post", "/me/skill-follows", {"skill_id": str(tree.stats.pk)}, **auth)
    assert response.status_code == 201 and response.json()["skill"]["label"] == "statistics"
    again = send(client, "post", "/me/skill-follows", {"skill_id": str(tree.stats.pk)}, **auth)
    assert again.status_code == 201 and SkillFollow.objects.count() == 1
    assert client.get(f"{API}/me/skill-follows", **auth).json()[0]["skill"]["id"] \
        == str(tree.stats.pk)
    response = send(client, "post", "/me/skill-follows", {"skill_id": str(uuid.uuid4())}, **auth)
    assert response.status_code == 404
    assert send(client, "delete", f"/me/skill-follows/{tree.stats.pk}", **auth).status_code \
        == 204
    assert send(client, "delete", f"/me/skill-follows/{tree.stats.pk}", **auth).status_code \
        == 404


def test_mutes(client, auth, ben, tree):
    word = send(client, "post", "/me/mutes", {"kind": "word", "word": "  Hot TAKE "}, **auth)
    assert word.status_code == 201 and word.json()["word"] == "hot take"
    dup = send(client, "post", "/me/mutes", {"kind": "word", "word": "hot take"}, **auth)
    assert dup.status_code == 409 and dup.json()["error"] == "mute_exists"
    person = send(client, "post", "/me/mutes", {"kind": "person", "handle": "ben"}, **auth)
    assert person.status_code == 201 and person.json()["person"]["handle"] == "ben"
    skill = send(client, "post", "/me/mutes", {"kind": "skill", "skill_id": str(tree.sql.pk)},
                 **auth)
    assert skill.status_code == 201 and skill.json()["skill"]["label"] == "SQL"

    missing = send(client, "post", "/me/mutes", {"kind": "person"}, **auth)
    assert missing.status_code == 400 and "handle" in missing.json()["detail"]
    empty = send(client, "post", "/me/mutes", {"kind": "word", "word": "   "}, **auth)
    assert empty.status_code == 400
    bad_kind = send(client, "post", "/me/mutes", {"kind": "everything"}, **auth)
    assert bad_kind.status_code == 422

    listed = client.get(f"{API}/me/mutes", **auth).json()
    assert {m["kind"] for m in listed} == {"word", "person", "skill"}
    mute_id = word.json()["id"]
    assert send(client, "delete", f"/me/mutes/{mute_id}", **auth).status_code == 204
    assert send(client, "delete", f"/me/mutes/{mute_id}", **auth).status_code == 404


def test_blocks(client, auth, ana, ben):
    FollowFactory(follower=ana, followee=ben)
    FollowFactory(follower=ben, followee=ana)
    response = send(client, "post", "/me/blocks", {"handle": "ben"}, **auth)
    assert response.status_code == 201 and response.json()["person"]["handle"] == "ben"
    assert not Follow.objects.exists()
    assert client.get(f"{API}/me/blocks", **auth).json()[0]["person"]["handle"] == "ben"
    assert client.get(f"{API}/me/follows/ben", **auth).json()["blocked_by_you"] is True

    response = send(client, "post", "/me/follows", {"handle": "ben"}, **auth)
    assert response.status_code == 400 and response.json()["error"] == "unblock_first"

    self_block = send(client, "post", "/me/blocks", {"handle": "ana"}, **auth)
    assert self_block.status_code == 400
    assert send(client, "delete", "/me/blocks/ben", **auth).status_code == 204
    assert send(client, "delete", "/me/blocks/ben", **auth).status_code == 404


def test_session_writes_need_csrf(ana, ben):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(ana)
    response = send(client, "post", "/me/follows", {"handle": "ben"})
    assert response.status_code == 403 and response.json()["error"] == "csrf_failed"


def test_operations_are_in_the_openapi_schema(client):
    paths = client.get(f"{API}/openapi.json").json()["paths"]
    for path in ("/api/v1/me/follows", "/api/v1/me/follows/{handle}",
                 "/api/v1/me/skill-follows", "/api/v1/me/skill-follows/{skill_id}",
                 "/api/v1/me/mutes", "/api/v1/me/mutes/{mute_id}", "/api/v1/me/blocks",
                 "/api/v1/me/blocks/{handle}"):
        assert path in paths
    assert set(paths["/api/v1/me/follows"]["post"]["responses"]) >= {
        "201", "400", "401", "403", "404", "422", "429"}


def test_other_people_are_unaffected(client, auth, ben):
    other = UserFactory()
    FollowFactory(follower=other, followee=ben)
    assert client.get(f"{API}/me/follows", **auth).json() == []
