"""Issuing Open Badges 3.0 credentials: who may, what is signed, revocation."""

from __future__ import annotations

import copy
import uuid

import pytest
from allauth.account.models import EmailAddress
from django.test import override_settings

from learnwork.core.errors import InvalidInput, NotFound, PermissionDenied
from learnwork.credentials import issue_selectors, issue_services, issuing, keys, proofs
from learnwork.credentials.models import IssuedCredential, IssuerKey
from learnwork.journeys.models import LearningRecord
from tests.factories import UserFactory
from tests.journeys.factories import RecordFactory

pytestmark = pytest.mark.django_db


def _issue(user, record):
    return issue_services.credential_issue(user=user, record_id=record.pk)


def test_issues_a_signed_achievement_credential(learner, confirmed_record, sql_skill, settings):
    credential = _issue(learner, confirmed_record)
    doc = credential.document
    assert doc["@context"] == ["https://www.w3.org/ns/credentials/v2",
                               "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
    assert doc["type"] == ["VerifiableCredential", "AchievementCredential"]
    assert doc["id"] == f"{settings.SITE_URL}/credentials/{credential.pk}/"
    assert doc["issuer"]["id"] == f"{settings.SITE_URL}/credentials/issuer"
    assert doc["validFrom"].endswith("Z")
    achievement = doc["credentialSubject"]["achievement"]
    assert achievement["name"] == "SQL for analysts"
    assert "Data School" in achievement["description"]
    assert achievement["achievementType"] == "Course"
    assert achievement["alignment"] == [{
        "type": ["Alignment"], "targetName": "SQL",
        "targetUrl": f"http://data.europa.eu/esco/skill/{sql_skill.pk}",
        "targetType": "ceterms:Skill", "targetFramework": "ESCO"}]
    assert doc["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert doc["proof"]["verificationMethod"] == keys.verification_method_id(credential.key)
    assert proofs.verify(doc, resolve_key=proofs.resolve_key).ok
    assert credential.record_id == confirmed_record.pk
    assert credential.achievement_name == "SQL for analysts"


def test_recipient_is_a_salted_hash_of_the_verified_email(learner, confirmed_record):
    doc = _issue(learner, confirmed_record).document
    identity = doc["credentialSubject"]["identifier"][0]
    assert identity["type"] == "IdentityObject"
    assert identity["identityType"] == "emailAddress"
    assert identity["hashed"] is True
    assert "lena@example.org" not in str(doc).lower()
    assert issuing.recipient_matches(identity, "lena@example.org")
    assert issuing.recipient_matches(identity, "LENA@example.org ")
    assert not issuing.recipient_matches(identity, "someone@example.org")
    # Two credentials for the same person do not share a hash (fresh salt each time).
    other = RecordFactory(user=learner, title="Statistics", confirmed_by="Data School")
    second = _issue(learner, other).document["credentialSubject"]["identifier"][0]
    assert second["identityHash"] != identity["identityHash"]


def test_the_credential_is_canonicalisable_in_safe_mode(learner, confirmed_record):
    # Every property maps to an IRI, so nothing in it escapes the signature.
    from learnwork.credentials import jsonld

    jsonld.canonize(_issue(learner, confirmed_record).document)


@pytest.mark.parametrize("setup", ["unconfirmed", "in_progress", "badge"])
def test_only_finished_confirmed_records_qualify(learner, setup):
    if setup == "unconfirmed":
        record = RecordFactory(user=learner)
    elif setup == "in_progress":
        record = RecordFactory(user=learner, status=LearningRecord.Status.IN_PROGRESS)
    else:
        record = RecordFactory(user=learner, origin=LearningRecord.Origin.BADGE,
                               confirmed_by="Some issuer")
    with pytest.raises(issuing.NotEligible):
        _issue(learner, record)
    assert not IssuedCredential.objects.exists()


def test_nobody_can_issue_for_someone_elses_record(confirmed_record):
    with pytest.raises(NotFound):
        _issue(UserFactory(), confirmed_record)
    with pytest.raises(NotFound):
        issue_services.credential_issue(user=UserFactory(), record_id=10**9)
    assert not IssuedCredential.objects.exists()


def test_one_live_credential_per_record(learner, confirmed_record):
    first = _issue(learner, confirmed_record)
    with pytest.raises(issuing.CredentialExists) as caught:
        _issue(learner, confirmed_record)
    assert caught.value.status == 409
    issue_services.credential_revoke(user=learner, credential_id=first.pk, reason="typo")
    second = _issue(learner, confirmed_record)
    assert second.pk != first.pk
    assert IssuedCredential.objects.filter(record=confirmed_record).count() == 2


def test_needs_a_verified_email(confirmed_record, learner):
    EmailAddress.objects.filter(user=learner).update(verified=False)
    with pytest.raises(InvalidInput) as caught:
        _issue(learner, confirmed_record)
    assert caught.value.code == "no_verified_email"


@override_settings(CREDENTIAL_SIGNING_KEY="")
def test_without_a_signing_key_issuing_is_refused_clearly(learner, confirmed_record):
    with pytest.raises(keys.SigningUnavailable) as caught:
        _issue(learner, confirmed_record)
    assert caught.value.status == 503
    assert not IssuedCredential.objects.exists()


def test_revocation_shows_in_the_verdict(learner, confirmed_record):
    credential = _issue(learner, confirmed_record)
    assert issue_selectors.credential_verdict(credential=credential).status == "verified"
    issue_services.credential_revoke(user=learner, credential_id=credential.pk,
                                     reason="Issued by mistake")
    credential.refresh_from_db()
    verdict = issue_selectors.credential_verdict(credential=credential)
    assert verdict.status == "revoked"
    assert not verdict.ok
    assert any("Issued by mistake" in check.text for check in verdict.checks)


def test_only_the_holder_or_staff_revokes(learner, confirmed_record):
    credential = _issue(learner, confirmed_record)
    with pytest.raises(PermissionDenied):
        issue_services.credential_revoke(user=UserFactory(), credential_id=credential.pk)
    staff = UserFactory(is_staff=True)
    issue_services.credential_revoke(user=staff, credential_id=credential.pk, reason="abuse")
    with pytest.raises(issuing.AlreadyRevoked):
        issue_services.credential_revoke(user=learner, credential_id=credential.pk)
    with pytest.raises(NotFound):
        issue_services.credential_revoke(user=learner, credential_id=uuid.uuid4())
    with pytest.raises(InvalidInput):
        issue_services.credential_revoke(user=learner, credential_id=credential.pk,
                                         reason="x" * 201)


def test_a_tampered_stored_credential_fails_with_the_reason(learner, confirmed_record):
    credential = _issue(learner, confirmed_record)
    credential.document = copy.deepcopy(credential.document)
    credential.document["credentialSubject"]["achievement"]["name"] = "Brain surgery"
    verdict = issue_selectors.credential_verdict(credential=credential)
    assert verdict.status == "invalid"
    assert "changed after it was signed" in verdict.summary


def test_old_credentials_verify_after_key_rotation(learner, confirmed_record, settings):
    old = _issue(learner, confirmed_record)
    settings.CREDENTIAL_SIGNING_KEY = "u" + "A" * 43  # another 32-byte seed
    newer = _issue(learner, RecordFactory(user=learner, confirmed_by="Data School"))
    assert newer.key_id != old.key_id
    assert IssuerKey.objects.get(pk=old.key_id).retired_at is not None
    assert IssuerKey.objects.get(pk=newer.key_id).retired_at is None
    old.refresh_from_db()
    assert issue_selectors.credential_verdict(credential=old).ok
    assert issue_selectors.credential_verdict(credential=newer).ok
    profile = issue_selectors.issuer_profile()
    assert {m["publicKeyMultibase"] for m in profile["verificationMethod"]} == {
        old.key.public_key_multibase, newer.key.public_key_multibase}


def test_verify_document_for_pasted_credentials(learner, confirmed_record):
    credential = _issue(learner, confirmed_record)
    check = issue_selectors.verify_document(document=copy.deepcopy(credential.document))
    assert check.verdict.status == "verified"
    assert check.credential == credential

    tampered = copy.deepcopy(credential.document)
    tampered["validFrom"] = "2001-01-01T00:00:00Z"
    check = issue_selectors.verify_document(document=tampered)
    assert check.verdict.status == "invalid"
    assert check.verdict.proof.code == "signature_mismatch"
    assert check.credential is None

    elsewhere = copy.deepcopy(credential.document)
    elsewhere["issuer"]["id"] = "https://badges.example/issuer"
    check = issue_selectors.verify_document(document=elsewhere)
    assert check.verdict.proof.code == "not_issued_here"

    assert issue_selectors.verify_document(document=[1, 2]).verdict.status == "invalid"


def test_a_credential_whose_holder_left_is_withdrawn(learner, confirmed_record):
    document = _issue(learner, confirmed_record).document
    learner.delete()
    check = issue_selectors.verify_document(document=document)
    assert check.verdict.status == "revoked"
    assert "no longer holds" in check.verdict.summary


def test_issuer_profile_publishes_multikeys(learner, confirmed_record, settings):
    credential = _issue(learner, confirmed_record)
    profile = issue_selectors.issuer_profile()
    method = profile["verificationMethod"][0]
    assert profile["id"] == f"{settings.SITE_URL}/credentials/issuer"
    assert method == {"id": credential.document["proof"]["verificationMethod"],
                      "type": "Multikey", "controller": profile["id"],
                      "publicKeyMultibase": credential.key.public_key_multibase}
    assert profile["assertionMethod"] == [method["id"]]
    from learnwork.credentials import jsonld

    jsonld.canonize(profile)


def test_overview_lists_eligible_records_without_a_live_credential(learner, confirmed_record):
    plain = RecordFactory(user=learner, title="Not confirmed")
    overview = issue_selectors.issue_overview(user=learner)
    assert [r.pk for r in overview.eligible] == [confirmed_record.pk]
    credential = _issue(learner, confirmed_record)
    overview = issue_selectors.issue_overview(user=learner)
    assert overview.eligible == []
    assert overview.issued == [credential]
    assert plain.pk not in [r.pk for r in overview.eligible]


def test_badge_artwork_is_well_formed_and_escaped():
    from datetime import date

    from defusedxml import ElementTree

    from learnwork.credentials import artwork

    svg = artwork.badge_svg(title='<script>alert("x")</script> & a very long title indeed '
                                  "that keeps going", issuer="Learnwork",
                            issued_on=date(2026, 3, 1))
    root = ElementTree.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert b"<script>" not in svg
    lines = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert lines[0] == "LEARNWORK" and lines[-1] == "2026-03-01"
    assert len(lines) == 2 + artwork.TITLE_MAX_LINES
    assert lines[-2].endswith("…")
