"""The badges API: import (address, pasted text, upload), list, one badge, recheck, visibility,
delete, and a person's badges as the caller may see them."""

from __future__ import annotations

import io
import json

import pytest

from learnwork.credentials import baking, import_services
from learnwork.credentials.models import ImportedBadge
from learnwork.journeys.models import LearningRecord
from tests.api_client import bearer, send
from tests.factories import UserFactory

from .badge_server import badge_server, media_root, ob2, ob3, png_bytes  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana(db, media_root):  # noqa: F811
    return UserFactory(username="ana")


@pytest.fixture
def auth(ana):
    return bearer(ana)


def test_import_by_url_answers_201_with_the_status(client, auth, ob2):  # noqa: F811
    url = ob2.assertion(1)["id"]
    response = send(client, "post", "/badges", {"url": url}, **auth)
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "verified" and body["status_label"] == "Verified"
    assert body["name"] == "Python Basics" and body["spec"] == "2.0"
    assert body["source"] == "url" and body["source_url"] == url
    assert body["issued_on"] == "2024-05-02T10:00:00Z"
    assert body["image_url"].startswith("http://testserver/media/badges/")
    assert body["record_id"] == LearningRecord.objects.get().pk
    assert body["page_url"].endswith(f"/credentials/badges/{body['id']}/")


def test_import_pasted_credential_and_failed_ones_are_201_too(client, auth, ob3):  # noqa: F811
    token = ob3.jwt(ob3.credential(email="someone@example.org"))
    response = send(client, "post", "/badges", {"credential": token}, **auth)
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "failed" and body["source"] == "jwt"
    assert "issued to a different email address" in body["status_detail"]
    assert body["record_id"] is None


def test_import_needs_exactly_one_of_url_and_credential(client, auth):
    for body in ({}, {"url": "https://a.example/b", "credential": "{}"}):
        response = send(client, "post", "/badges", body, **auth)
        assert response.status_code == 400
        assert "either the badge's web address (url) or its text" in response.json()["detail"]


def test_upload_a_baked_image(client, auth, ob2):  # noqa: F811
    baked = io.BytesIO(baking.bake_png(png_bytes(), ob2.assertion(2)))
    baked.name = "badge.png"
    response = client.post("/api/v1/badges/upload", {"file": baked}, **auth)
    assert response.status_code == 201, response.content
    assert response.json()["source"] == "png" and response.json()["status"] == "verified"


def test_duplicate_is_409(client, auth, ob2):  # noqa: F811
    url = ob2.assertion(3)["id"]
    send(client, "post", "/badges", {"url": url}, **auth)
    again = send(client, "post", "/badges", {"url": url}, **auth)
    assert again.status_code == 409 and again.json() == {
        "error": "duplicate_badge", "detail": "You already added this badge."}


def test_read_only_token_cannot_import(client, ana, ob2):  # noqa: F811
    response = send(client, "post", "/badges", {"url": ob2.assertion(4)["id"]},
                    **bearer(ana, scope="read"))
    assert response.status_code == 403 and not ImportedBadge.objects.exists()


def test_list_get_recheck_patch_delete(client, auth, ana, ob2):  # noqa: F811
    first = import_services.badge_import_url(user=ana, url=ob2.assertion(5)["id"])
    import_services.badge_import_url(user=ana, url=ob2.assertion(6, email="x@y.org")["id"])
    listed = send(client, "get", "/badges", **auth).json()
    assert sorted(b["status"] for b in listed) == ["failed", "verified"]

    one = send(client, "get", f"/badges/{first.pk}", **auth)
    assert one.status_code == 200 and one.json()["visibility"] == "everyone"

    ob2.revoked.append(first.raw["id"])
    ob2.publish_revocations()
    rechecked = send(client, "post", f"/badges/{first.pk}/verify", **auth)
    assert rechecked.status_code == 200 and rechecked.json()["status"] == "revoked"

    patched = send(client, "patch", f"/badges/{first.pk}", {"visibility": "members"}, **auth)
    assert patched.status_code == 200 and patched.json()["visibility"] == "members"
    bad = send(client, "patch", f"/badges/{first.pk}", {"visibility": "friends"}, **auth)
    assert bad.status_code == 422

    assert send(client, "delete", f"/badges/{first.pk}", **auth).status_code == 204
    assert send(client, "get", f"/badges/{first.pk}", **auth).status_code == 404


def test_someone_elses_badge_is_404(client, ana, ob2):  # noqa: F811
    badge = import_services.badge_import_url(user=ana, url=ob2.assertion(7)["id"])
    other = bearer(UserFactory(username="ben"))
    for method, path in (("get", f"/badges/{badge.pk}"), ("delete", f"/badges/{badge.pk}"),
                         ("post", f"/badges/{badge.pk}/verify")):
        response = send(client, method, path, **other)
        assert response.status_code == 404, path
        assert response.json()["error"] == "not_found"


def test_person_badges_show_only_what_the_caller_may_see(client, ana, ob2):  # noqa: F811
    shown = import_services.badge_import_url(user=ana, url=ob2.assertion(8)["id"])
    members = import_services.badge_import_url(user=ana, url=ob2.assertion(9)["id"])
    import_services.badge_set_visibility(user=ana, badge_id=members.pk, visibility="members")
    import_services.badge_import_url(user=ana, url=ob2.assertion(10, email="x@y.org")["id"])

    anonymous = client.get("/api/v1/people/ana/badges")
    assert anonymous.status_code == 200
    assert [b["id"] for b in anonymous.json()] == [shown.pk]
    assert "status_detail" not in anonymous.json()[0]
    assert "ana@example.org" not in json.dumps(anonymous.json())

    member = send(client, "get", "/people/ana/badges", **bearer(UserFactory(username="ben")))
    assert {b["id"] for b in member.json()} == {shown.pk, members.pk}
    assert client.get("/api/v1/people/nobody/badges").status_code == 404


def test_badges_appear_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    for path in ("/api/v1/badges", "/api/v1/badges/upload", "/api/v1/badges/{badge_id}",
                 "/api/v1/badges/{badge_id}/verify", "/api/v1/people/{handle}/badges"):
        assert path in paths, path
    post = paths["/api/v1/badges"]["post"]["responses"]
    assert {"201", "400", "409", "413"} <= set(post)
    assert "BadgeOut" in json.dumps(schema["components"])
