"""Open Badges 3.0 verification: Data Integrity proofs (signed here with proofs.sign), VC-JWTs,
issuer keys, validity dates and revocation, each failure with its reason in words."""

from __future__ import annotations

import base64
import copy
import gzip
import json

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from learnwork.credentials import badge_verify, proofs
from learnwork.credentials.badge_errors import NotABadge

from .badge_server import OB3Issuer, badge_server, ob3  # noqa: F401

ANA = ["ana@example.org"]
SIGNATURE_MISMATCH = ("The signature does not match: the credential was changed after it was "
                      "signed, or signed with another key.")


def test_signed_credential_with_hashed_email_verifies(ob3):  # noqa: F811
    credential = ob3.sign(ob3.credential())
    verdict = badge_verify.verify_document(credential, emails=ANA)
    assert verdict.status == "verified", verdict.detail
    assert verdict.spec == "3.0"
    assert verdict.name == "SQL Practitioner"
    assert verdict.issuer_name == "Data Guild"
    assert verdict.description == "Writes joins and window functions."
    assert verdict.issued_on.isoformat() == "2024-03-01T00:00:00+00:00"
    assert verdict.raw == credential
    assert "signature is valid" in verdict.detail


def test_pasted_json_text_is_the_same_as_a_document(ob3):  # noqa: F811
    text = json.dumps(ob3.sign(ob3.credential()), indent=2)
    assert badge_verify.verify_text(text, emails=ANA).status == "verified"


def test_tampered_credential_fails_on_its_signature(ob3):  # noqa: F811
    credential = ob3.sign(ob3.credential())
    tampered = copy.deepcopy(credential)
    tampered["credentialSubject"]["achievement"]["name"] = "SQL Grandmaster"
    verdict = badge_verify.verify_document(tampered, emails=ANA)
    assert verdict.status == "failed"
    assert verdict.detail.startswith(SIGNATURE_MISMATCH)


def test_changed_recipient_breaks_the_signature_too(ob3):  # noqa: F811
    credential = ob3.sign(ob3.credential(email="owner@example.org"))
    stolen = copy.deepcopy(credential)
    stolen["credentialSubject"]["identifier"] = ob3.credential()["credentialSubject"][
        "identifier"]
    verdict = badge_verify.verify_document(stolen, emails=ANA)
    assert verdict.status == "failed"
    assert verdict.detail.startswith(SIGNATURE_MISMATCH)


def test_wrong_recipient_fails_with_the_reason(ob3):  # noqa: F811
    credential = ob3.sign(ob3.credential(email="someone.else@example.org"))
    verdict = badge_verify.verify_document(credential, emails=ANA)
    assert verdict.status == "failed"
    assert "issued to a different email address" in verdict.detail


def test_plain_email_identifier_and_mailto_subject_match(ob3):  # noqa: F811
    plain = ob3.credential(hashed=False, number=2)
    assert badge_verify.verify_document(ob3.sign(plain), emails=ANA).status == "verified"
    mailto = ob3.credential(number=3)
    del mailto["credentialSubject"]["identifier"]
    mailto["credentialSubject"]["id"] = "mailto:Ana@Example.org"
    assert badge_verify.verify_document(ob3.sign(mailto), emails=ANA).status == "verified"


def test_recipient_named_only_by_a_did_cannot_be_matched(ob3):  # noqa: F811
    credential = ob3.credential()
    del credential["credentialSubject"]["identifier"]
    credential["credentialSubject"]["id"] = "did:example:ebfeb1f712ebc6f1c276e12ec21"
    verdict = badge_verify.verify_document(ob3.sign(credential), emails=ANA)
    assert verdict.status == "failed"
    assert "did:example:ebfeb1f712ebc6f1c276e12ec21" in verdict.detail
    assert "cannot be matched to an email address" in verdict.detail


def test_expired_credential(ob3):  # noqa: F811
    credential = ob3.sign(ob3.credential(valid_until="2024-12-31T00:00:00Z"))
    verdict = badge_verify.verify_document(credential, emails=ANA)
    assert verdict.status == "expired"
    assert "This badge expired on Dec. 31, 2024." in verdict.detail


def test_not_yet_valid_credential_fails(ob3):  # noqa: F811
    credential = ob3.credential()
    credential["validFrom"] = "2999-01-01T00:00:00Z"
    verdict = badge_verify.verify_document(ob3.sign(credential), emails=ANA)
    assert verdict.status == "failed"
    assert "in the future" in verdict.detail


def test_unsigned_credential_fails(ob3):  # noqa: F811
    verdict = badge_verify.verify_document(ob3.credential(), emails=ANA)
    assert verdict.status == "failed"
    assert "not signed" in verdict.detail


def test_signed_by_a_key_that_is_not_the_issuers(ob3):  # noqa: F811
    impostor = OB3Issuer()
    credential = ob3.credential()  # claims ob3's did as its issuer
    forged = proofs.sign(credential, private_key=impostor.key,
                         verification_method=impostor.method)
    verdict = badge_verify.verify_document(forged, emails=ANA)
    assert verdict.status == "failed"
    assert "signed with a key that does not belong to its issuer" in verdict.detail


def test_context_that_is_not_bundled_fails_closed(ob3):  # noqa: F811
    # Nothing could sign over a context that cannot be loaded, so the proof is made up: the
    # verifier must refuse before it ever fetches the context.
    credential = ob3.credential()
    credential["@context"].append("https://attacker.example/context.jsonld")
    credential["proof"] = {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022",
                           "verificationMethod": ob3.method, "proofPurpose": "assertionMethod",
                           "proofValue": "z" + "1" * 64}
    verdict = badge_verify.verify_document(credential, emails=ANA)
    assert verdict.status == "failed"
    assert "JSON-LD context this server does not know" in verdict.detail


def test_a_credential_that_is_not_a_badge_is_refused(ob3):  # noqa: F811
    credential = ob3.credential()
    credential["type"] = ["VerifiableCredential", "UniversityDegreeCredential"]
    with pytest.raises(NotABadge, match="not an Open Badge"):
        badge_verify.verify_document(credential, emails=ANA)


# VC-JWT -------------------------------------------------------------------------------------

def test_vc_jwt_verifies(ob3):  # noqa: F811
    token = ob3.jwt(ob3.credential())
    verdict = badge_verify.verify_text(token, emails=ANA)
    assert verdict.status == "verified", verdict.detail
    assert verdict.raw == {"jwt": token}
    assert verdict.name == "SQL Practitioner"


def test_vc_jwt_with_a_bad_signature_fails(ob3):  # noqa: F811
    token = ob3.jwt(ob3.credential(), key=Ed25519PrivateKey.generate())
    verdict = badge_verify.verify_text(token, emails=ANA)
    assert verdict.status == "failed"
    assert verdict.detail.startswith(SIGNATURE_MISMATCH)


def test_vc_jwt_with_a_changed_payload_fails(ob3):  # noqa: F811
    header, _payload, signature = ob3.jwt(ob3.credential(email="owner@example.org")).split(".")
    forged = {"vc": ob3.credential(), "iss": ob3.did}
    payload = base64.urlsafe_b64encode(json.dumps(forged).encode()).decode().rstrip("=")
    verdict = badge_verify.verify_text(f"{header}.{payload}.{signature}", emails=ANA)
    assert verdict.status == "failed"
    assert verdict.detail.startswith(SIGNATURE_MISMATCH)


def test_unsigned_jwt_is_refused(ob3):  # noqa: F811
    token = jwt.encode({"vc": ob3.credential()}, key=None, algorithm="none") + "c2ln"
    verdict = badge_verify.verify_text(token, emails=ANA)
    assert verdict.status == "failed"
    assert "“none”, which is not accepted" in verdict.detail


def test_jwt_carrying_its_own_key_must_be_the_issuers(ob3):  # noqa: F811
    stranger = Ed25519PrivateKey.generate()
    jwk = json.loads(jwt.algorithms.OKPAlgorithm.to_jwk(stranger.public_key()))
    token = jwt.encode({"vc": ob3.credential()}, stranger, algorithm="EdDSA",
                       headers={"jwk": jwk})
    verdict = badge_verify.verify_text(token, emails=ANA)
    assert verdict.status == "failed"
    assert "does not belong to its issuer" in verdict.detail
    own = json.loads(jwt.algorithms.OKPAlgorithm.to_jwk(ob3.key.public_key()))
    token = jwt.encode({"vc": ob3.credential()}, ob3.key, algorithm="EdDSA",
                       headers={"jwk": own})
    assert badge_verify.verify_text(token, emails=ANA).status == "verified"


def test_jwt_exp_claim_expires_the_badge(ob3):  # noqa: F811
    token = jwt.encode({"vc": ob3.credential(), "exp": 1700000000}, ob3.key, algorithm="EdDSA",
                       headers={"kid": ob3.method})
    verdict = badge_verify.verify_text(token, emails=ANA)
    assert verdict.status == "expired"


# Keys on the web and revocation -------------------------------------------------------------

def _web_issuer(badge_server, ob3):  # noqa: F811
    """ob3's key published as a Multikey under an https-style (here http) issuer id."""
    issuer_id = badge_server.url("/issuers/guild")
    method = f"{issuer_id}#key-1"
    multibase = proofs.multibase_from_public_key(ob3.key.public_key())
    badge_server.put_json("/issuers/guild", {
        "@context": ["https://www.w3.org/ns/did/v1"], "id": issuer_id, "name": "Data Guild",
        "verificationMethod": [{"id": method, "type": "Multikey", "controller": issuer_id,
                                "publicKeyMultibase": multibase}]})
    return issuer_id, method


def test_key_published_on_the_issuers_site_verifies(badge_server, ob3):  # noqa: F811
    issuer_id, method = _web_issuer(badge_server, ob3)
    credential = ob3.credential()
    credential["issuer"]["id"] = issuer_id
    signed = proofs.sign(credential, private_key=ob3.key, verification_method=method)
    verdict = badge_verify.verify_document(signed, emails=ANA)
    assert verdict.status == "verified", verdict.detail


def test_key_controlled_by_someone_else_is_refused(badge_server, ob3):  # noqa: F811
    _issuer_id, method = _web_issuer(badge_server, ob3)
    credential = ob3.credential()
    credential["issuer"]["id"] = badge_server.url("/issuers/university")
    signed = proofs.sign(credential, private_key=ob3.key, verification_method=method)
    verdict = badge_verify.verify_document(signed, emails=ANA)
    assert verdict.status == "failed"
    assert "does not belong to its issuer" in verdict.detail


def test_1edtech_revocation_list(badge_server, ob3):  # noqa: F811
    url = badge_server.url("/revocations/guild")
    status = {"id": url, "type": "1EdTechRevocationList"}
    kept = ob3.sign(ob3.credential(number=1, status=status))
    revoked = ob3.sign(ob3.credential(number=2, status=status))
    badge_server.put_json("/revocations/guild", {"id": url, "issuer": ob3.did,
                                                 "revokedCredentials": [
                                                     {"id": revoked["id"], "revoked": True,
                                                      "revocationReason": "Wrong person"}]})
    assert badge_verify.verify_document(kept, emails=ANA).status == "verified"
    verdict = badge_verify.verify_document(revoked, emails=ANA)
    assert verdict.status == "revoked"
    assert "The issuer revoked this badge: Wrong person" in verdict.detail


def test_revocation_list_that_cannot_be_fetched_fails(badge_server, ob3):  # noqa: F811
    status = {"id": badge_server.url("/revocations/missing"), "type": "1EdTechRevocationList"}
    verdict = badge_verify.verify_document(ob3.sign(ob3.credential(status=status)), emails=ANA)
    assert verdict.status == "failed"
    assert "Whether the issuer revoked this badge could not be checked" in verdict.detail


def _status_list(badge_server, ob3, *, revoked_index):  # noqa: F811
    bits = bytearray(16 * 1024)
    bits[revoked_index // 8] |= 1 << (7 - revoked_index % 8)
    encoded = "u" + base64.urlsafe_b64encode(gzip.compress(bytes(bits))).decode().rstrip("=")
    url = badge_server.url("/status/1")
    status_list = ob3.sign({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url, "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": ob3.did, "validFrom": "2024-01-01T00:00:00Z",
        "credentialSubject": {"id": f"{url}#list", "type": "BitstringStatusList",
                              "statusPurpose": "revocation", "encodedList": encoded}})
    badge_server.put_json("/status/1", status_list)
    return url


def test_bitstring_status_list(badge_server, ob3):  # noqa: F811
    url = _status_list(badge_server, ob3, revoked_index=94)

    def entry(index):
        return {"id": f"{url}#{index}", "type": "BitstringStatusListEntry",
                "statusPurpose": "revocation", "statusListIndex": str(index),
                "statusListCredential": url}

    fine = ob3.sign(ob3.credential(number=1, status=entry(93)))
    gone = ob3.sign(ob3.credential(number=2, status=entry(94)))
    assert badge_verify.verify_document(fine, emails=ANA).status == "verified"
    assert badge_verify.verify_document(gone, emails=ANA).status == "revoked"
