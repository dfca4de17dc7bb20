"""The journeys API: the same rules as the pages, as JSON with declared status codes."""

from __future__ import annotations

import uuid

import pytest

from learnwork.config.api import api
from learnwork.journeys.models import LearningRecord
from learnwork.posts.models import Post
from learnwork.social import services as social
from tests.api_client import API, bearer, send
from tests.factories import UserFactory
from tests.skills.factories import SkillFactory, UserSkillFactory

from .factories import RecordFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def auth(ana):
    return bearer(ana)


def test_add_read_edit_share_delete(client, ana, auth):
    stats = SkillFactory(label="statistics")
    response = send(client, "post", "/journey/records", {
        "kind": "course", "title": "Statistics 101", "source_name": "Open Uni",
        "started_on": "2024-01-08", "finished_on": "2024-03-01",
        "reflection": "Medians *resist* outliers.", "skill_ids": [str(stats.pk)]}, **auth)
    assert response.status_code == 201
    body = response.json()
    assert body["owner"] == "ana" and body["status"] == "finished"
    assert body["reflection_html"] == "<p>Medians <em>resist</em> outliers.</p>\n"
    assert body["skills"] == [{"id": str(stats.pk), "label": "statistics", "kind": "skill"}]
    assert body["origin"] == "manual" and body["verified"] is False
    record_id = body["id"]

    assert client.get(f"{API}/journey/records/{record_id}").json()["title"] == "Statistics 101"
    patched = send(client, "patch", f"/journey/records/{record_id}",
                   {"title": "Statistics 102", "visibility": "members"}, **auth)
    assert patched.status_code == 200 and patched.json()["title"] == "Statistics 102"
    assert patched.json()["skills"][0]["label"] == "statistics"  # untouched
    assert client.get(f"{API}/journey/records/{record_id}").status_code == 404  # members only

    # No body at all: the default text.
    shared = client.post(f"{API}/journey/records/{record_id}/share", data="",
                         content_type="application/json", **auth)
    assert shared.status_code == 201
    post = Post.objects.get(pk=shared.json()["post_id"])
    assert shared.json()["post_url"].endswith(f"/posts/{post.pk}/")
    assert post.visibility == "members" and "Statistics 102" in post.body
    again = send(client, "post", f"/journey/records/{record_id}/share", {"body": "x"}, **auth)
    assert again.status_code == 409 and again.json()["error"] == "already_shared"

    assert send(client, "delete", f"/journey/records/{record_id}", **auth).status_code == 204
    assert client.get(f"{API}/journey/records/{record_id}", **auth).status_code == 404
    assert Post.objects.filter(pk=post.pk).exists()


@pytest.mark.parametrize(("payload", "status", "code", "words"), [
    ({"title": " "}, 400, "empty", "title is required"),
    ({"title": "x", "status": "planned", "finished_on": "2024-01-01"}, 400, "invalid",
     "Only finished learning"),
    ({"title": "x", "started_on": "2024-02-01", "finished_on": "2024-01-01"}, 400, "invalid",
     "before the start"),
    ({"title": "x", "url": "javascript:alert(1)"}, 400, "invalid", "not a web address"),
    ({"title": "x", "skill_ids": ["00000000-0000-4000-8000-000000000000"]}, 404,
     "skill_not_found", "00000000-0000-4000-8000-000000000000"),
    ({"title": "x", "kind": "podcast"}, 422, "invalid", "kind"),
    ({"title": "x", "finished_on": "2024-02-30"}, 422, "invalid", "finished_on"),
    ({}, 422, "invalid", "title"),
])
def test_bad_records_get_clear_errors_and_write_nothing(client, auth, payload, status, code,
                                                        words):
    response = send(client, "post", "/journey/records", payload, **auth)
    assert response.status_code == status
    assert response.json()["error"] == code and words in response.json()["detail"]
    assert not LearningRecord.objects.exists()


def test_writes_need_auth_and_write_scope(client, ana):
    record = RecordFactory(user=ana)
    assert send(client, "post", "/journey/records", {"title": "x"}).status_code == 401
    assert client.get(f"{API}/journey/records").status_code == 401
    read_only = bearer(ana, scope="read")
    for method, path, body in (("post", "/journey/records", {"title": "x"}),
                               ("patch", f"/journey/records/{record.pk}", {"title": "y"}),
                               ("delete", f"/journey/records/{record.pk}", None),
                               ("post", f"/journey/records/{record.pk}/share", {})):
        response = send(client, method, path, body, **read_only)
        assert response.status_code == 403 and response.json()["error"] == "read_only_token"
    record.refresh_from_db()
    assert record.title != "y" and not Post.objects.exists()


def test_only_the_owner_changes_a_record(client, ana, ben):
    public = RecordFactory(user=ana)
    private = RecordFactory(user=ana, visibility="only_me")
    auth = bearer(ben)
    assert send(client, "patch", f"/journey/records/{public.pk}", {"title": "mine"},
                **auth).status_code == 403
    assert send(client, "patch", f"/journey/records/{private.pk}", {"title": "mine"},
                **auth).status_code == 404
    assert send(client, "delete", f"/journey/records/{public.pk}", **auth).status_code == 403
    assert send(client, "post", f"/journey/records/{public.pk}/share", {},
                **auth).status_code == 403
    assert LearningRecord.objects.filter(user=ana).count() == 2


def test_my_records_include_hidden_ones_and_patch_can_hide(client, ana, auth):
    record = RecordFactory(user=ana, origin="provider", title="From the LMS")
    RecordFactory(user=UserFactory(), title="not mine")
    response = send(client, "patch", f"/journey/records/{record.pk}", {"hidden": True}, **auth)
    assert response.status_code == 200 and response.json()["hidden"] is True
    mine = client.get(f"{API}/journey/records", **auth).json()
    assert [r["title"] for r in mine] == ["From the LMS"] and mine[0]["hidden"]
    assert client.get(f"{API}/people/ana/journey").json()["records"] == []


def test_confirmed_facts_cannot_be_patched(client, ana, auth):
    record = RecordFactory(user=ana, origin="provider", title="Databases",
                           confirmed_by="Open Uni")
    response = send(client, "patch", f"/journey/records/{record.pk}", {"title": "Other"}, **auth)
    assert response.status_code == 403 and response.json()["error"] == "record_confirmed"
    ok = send(client, "patch", f"/journey/records/{record.pk}", {"reflection": "Joins."}, **auth)
    assert ok.status_code == 200 and ok.json()["verified"] is True
    assert ok.json()["confirmed_by"] == "Open Uni"


def test_a_persons_journey_as_others_see_it(client, ana, ben):
    sql, python = SkillFactory(label="SQL"), SkillFactory(label="Python")
    UserSkillFactory(user=ana, skill=python)
    RecordFactory(user=ana, title="public", skills=[sql], confirmed_by="Open Uni")
    RecordFactory(user=ana, title="members", visibility="members")
    RecordFactory(user=ana, title="secret", visibility="only_me", skills=[python])

    anonymous = client.get(f"{API}/people/ana/journey").json()
    assert [r["title"] for r in anonymous["records"]] == ["public"]
    skills = {row["skill"]["label"]: row for row in anonymous["skills"]}
    assert skills["SQL"]["strength"] == "verified" and skills["SQL"]["verifiers"] == ["Open Uni"]
    assert skills["Python"]["strength"] == "claimed" and skills["Python"]["shown_by"] == []
    assert sum(day["count"] for day in anonymous["activity"]) == 1

    member = client.get(f"{API}/people/ANA/journey", **bearer(ben)).json()
    assert {r["title"] for r in member["records"]} == {"public", "members"}
    social.block(blocker=ana, blocked=ben)
    blocked = client.get(f"{API}/people/ana/journey", **bearer(ben)).json()
    assert blocked["records"] == [] and blocked["skills"] == [] and blocked["activity"] == []

    missing = client.get(f"{API}/people/nobody/journey")
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"
    assert client.get(f"{API}/people/bad%00handle/journey").status_code == 404


def test_ids_out_of_range_are_refused(client, auth):
    assert client.get(f"{API}/journey/records/{2**64}", **auth).status_code == 422
    assert client.get(f"{API}/journey/records/{uuid.uuid4()}", **auth).status_code == 422


def test_endpoints_are_documented():
    schema = api.get_openapi_schema()
    paths = schema["paths"]
    for path in ("/api/v1/people/{handle}/journey", "/api/v1/journey/records",
                 "/api/v1/journey/records/{record_id}",
                 "/api/v1/journey/records/{record_id}/share"):
        assert path in paths
    assert set(paths["/api/v1/journey/records/{record_id}/share"]["post"]["responses"]) >= {
        201, 400, 403, 404, 409, 401}
    assert "RecordOut" in schema["components"]["schemas"]
    assert "JourneyOut" in schema["components"]["schemas"]
