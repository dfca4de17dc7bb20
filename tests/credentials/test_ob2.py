"""Open Badges 2.0 verification against a local issuer: hosted and signed assertions, with the
reason in words for each way a badge can fail."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import uuid

import pytest

from learnwork.credentials import badge_verify
from learnwork.credentials.badge_errors import FetchFailed, NotABadge
from learnwork.credentials.ob2 import is_assertion

from .badge_server import OB2Issuer, badge_server, ob2, rsa_key  # noqa: F401

ANA = ["ana@example.org"]


def test_hosted_assertion_with_plain_email_verifies(ob2):  # noqa: F811
    assertion = ob2.assertion(1, email="ana@example.org")
    verdict = badge_verify.verify_url(assertion["id"], emails=ANA)
    assert verdict.status == "verified", verdict.detail
    assert verdict.spec == "2.0"
    assert verdict.name == "Python Basics"
    assert verdict.issuer_name == "Open Python School"
    assert verdict.issued_on.isoformat() == "2024-05-02T10:00:00+00:00"
    assert verdict.image_ref == ob2.server.url("/images/python.png")
    assert verdict.criteria_url == ob2.server.url("/criteria/python")
    assert "issued to one of your verified email addresses" in verdict.detail
    assert "not on its issuer's revocation list" in verdict.detail


def test_hashed_email_with_salt_verifies(ob2):  # noqa: F811
    assertion = ob2.assertion(2, email="ana@example.org", hashed=True, salt="deadsea")
    assert assertion["recipient"]["identity"].startswith("sha256$")
    verdict = badge_verify.verify_url(assertion["id"], emails=["other@example.org", *ANA])
    assert verdict.status == "verified", verdict.detail
    assert verdict.recipient_email == "ana@example.org"


def test_wrong_recipient_fails_with_the_reason(ob2):  # noqa: F811
    assertion = ob2.assertion(3, email="someone.else@example.org", hashed=True, salt="x")
    verdict = badge_verify.verify_url(assertion["id"], emails=ANA)
    assert verdict.status == "failed"
    assert verdict.detail == ("This badge was issued to a different email address than the "
                              "verified ones on your account.")


def test_expired_badge_says_when(ob2):  # noqa: F811
    assertion = ob2.assertion(4, expires="2020-03-01T00:00:00Z")
    verdict = badge_verify.verify_url(assertion["id"], emails=ANA)
    assert verdict.status == "expired"
    assert "This badge expired on March 1, 2020." in verdict.detail


def test_badge_expiring_later_is_verified_and_says_until_when(ob2):  # noqa: F811
    assertion = ob2.assertion(5, expires="2999-01-01T00:00:00Z")
    verdict = badge_verify.verify_url(assertion["id"], emails=ANA)
    assert verdict.status == "verified"
    assert "valid until Jan. 1, 2999" in verdict.detail


def test_revoked_flag_on_the_hosted_copy(ob2):  # noqa: F811
    assertion = ob2.assertion(6, revoked=True, revocationReason="Issued by mistake")
    verdict = badge_verify.verify_url(assertion["id"], emails=ANA)
    assert verdict.status == "revoked"
    assert verdict.detail.startswith("The issuer revoked this badge: Issued by mistake")


def test_revocation_list_entry_revokes(ob2):  # noqa: F811
    assertion = ob2.assertion(7)
    ob2.revoked.append({"id": assertion["id"], "revocationReason": "Cheated on the exam"})
    ob2.publish_revocations()
    verdict = badge_verify.verify_url(assertion["id"], emails=ANA)
    assert verdict.status == "revoked"
    assert "Cheated on the exam" in verdict.detail


def test_revocation_list_with_bare_ids(ob2):  # noqa: F811
    assertion = ob2.assertion(8)
    ob2.revoked.append(assertion["id"])
    ob2.publish_revocations()
    assert badge_verify.verify_url(assertion["id"], emails=ANA).status == "revoked"


def test_withdrawn_assertion_answering_gone_is_revoked(ob2):  # noqa: F811
    assertion = ob2.assertion(9)
    baked_copy = copy.deepcopy(assertion)
    ob2.server.put_json("/assertions/9", {"revoked": True}, status=410)
    verdict = badge_verify.verify_text(json.dumps(baked_copy), emails=ANA)
    assert verdict.status == "revoked"
    assert "answers “gone”" in verdict.detail


def test_tampered_copy_differs_from_the_hosted_one(ob2):  # noqa: F811
    assertion = ob2.assertion(10, email="ana@example.org")
    forged = copy.deepcopy(assertion)
    forged["issuedOn"] = "2019-01-01T00:00:00Z"
    verdict = badge_verify.verify_text(json.dumps(forged), emails=ANA)
    assert verdict.status == "failed"
    assert (f"differs from the issuer's copy at {assertion['id']} (in issuedOn): it was changed "
            "after it was issued") in verdict.detail


def test_copy_with_someone_elses_recipient_swapped_in_is_caught(ob2):  # noqa: F811
    assertion = ob2.assertion(11, email="owner@example.org")
    forged = copy.deepcopy(assertion)
    forged["recipient"]["identity"] = "ana@example.org"
    verdict = badge_verify.verify_text(json.dumps(forged), emails=ANA)
    assert verdict.status == "failed"
    assert "(in recipient)" in verdict.detail
    # The issuer's own copy decides who it belongs to, so the swap gains nothing.
    assert "issued to a different email address" in verdict.detail


def test_identical_copy_matches_the_hosted_one(ob2):  # noqa: F811
    assertion = ob2.assertion(12)
    verdict = badge_verify.verify_text(json.dumps(assertion), emails=ANA)
    assert verdict.status == "verified"
    assert f"matches the issuer's copy at {assertion['id']}" in verdict.detail


def test_assertion_kept_on_another_site_than_its_issuers_fails(ob2, badge_server):  # noqa: F811
    assertion = ob2.assertion(13, serve=False)
    elsewhere = assertion["id"].replace("127.0.0.1", "localhost")
    assertion["id"] = elsewhere
    badge_server.put_json("/assertions/13", assertion)
    verdict = badge_verify.verify_url(elsewhere, emails=ANA)
    assert verdict.status == "failed"
    assert "which is not its issuer's site" in verdict.detail


def test_issuer_allowed_origins_admit_another_host(ob2, badge_server):  # noqa: F811
    issuer = json.loads(badge_server.routes["/issuer"].body)
    port = badge_server.httpd.server_address[1]
    issuer["verification"] = {"allowedOrigins": [f"localhost:{port}"]}
    badge_server.put_json("/issuer", issuer)
    assertion = ob2.assertion(14, serve=False)
    assertion["id"] = assertion["id"].replace("127.0.0.1", "localhost")
    badge_server.put_json("/assertions/14", assertion)
    assert badge_verify.verify_url(assertion["id"], emails=ANA).status == "verified"


def test_signed_assertion_verifies_with_the_issuers_key(ob2):  # noqa: F811
    token = ob2.sign(ob2.assertion(15, signed=True, hashed=True, salt="s"))
    verdict = badge_verify.verify_text(token, emails=ANA)
    assert verdict.status == "verified", verdict.detail
    assert verdict.raw == {"jws": token}
    assert "signature is valid" in verdict.detail


def test_signed_assertion_with_a_bad_signature_fails(ob2):  # noqa: F811
    other_key = rsa_key(1)
    token = ob2.sign(ob2.assertion(16, signed=True), key=other_key)
    verdict = badge_verify.verify_text(token, emails=ANA)
    assert verdict.status == "failed"
    assert verdict.detail.startswith("The signature does not match: the badge was changed after "
                                     "it was signed, or signed with another key.")


def test_signed_assertion_with_a_changed_payload_fails(ob2):  # noqa: F811
    token = ob2.sign(ob2.assertion(17, signed=True, email="someone@example.org"))
    header, _payload, signature = token.split(".")
    forged = ob2.assertion(17, signed=True, email="ana@example.org")
    payload = base64.urlsafe_b64encode(json.dumps(forged).encode()).decode().rstrip("=")
    verdict = badge_verify.verify_text(f"{header}.{payload}.{signature}", emails=ANA)
    assert verdict.status == "failed"
    assert "The signature does not match" in verdict.detail


def test_signed_badge_without_its_signature_fails(ob2):  # noqa: F811
    bare = ob2.assertion(18, signed=True)
    verdict = badge_verify.verify_text(json.dumps(bare), emails=ANA)
    assert verdict.status == "failed"
    assert "the signature is missing" in verdict.detail


def test_unreachable_badge_class_fails_but_keeps_what_is_known(ob2, badge_server):  # noqa: F811
    assertion = ob2.assertion(19, badge=badge_server.url("/badges/gone"))
    verdict = badge_verify.verify_url(assertion["id"], emails=ANA)
    assert verdict.status == "failed"
    assert "description (badge class) could not be fetched" in verdict.detail
    assert "answered 404" in verdict.detail
    assert verdict.name == "Unnamed badge"


def test_unreadable_revocation_list_fails_closed(ob2, badge_server):  # noqa: F811
    badge_server.put("/revocations", b"<html>oops</html>", content_type="text/html")
    verdict = badge_verify.verify_url(ob2.assertion(20)["id"], emails=ANA)
    assert verdict.status == "failed"
    assert "Whether the issuer revoked this badge could not be checked" in verdict.detail


def test_a_badge_class_is_not_a_badge(ob2):  # noqa: F811
    with pytest.raises(NotABadge, match="description of a badge or its issuer"):
        badge_verify.verify_url(ob2.badge_id, emails=ANA)


def test_an_address_that_does_not_answer_with_a_badge_is_refused(badge_server):  # noqa: F811
    with pytest.raises(FetchFailed, match="answered 404"):
        badge_verify.verify_url(badge_server.url("/nothing"), emails=ANA)


def test_open_badges_1_0_hosted_assertion_is_checked_too(ob2, badge_server):  # noqa: F811
    url = badge_server.url("/v1/assertion")
    badge_server.put_json("/v1/assertion", {
        "uid": "abc", "salt": "pepper",
        "recipient": "sha256$" + hashlib.sha256(b"ana@example.orgpepper").hexdigest(),
        "badge": ob2.badge_id, "verify": {"type": "hosted", "url": url},
        "issuedOn": 1400000000})
    verdict = badge_verify.verify_url(url, emails=ANA)
    assert verdict.status == "verified", verdict.detail
    assert verdict.issued_on.year == 2014


def test_esco_alignments_become_skill_ids(badge_server):  # noqa: F811
    skill = uuid.uuid4()
    issuer = OB2Issuer(badge_server, skill_ids=(skill,))
    verdict = badge_verify.verify_url(issuer.assertion(21)["id"], emails=ANA)
    assert verdict.skill_ids() == [skill]


def test_is_assertion_needs_a_recipient_and_a_badge():
    assert is_assertion({"recipient": {}, "badge": "x"})
    assert not is_assertion({"name": "Python Basics"})
    assert not is_assertion(["recipient", "badge"])
