"""The posts API: the same rules as the pages, as JSON with declared status codes."""

from __future__ import annotations

import uuid

import pytest

from learnwork.config.api import api
from learnwork.posts.models import POST_MAX_CHARS, Comment, Post, Reaction
from tests.api_client import API, bearer, send
from tests.factories import UserFactory
from tests.skills.factories import SkillFactory

from .factories import CommentFactory, PostFactory, ReactionFactory
from .html_checks import runnable

pytestmark = pytest.mark.django_db

@pytest.fixture
def me(db):
    return UserFactory(username="me")


@pytest.fixture
def auth(me):
    return bearer(me)


def test_publish_read_edit_delete(client, me, auth):
    skill = SkillFactory(label="statistics")
    response = send(client, "post", "/posts", {
        "body": "Medians *resist* outliers.", "skill_ids": [str(skill.pk)],
        "visibility": "members"}, **auth)
    assert response.status_code == 201
    body = response.json()
    assert body["body_html"] == "<p>Medians <em>resist</em> outliers.</p>\n"
    assert body["skills"] == [{"id": str(skill.pk), "label": "statistics", "kind": "skill"}]
    assert body["author"] == {"handle": "me", "name": "me"}
    assert body["learned_count"] == 0 and body["my_reactions"] == [] and body["edited_at"] is None
    assert "views" not in body and "likes" not in body
    post_id = body["id"]

    assert client.get(f"{API}/posts/{post_id}", **auth).json()["visibility"] == "members"
    assert client.get(f"{API}/posts/{post_id}").status_code == 404  # members only

    patched = send(client, "patch", f"/posts/{post_id}", {"body": "Medians resist outliers!"},
                   **auth)
    assert patched.status_code == 200 and patched.json()["edited_at"] is not None
    assert patched.json()["skills"][0]["label"] == "statistics"  # untouched

    assert send(client, "delete", f"/posts/{post_id}", **auth).status_code == 204
    assert client.get(f"{API}/posts/{post_id}", **auth).status_code == 404


@pytest.mark.parametrize(("payload", "status", "code", "words"), [
    ({"body": "x" * (POST_MAX_CHARS + 1)}, 400, "too_long", "5,000"),
    ({"body": "   "}, 400, "empty", "Write something"),
    ({"body": "hi", "skill_ids": ["00000000-0000-4000-8000-000000000000"]}, 400,
     "unknown_skills", "00000000-0000-4000-8000-000000000000"),
    ({"body": "hi", "visibility": "friends"}, 422, "invalid", "visibility"),
    ({"body": "hi", "skill_ids": ["nope"]}, 422, "invalid", "skill_ids"),
    ({}, 422, "invalid", "required"),
])
def test_bad_posts_get_clear_errors_and_write_nothing(client, auth, payload, status, code, words):
    response = send(client, "post", "/posts", payload, **auth)
    assert response.status_code == status
    assert response.json()["error"] == code and words in response.json()["detail"]
    assert not Post.objects.exists()


def test_injection_is_sanitised(client, auth):
    response = send(client, "post", "/posts", {
        "body": "<script>alert(1)</script> [x](javascript:alert(1)) <b onclick=x>b</b>"}, **auth)
    assert response.status_code == 201
    assert runnable(response.json()["body_html"]) == []


def test_writes_need_auth_and_write_scope(client, me):
    assert send(client, "post", "/posts", {"body": "hi"}).status_code == 401
    response = send(client, "post", "/posts", {"body": "hi"}, **bearer(me, scope="read"))
    assert response.status_code == 403 and response.json()["error"] == "read_only_token"
    assert not Post.objects.exists()


def test_someone_elses_post_is_403_to_change_and_404_when_hidden(client, auth):
    public = PostFactory()
    assert send(client, "patch", f"/posts/{public.pk}", {"body": "x"}, **auth).status_code == 403
    assert send(client, "delete", f"/posts/{public.pk}", **auth).status_code == 403
    hidden = PostFactory(visibility="followers")
    assert send(client, "delete", f"/posts/{hidden.pk}", **auth).status_code == 404
    assert client.get(f"{API}/posts/{2**63}").status_code == 422  # no such id can exist


def test_reactions(client, me, auth):
    post = PostFactory()
    url = f"/posts/{post.pk}/reactions/learned"
    first = send(client, "put", url, **auth)
    assert first.status_code == 201 and first.json()["kind"] == "learned"
    twice = send(client, "put", url, **auth)
    assert twice.status_code == 409
    assert twice.json() == {"error": "already_reacted", "detail": "You already marked this."}
    assert Reaction.objects.filter(post=post).count() == 1
    assert client.get(f"{API}/posts/{post.pk}", **auth).json()["learned_count"] == 1
    assert client.get(f"{API}/posts/{post.pk}", **auth).json()["my_reactions"] == ["learned"]

    assert send(client, "delete", url, **auth).status_code == 204
    assert send(client, "delete", url, **auth).status_code == 404
    assert client.get(f"{API}/posts/{post.pk}", **auth).json()["learned_count"] == 0
    assert send(client, "put", f"/posts/{post.pk}/reactions/like", **auth).status_code == 422


def test_reacting_to_an_invisible_or_own_post(client, me, auth):
    hidden = PostFactory(visibility="followers")
    response = send(client, "put", f"/posts/{hidden.pk}/reactions/saved", **auth)
    assert response.status_code == 404
    own = PostFactory(author=me)
    response = send(client, "put", f"/posts/{own.pk}/reactions/helpful", **auth)
    assert response.status_code == 400 and response.json()["error"] == "own_post"
    assert send(client, "put", f"/posts/{own.pk}/reactions/saved", **auth).status_code == 201
    assert Reaction.objects.count() == 1


def test_saved_is_mine_only(client, me, auth):
    post = PostFactory(body="Keep me")
    ReactionFactory(user=me, post=post, kind="saved")
    ReactionFactory(post=PostFactory(), kind="saved")
    saved = client.get(f"{API}/me/saved", **auth).json()
    assert [p["body"] for p in saved] == ["Keep me"] and saved[0]["my_reactions"] == ["saved"]
    assert client.get(f"{API}/me/saved").status_code == 401


def test_comments_tree_and_writes(client, me, auth):
    post = PostFactory()
    top = send(client, "post", f"/posts/{post.pk}/comments", {"body": "Top"}, **auth)
    assert top.status_code == 201
    top_id = top.json()["id"]
    reply = send(client, "post", f"/posts/{post.pk}/comments",
                 {"body": "Reply", "parent_id": top_id}, **auth)
    assert reply.status_code == 201 and reply.json()["parent_id"] == top_id

    tree = client.get(f"{API}/posts/{post.pk}/comments").json()
    assert [(c["body"], [r["body"] for r in c["replies"]]) for c in tree] == [("Top", ["Reply"])]

    bad = send(client, "post", f"/posts/{post.pk}/comments",
               {"body": "x", "parent_id": CommentFactory().pk}, **auth)
    assert bad.status_code == 400 and bad.json()["error"] == "invalid"
    too_long = send(client, "post", f"/posts/{post.pk}/comments", {"body": "y" * 2001}, **auth)
    assert too_long.status_code == 400 and "2,000" in too_long.json()["detail"]

    edited = send(client, "patch", f"/comments/{top_id}", {"body": "Top, edited"}, **auth)
    assert edited.status_code == 200 and edited.json()["edited_at"]
    someone = CommentFactory(post=post)
    assert send(client, "patch", f"/comments/{someone.pk}", {"body": "x"},
                **auth).status_code == 403
    assert send(client, "delete", f"/comments/{top_id}", **auth).status_code == 204
    assert list(Comment.objects.filter(post=post).values_list("pk", flat=True)) == [someone.pk]
    post.refresh_from_db()
    assert post.comment_count == 1


def test_comments_on_a_hidden_post_are_hidden_too(client, auth):
    post = PostFactory(visibility="members")
    CommentFactory(post=post)
    assert client.get(f"{API}/posts/{post.pk}/comments").status_code == 404
    assert client.get(f"{API}/posts/{post.pk}/comments", **auth).status_code == 200
    hidden = PostFactory(visibility="followers")
    response = send(client, "post", f"/posts/{hidden.pk}/comments", {"body": "hi"}, **auth)
    assert response.status_code == 404


def test_suggest_skills(client, auth):
    skill = SkillFactory(label="data analysis", alt_labels="analysing data")
    response = send(client, "post", "/posts/suggest-skills",
                    {"text": "A week spent analysing data"}, **auth)
    assert response.status_code == 200
    assert response.json() == [{"id": str(skill.pk), "label": "data analysis", "kind": "skill",
                                "matched_phrase": "analysing data",
                                "matched_label": "analysing data"}]
    assert not Post.objects.exists()


def test_every_operation_is_in_the_schema_with_its_errors():
    schema = api.get_openapi_schema()
    paths = schema["paths"]
    expected = {
        ("/api/v1/posts", "post"): {"201", "400", "403"},
        ("/api/v1/posts/{post_id}", "get"): {"200", "404"},
        ("/api/v1/posts/{post_id}", "patch"): {"200", "400", "403", "404"},
        ("/api/v1/posts/{post_id}", "delete"): {"204", "403", "404"},
        ("/api/v1/posts/{post_id}/comments", "get"): {"200", "404"},
        ("/api/v1/posts/{post_id}/comments", "post"): {"201", "400", "404"},
        ("/api/v1/comments/{comment_id}", "patch"): {"200", "403", "404"},
        ("/api/v1/comments/{comment_id}", "delete"): {"204", "403", "404"},
        ("/api/v1/posts/{post_id}/reactions/{kind}", "put"): {"201", "404", "409"},
        ("/api/v1/posts/{post_id}/reactions/{kind}", "delete"): {"204", "404"},
        ("/api/v1/me/saved", "get"): {"200"},
        ("/api/v1/posts/suggest-skills", "post"): {"200"},
    }
    for (path, method), codes in expected.items():
        declared = {str(code) for code in paths[path][method]["responses"]}
        assert codes | {"401", "422", "429"} <= declared, (path, method, declared)


def test_unknown_ids_are_json_404s(client, auth):
    assert client.get(f"{API}/posts/999999").json()["error"] == "not_found"
    response = send(client, "patch", "/comments/999999", {"body": "x"}, **auth)
    assert response.status_code == 404 and response.json()["error"] == "not_found"
    assert send(client, "put", f"/posts/999999/reactions/{uuid.uuid4()}",
                **auth).status_code == 422
