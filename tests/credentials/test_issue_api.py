"""The issued-credentials API and the public verify endpoint."""

from __future__ import annotations

import copy
import json
import uuid

import pytest

from learnwork.credentials import proofs
from learnwork.credentials.models import IssuedCredential
from tests.api_client import API, bearer, send
from tests.factories import UserFactory
from tests.journeys.factories import RecordFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def auth(learner):
    return bearer(learner)


def _issue(client, auth, record):
    return send(client, "post", "/credentials/issued", {"record_id": record.pk}, **auth)


def test_issue_list_detail(client, auth, confirmed_record):
    response = _issue(client, auth, confirmed_record)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["achievement_name"] == "SQL for analysts"
    assert body["record_id"] == confirmed_record.pk
    assert body["revoked_at"] is None
    assert body["page_url"].endswith(f"/credentials/{body['id']}/")
    assert body["json_url"].endswith(f"/credentials/{body['id']}.json")
    assert proofs.verify(body["credential"], resolve_key=proofs.resolve_key).ok

    listed = send(client, "get", "/credentials/issued", **auth).json()
    assert [c["id"] for c in listed] == [body["id"]]
    assert "credential" not in listed[0]
    detail = send(client, "get", f"/credentials/issued/{body['id']}", **auth)
    assert detail.status_code == 200
    assert detail.json()["credential"] == body["credential"]


def test_issue_errors(client, auth, learner, confirmed_record):
    assert _issue(client, auth, confirmed_record).status_code == 201
    again = _issue(client, auth, confirmed_record)
    assert again.status_code == 409
    assert again.json()["error"] == "credential_exists"

    plain = RecordFactory(user=learner)
    refused = _issue(client, auth, plain)
    assert refused.status_code == 400
    assert refused.json()["error"] == "not_eligible"

    others = RecordFactory(user=UserFactory(), confirmed_by="Data School")
    assert _issue(client, auth, others).status_code == 404
    assert send(client, "post", "/credentials/issued", {"record_id": "x"}, **auth).status_code \
        == 422
    assert send(client, "post", "/credentials/issued", {"record_id": 1}).status_code == 401


def test_read_only_token_cannot_issue(client, learner, confirmed_record):
    response = _issue(client, bearer(learner, scope="read"), confirmed_record)
    assert response.status_code == 403
    assert not IssuedCredential.objects.exists()


def test_someone_elses_credential_is_not_found(client, auth, confirmed_record):
    credential_id = _issue(client, auth, confirmed_record).json()["id"]
    other = bearer(UserFactory())
    assert send(client, "get", f"/credentials/issued/{credential_id}", **other).status_code \
        == 404
    revoke = send(client, "post", f"/credentials/issued/{credential_id}/revoke", {}, **other)
    assert revoke.status_code == 403
    assert send(client, "get", f"/credentials/issued/{uuid.uuid4()}", **auth).status_code == 404


def test_revoke(client, auth, confirmed_record):
    credential_id = _issue(client, auth, confirmed_record).json()["id"]
    response = send(client, "post", f"/credentials/issued/{credential_id}/revoke",
                    {"reason": "Issued by mistake"}, **auth)
    assert response.status_code == 200
    assert response.json()["revoked_at"] is not None
    assert response.json()["revocation_reason"] == "Issued by mistake"
    again = send(client, "post", f"/credentials/issued/{credential_id}/revoke", {}, **auth)
    assert again.status_code == 409
    assert again.json()["error"] == "already_revoked"


def _verify(client, body, **headers):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(f"{API}/credentials/verify", data=data, content_type="application/json",
                       **headers)


def test_verify_is_public_and_says_why(client, auth, confirmed_record):
    credential = _issue(client, auth, confirmed_record).json()
    document = credential["credential"]
    ok = _verify(client, document)
    assert ok.status_code == 200
    assert ok.json() == {
        "status": "verified", "ok": True, "reason_code": "verified",
        "summary": "Verified: signed by this issuer and not changed since.",
        "checks": [
            {"code": "signature", "ok": True, "text": "The signature is valid."},
            {"code": "revocation", "ok": True, "text": "Not revoked."},
            {"code": "expiry", "ok": True, "text": "Within its validity period."},
        ],
        "credential_id": credential["id"],
    }

    tampered = copy.deepcopy(document)
    tampered["credentialSubject"]["achievement"]["name"] = "Brain surgery"
    bad = _verify(client, tampered).json()
    assert (bad["status"], bad["ok"], bad["reason_code"]) == (
        "invalid", False, "signature_mismatch")
    assert "the credential was changed after it was signed" in bad["summary"]
    assert bad["credential_id"] is None

    unsigned = {k: v for k, v in document.items() if k != "proof"}
    assert _verify(client, unsigned).json()["reason_code"] == "no_proof"

    send(client, "post", f"/credentials/issued/{credential['id']}/revoke", {}, **auth)
    assert _verify(client, document).json()["status"] == "revoked"


@pytest.mark.parametrize("body,status", [
    ("{nope", 400),
    ("[" * 10_000 + "]" * 10_000, 400),
    ('"' + "x" * (257 * 1024) + '"', 413),
    (b"\xff\xfe", 400),
])
def test_verify_refuses_bad_bodies_with_4xx(client, body, status):
    response = _verify(client, body)
    assert response.status_code == status
    assert response.json()["error"]


def test_verify_answers_a_json_array_with_a_reason(client):
    response = _verify(client, [1, 2, 3])
    assert response.status_code == 200
    assert response.json()["status"] == "invalid"
