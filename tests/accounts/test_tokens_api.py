import json

import pytest
from django.test import override_settings
from django.urls import reverse

from learnwork.accounts import services
from learnwork.accounts.models import AccessToken
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_token_page_shows_secret_once_and_stores_only_a_digest(member_client):
    response = member_client.post(reverse("accounts:tokens"),
                                  {"name": "sync script", "scope": "read"})
    assert response.status_code == 200
    page = response.content.decode()
    token = AccessToken.objects.get(user=member_client.user)
    secret = page.split('data-testid="token-secret">', 1)[1].split("<", 1)[0]
    assert secret.startswith("lw_")
    assert secret not in (token.digest, token.prefix)
    assert secret not in member_client.get(reverse("accounts:tokens")).content.decode()


def test_api_with_token_reads_profile(client, user):
    _token, secret = services.access_token_create(user=user, name="t", scope="read")
    response = client.get("/api/v1/me/profile", **bearer(secret))
    assert response.status_code == 200
    assert response.json()["handle"] == user.username


def test_api_without_auth_is_401_json(client):
    response = client.get("/api/v1/me/profile")
    assert response.status_code == 401
    assert response.json()["error"] == "unauthenticated"


def test_read_only_token_cannot_write(client, user):
    _token, secret = services.access_token_create(user=user, name="t", scope="read")
    response = client.patch("/api/v1/me/profile", data=json.dumps({"headline": "x"}),
                            content_type="application/json", **bearer(secret))
    assert response.status_code == 403
    assert response.json()["error"] == "read_only_token"


def test_write_token_patches_profile_and_validates(client, user):
    _token, secret = services.access_token_create(user=user, name="t", scope="write")
    response = client.patch("/api/v1/me/profile",
                            data=json.dumps({"headline": "Learning SQL", "bio": "<b>hi</b>"}),
                            content_type="application/json", **bearer(secret))
    assert response.status_code == 200
    assert response.json()["headline"] == "Learning SQL"
    assert "<b>" not in response.json()["bio_html"]

    response = client.patch("/api/v1/me/profile", data=json.dumps({"headline": "x" * 500}),
                            content_type="application/json", **bearer(secret))
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "invalid" and "headline" in body["detail"]

    response = client.patch("/api/v1/me/profile",
                            data=json.dumps({"links": [{"url": "javascript:alert(1)"}]}),
                            content_type="application/json", **bearer(secret))
    assert response.status_code == 400
    assert response.json()["error"] == "invalid"


def test_revoked_token_stops_working(client, user):
    token, secret = services.access_token_create(user=user, name="t", scope="read")
    services.access_token_revoke(user=user, token_id=token.pk)
    assert client.get("/api/v1/me/profile", **bearer(secret)).status_code == 401


def test_cannot_revoke_someone_elses_token(member_client):
    other = UserFactory()
    token, _ = services.access_token_create(user=other, name="t", scope="read")
    member_client.post(reverse("accounts:token_revoke", kwargs={"token_id": token.pk}))
    token.refresh_from_db()
    assert token.revoked_at is None


def test_session_writes_need_csrf(client, user):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(user)
    response = csrf_client.patch("/api/v1/me/profile", data=json.dumps({"headline": "x"}),
                                 content_type="application/json")
    assert response.status_code == 403
    assert response.json()["error"] == "csrf_failed"


@override_settings(API_RATE_LIMIT="3/m")
def test_api_is_rate_limited(client, user):
    _token, secret = services.access_token_create(user=user, name="t", scope="read")
    codes = [client.get("/api/v1/me/profile", **bearer(secret)).status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200]
    assert codes[3] == 429


def test_openapi_schema_declares_error_responses(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, op in operations.items():
            codes = set(op["responses"])
            assert {"422", "429"} <= codes, (method, path, codes)


def test_docs_page_is_served(client):
    assert client.get("/api/v1/docs").status_code == 200
