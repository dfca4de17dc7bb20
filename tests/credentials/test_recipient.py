"""Matching a badge's recipient to a person's verified email addresses (pure)."""

from __future__ import annotations

import hashlib

from learnwork.credentials.recipient import identity_matches, match_ob2, match_ob3

EMAILS = ["ana@example.org", "Ana.Work@Company.example"]


def sha256(text: str) -> str:
    return "sha256$" + hashlib.sha256(text.encode()).hexdigest()


def test_plain_email_matches_ignoring_case():
    assert match_ob2({"type": "email", "hashed": False, "identity": "ANA@example.org"},
                     EMAILS).ok


def test_hashed_sha256_with_salt():
    recipient = {"type": "email", "hashed": True, "salt": "deadsea",
                 "identity": sha256("ana@example.orgdeadsea")}
    match = match_ob2(recipient, EMAILS)
    assert match.ok and match.email == "ana@example.org"


def test_hash_of_a_lowercased_address_matches_a_mixed_case_one():
    recipient = {"type": "email", "hashed": True, "salt": "s",
                 "identity": sha256("ana.work@company.examples")}
    assert match_ob2(recipient, EMAILS).email == "ana.work@company.example"


def test_md5_and_upper_case_digests():
    digest = hashlib.md5(b"ana@example.org", usedforsecurity=False).hexdigest().upper()
    assert match_ob2({"type": "email", "hashed": True, "identity": f"md5${digest}"}, EMAILS).ok


def test_a_wrong_salt_does_not_match():
    recipient = {"type": "email", "hashed": True, "salt": "other",
                 "identity": sha256("ana@example.orgdeadsea")}
    match = match_ob2(recipient, EMAILS)
    assert not match.ok
    assert match.reason == ("This badge was issued to a different email address than the "
                            "verified ones on your account.")


def test_unknown_hash_algorithm_does_not_match():
    assert not identity_matches("sha1$abc", "ana@example.org", hashed=True)
    assert not identity_matches("nodollar", "ana@example.org", hashed=True)


def test_person_without_verified_addresses_is_told_to_verify():
    match = match_ob2({"type": "email", "identity": "ana@example.org"}, [])
    assert not match.ok and "no verified email address" in match.reason


def test_other_recipient_types_are_explained():
    match = match_ob2({"type": "url", "identity": "https://ana.example"}, EMAILS)
    assert not match.ok and "issued to a url, not an email address" in match.reason
    assert "does not say who received it" in match_ob2({"type": "email"}, EMAILS).reason
    assert "does not say who received it" in match_ob2("ana@example.org", EMAILS).reason


def test_ob3_hashed_identifier():
    subject = {"identifier": [
        {"type": "IdentityObject", "identityType": "studentId", "identityHash": "123",
         "hashed": False},
        {"type": "IdentityObject", "identityType": "emailAddress", "hashed": True,
         "salt": "pepper", "identityHash": sha256("ana@example.orgpepper")},
    ]}
    assert match_ob3(subject, EMAILS).ok
    assert not match_ob3(subject, ["someone@example.org"]).ok


def test_ob3_mailto_subject_id_and_single_subject_list():
    assert match_ob3([{"id": "mailto:ana@example.org"}], EMAILS).ok


def test_ob3_did_subject_is_explained():
    match = match_ob3({"id": "did:key:z6MkTest"}, EMAILS)
    assert not match.ok
    assert "“did:key:z6MkTest”, which cannot be matched to an email address" in match.reason
    assert "not name its recipient by an email" in match_ob3({}, EMAILS).reason
