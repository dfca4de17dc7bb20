"""The credential pages: the owner's list, public verification, downloads, paste-to-verify."""

from __future__ import annotations

import copy
import json
import uuid

import pytest

from learnwork.credentials import baking, issue_services, proofs
from learnwork.credentials.models import IssuedCredential
from tests.factories import UserFactory
from tests.journeys.factories import RecordFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(learner, confirmed_record):
    return issue_services.credential_issue(user=learner, record_id=confirmed_record.pk)


def test_owner_page_lists_eligible_records_and_issues(client, learner, confirmed_record):
    RecordFactory(user=learner, title="Unconfirmed course")
    client.force_login(learner)
    page = client.get("/credentials/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "SQL for analysts" in html
    assert "Unconfirmed course" not in html
    assert "Issue credential" in html

    response = client.post("/credentials/issue/", {"record_id": confirmed_record.pk})
    credential = IssuedCredential.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/credentials/{credential.pk}/"
    html = client.get("/credentials/").content.decode()
    assert f"/credentials/{credential.pk}.json" in html
    assert f"/credentials/{credential.pk}/badge.svg" in html


def test_owner_page_needs_sign_in(client):
    response = client.get("/credentials/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_issuing_twice_says_why(client, learner, confirmed_record, issued):
    client.force_login(learner)
    response = client.post("/credentials/issue/", {"record_id": confirmed_record.pk},
                           follow=True)
    assert "already has a credential" in response.content.decode()
    assert IssuedCredential.objects.count() == 1


def test_issuing_someone_elses_record_does_nothing(client, confirmed_record):
    client.force_login(UserFactory())
    response = client.post("/credentials/issue/", {"record_id": confirmed_record.pk},
                           follow=True)
    assert response.status_code == 200
    assert "There is no learning record here" in response.content.decode()
    assert not IssuedCredential.objects.exists()
    response = client.post("/credentials/issue/", {"record_id": "abc"}, follow=True)
    assert "Choose a learning record" in response.content.decode()


def test_public_page_shows_the_verified_credential(client, issued):
    page = client.get(f"/credentials/{issued.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "SQL for analysts" in html
    assert 'data-status="verified"' in html
    assert "@lena" in html
    assert "Learnwork at" in html
    assert "lena@example.org" not in html.lower()


def test_public_page_shows_revocation(client, learner, issued):
    client.force_login(learner)
    response = client.post(f"/credentials/{issued.pk}/revoke/", {"reason": "Wrong course"})
    assert response.status_code == 302
    client.logout()
    html = client.get(f"/credentials/{issued.pk}/").content.decode()
    assert 'data-status="revoked"' in html
    assert "Wrong course" in html


def test_others_cannot_revoke(client, issued):
    client.force_login(UserFactory())
    response = client.post(f"/credentials/{issued.pk}/revoke/", {"reason": "mine now"},
                           follow=True)
    assert "Only the person it was issued to" in response.content.decode()
    issued.refresh_from_db()
    assert issued.revoked_at is None
    assert client.post(f"/credentials/{uuid.uuid4()}/revoke/").status_code == 404


def test_a_tampered_stored_credential_shows_not_verified(client, issued):
    document = copy.deepcopy(issued.document)
    document["credentialSubject"]["achievement"]["name"] = "Brain surgery"
    IssuedCredential.objects.filter(pk=issued.pk).update(document=document)
    html = client.get(f"/credentials/{issued.pk}/").content.decode()
    assert 'data-status="invalid"' in html
    assert "changed after it was signed" in html


def test_unknown_credential_is_404(client):
    assert client.get(f"/credentials/{uuid.uuid4()}/").status_code == 404
    assert client.get(f"/credentials/{uuid.uuid4()}.json").status_code == 404
    assert client.get(f"/credentials/{uuid.uuid4()}/badge.svg").status_code == 404


def test_json_download(client, issued):
    response = client.get(f"/credentials/{issued.pk}.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+ld+json"
    assert response["Content-Disposition"] == (
        f'attachment; filename="learnwork-credential-{issued.pk}.json"')
    document = json.loads(response.content)
    assert proofs.verify(document, resolve_key=proofs.resolve_key).ok


def test_baked_svg_download_carries_the_credential(client, issued):
    response = client.get(f"/credentials/{issued.pk}/badge.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"SQL for analysts" in response.content
    baked = json.loads(baking.unbake_svg(response.content))
    assert baked == issued.document
    assert proofs.verify(baked, resolve_key=proofs.resolve_key).ok


def test_issuer_profile_endpoint(client, issued, settings):
    response = client.get("/credentials/issuer")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    profile = json.loads(response.content)
    assert profile["id"] == f"{settings.SITE_URL}/credentials/issuer"
    method = profile["verificationMethod"][0]
    assert method["publicKeyMultibase"].startswith("z6Mk")
    assert issued.document["proof"]["verificationMethod"] == method["id"]


def test_verify_form_for_a_genuine_credential(client, issued):
    assert client.get("/credentials/verify").status_code == 200
    response = client.post("/credentials/verify",
                           {"credential": json.dumps(issued.document)})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-status="verified"' in html
    assert f"/credentials/{issued.pk}/" in html


def test_verify_form_says_why_a_tampered_credential_fails(client, issued):
    document = copy.deepcopy(issued.document)
    document["issuer"]["name"] = "A famous university"
    html = client.post("/credentials/verify", {"credential": json.dumps(document)}).content
    assert b'data-status="invalid"' in html
    assert b"changed after it was signed" in html


@pytest.mark.parametrize("pasted,status,message", [
    ("", 400, "Paste the credential"),
    ("{not json", 400, "not valid JSON"),
    ("[" * 5000 + "]" * 5000, 400, "nested more than"),
    ('"' + "x" * (300 * 1024) + '"', 413, "larger than"),
])
def test_verify_form_refuses_bad_input_clearly(client, pasted, status, message):
    response = client.post("/credentials/verify", {"credential": pasted})
    assert response.status_code == status
    assert message in response.content.decode()


def test_owner_page_queries_do_not_grow_with_credentials(client, learner,
                                                         django_assert_max_num_queries):
    for n in range(6):
        record = RecordFactory(user=learner, title=f"Course {n}", confirmed_by="Data School")
        if n % 2:
            issue_services.credential_issue(user=learner, record_id=record.pk)
    client.force_login(learner)
    with django_assert_max_num_queries(6):
        page = client.get("/credentials/")
    assert page.content.decode().count("Issue credential") == 3
