"""Data Integrity proofs: eddsa-rdfc-2022 (signed here) and Ed25519Signature2020 (verified)."""

from __future__ import annotations

import copy
import hashlib
from datetime import UTC, datetime

import base58
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from learnwork.credentials import jsonld, proofs

ISSUER = "https://learn.example/credentials/issuer"

# The 1EdTech Open Badges 3.0 Linked Data Proof test vector (openbadges-specification,
# ob_v3p0/impl/linked-data-proof-ob.md): an eddsa-rdfc-2022 proof made by another
# implementation, over contexts that are all bundled here.
VECTOR_PUBLIC_KEY = "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
VECTOR_SEED_HEX = "6241a409e6707bb640a0140a8a32bc3d193c33a661747284d6adfa4ed4180be4"
VECTOR_VM = f"https://example.edu/issuers/565049#{VECTOR_PUBLIC_KEY}"
VECTOR = {
    "@context": [
        "https://www.w3.org/2018/credentials/v1",
        "https://purl.imsglobal.org/spec/ob/v3p0/context/ob_v3p0.jsonld",
        "https://w3id.org/security/data-integrity/v1",
    ],
    "id": "http://example.com/credentials/3527",
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "issuer": {"id": "https://example.edu/issuers/565049", "type": ["Profile"],
               "url": "https://www.imsglobal.org", "name": "Example Corp"},
    "issuanceDate": "2010-01-01T00:00:00Z",
    "name": "Teamwork Badge",
    "credentialSubject": {
        "id": "did:example:ebfeb1f712ebc6f1c276e12ec21",
        "type": ["AchievementSubject"],
        "achievement": {
            "id": "https://example.com/achievements/21st-century-skills/teamwork",
            "type": ["Achievement"],
            "criteria": {"narrative": "Team members are nominated for this badge by their peers "
                                      "and recognized upon review by Example Corp management."},
            "description": "This badge recognizes the development of the capacity to "
                           "collaborate within a group environment.",
            "name": "Teamwork",
        },
    },
    "proof": {
        "type": "DataIntegrityProof",
        "created": "2010-01-01T19:23:24Z",
        "verificationMethod": VECTOR_VM,
        "cryptosuite": "eddsa-rdfc-2022",
        "proofPurpose": "assertionMethod",
        "proofValue": ("zUSD5bjo6mYV1n9i9E6ZwUiHuj4JyZDjCDfDqoJcPi9XJrc9LYstik9mdBvutdwBdquW"
                       "XjWrwJDVGJrAarvRs8uD"),
    },
}


def _vector_resolver(vm: str):
    if vm != VECTOR_VM:
        raise proofs.KeyNotFound(vm)
    return proofs.public_key_from_multibase(VECTOR_PUBLIC_KEY)


def _credential(issuer: str = ISSUER) -> dict:
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "urn:uuid:5b0b7a5e-1b7a-4f44-9c55-0f6d3b8c1e21",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer, "type": ["Profile"], "name": "Learnwork"},
        "validFrom": "2026-03-01T10:00:00Z",
        "name": "SQL for analysts",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{"type": "IdentityObject", "identityHash": "sha256$abc",
                            "identityType": "emailAddress", "hashed": True, "salt": "s"}],
            "achievement": {
                "id": "https://learn.example/achievements/1", "type": ["Achievement"],
                "name": "SQL for analysts", "description": "A course.",
                "criteria": {"narrative": "Finished, confirmed by the provider."},
            },
        },
    }


@pytest.fixture
def key():
    return Ed25519PrivateKey.generate()


@pytest.fixture
def signed(key):
    return proofs.sign(_credential(), private_key=key, verification_method=f"{ISSUER}#key-1",
                       created=datetime(2026, 3, 1, 10, 0, tzinfo=UTC))


def _resolver_for(key):
    return lambda vm: key.public_key()


# --- the official vector -----------------------------------------------------------------

def test_verifies_the_1edtech_test_vector():
    result = proofs.verify(VECTOR, resolve_key=_vector_resolver)
    assert result.ok, result.reason
    assert result.cryptosuite == "eddsa-rdfc-2022"
    assert result.created == datetime(2010, 1, 1, 19, 23, 24, tzinfo=UTC)


def test_signing_the_vector_reproduces_its_proof_value():
    # Ed25519 is deterministic: the same key and data give the same signature.
    key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(VECTOR_SEED_HEX))
    assert proofs.multibase_from_public_key(key.public_key()) == VECTOR_PUBLIC_KEY
    unsigned = {k: v for k, v in VECTOR.items() if k != "proof"}
    again = proofs.sign(unsigned, private_key=key, verification_method=VECTOR_VM,
                        created=datetime(2010, 1, 1, 19, 23, 24, tzinfo=UTC))
    assert again["proof"]["proofValue"] == VECTOR["proof"]["proofValue"]


def test_the_vector_with_one_changed_word_fails():
    tampered = copy.deepcopy(VECTOR)
    tampered["credentialSubject"]["achievement"]["name"] = "Leadership"
    result = proofs.verify(tampered, resolve_key=_vector_resolver)
    assert not result.ok
    assert result.code == "signature_mismatch"
    assert "changed after it was signed" in result.reason


# --- round trips and tampering --------------------------------------------------------------

def test_sign_adds_an_eddsa_rdfc_2022_proof(signed):
    proof = signed["proof"]
    assert proof["type"] == "DataIntegrityProof"
    assert proof["cryptosuite"] == "eddsa-rdfc-2022"
    assert proof["created"] == "2026-03-01T10:00:00Z"
    assert proof["proofPurpose"] == "assertionMethod"
    assert proof["proofValue"].startswith("z")
    assert len(base58.b58decode(proof["proofValue"][1:])) == 64


def test_round_trip(signed, key):
    result = proofs.verify(signed, resolve_key=_resolver_for(key))
    assert result.ok
    assert result.code == "verified"
    assert result.verification_method == f"{ISSUER}#key-1"


@pytest.mark.parametrize("tamper", [
    lambda d: d["credentialSubject"]["achievement"].__setitem__("name", "Brain surgery"),
    lambda d: d["credentialSubject"]["identifier"][0].__setitem__("identityHash", "sha256$x"),
    lambda d: d["issuer"].__setitem__("name", "A famous university"),
    lambda d: d.__setitem__("validFrom", "2020-01-01T00:00:00Z"),
    lambda d: d.__setitem__("validUntil", "2099-01-01T00:00:00Z"),
    lambda d: d["proof"].__setitem__("created", "2027-01-01T00:00:00Z"),
    lambda d: d["type"].append("EndorsementCredential"),
], ids=["achievement", "recipient", "issuer-name", "valid-from", "valid-until-added",
        "proof-created", "type"])
def test_any_change_breaks_the_signature(signed, key, tamper):
    tampered = copy.deepcopy(signed)
    tamper(tampered)
    result = proofs.verify(tampered, resolve_key=_resolver_for(key))
    assert not result.ok
    assert result.code == "signature_mismatch"
    assert result.reason == ("The signature does not match: the credential was changed after "
                             "it was signed, or signed with another key.")


def test_reordering_keys_is_not_a_change(signed, key):
    reordered = dict(reversed(list(signed.items())))
    assert proofs.verify(reordered, resolve_key=_resolver_for(key)).ok


def test_another_issuer_in_the_credential_fails(key):
    signed = proofs.sign(_credential(issuer="https://other.example/issuer"), private_key=key,
                         verification_method=f"{ISSUER}#key-1")
    result = proofs.verify(signed, resolve_key=_resolver_for(key))
    assert result.code == "issuer_mismatch"
    assert proofs.verify(signed, resolve_key=_resolver_for(key), issuer_must_control=False).ok


def test_wrong_key(signed):
    other = Ed25519PrivateKey.generate()
    result = proofs.verify(signed, resolve_key=_resolver_for(other))
    assert result.code == "signature_mismatch"


def test_key_not_found(signed):
    def nobody(vm):
        raise proofs.KeyNotFound(vm)

    result = proofs.verify(signed, resolve_key=nobody)
    assert result.code == "key_not_found"
    assert f"{ISSUER}#key-1" in result.reason


def test_missing_proof(signed, key):
    unsigned = {k: v for k, v in signed.items() if k != "proof"}
    result = proofs.verify(unsigned, resolve_key=_resolver_for(key))
    assert not result.ok
    assert result.code == "no_proof"
    assert result.reason == "The credential has no proof: it is not signed."


@pytest.mark.parametrize("change,code", [
    ({"cryptosuite": "ecdsa-rdfc-2019"}, "unknown_cryptosuite"),
    ({"type": "RsaSignature2018", "cryptosuite": None}, "unknown_cryptosuite"),
    ({"proofPurpose": "authentication"}, "wrong_purpose"),
    ({"proofValue": "uAAAA"}, "bad_proof_value"),
    ({"proofValue": "z" + base58.b58encode(b"short").decode()}, "bad_proof_value"),
    ({"proofValue": "z0OIl"}, "bad_proof_value"),
    ({"verificationMethod": None}, "bad_proof"),
    ({"created": "yesterday"}, "bad_proof"),
])
def test_malformed_proofs_say_why(signed, key, change, code):
    tampered = copy.deepcopy(signed)
    for name, value in change.items():
        if value is None:
            tampered["proof"].pop(name, None)
        else:
            tampered["proof"][name] = value
    result = proofs.verify(tampered, resolve_key=_resolver_for(key))
    assert (result.ok, result.code) == (False, code)
    assert result.reason


def test_unknown_suite_names_it(signed, key):
    tampered = copy.deepcopy(signed)
    tampered["proof"]["cryptosuite"] = "bbs-2023"
    result = proofs.verify(tampered, resolve_key=_resolver_for(key))
    assert "bbs-2023" in result.reason


def test_unknown_context_after_signing_fails_closed(signed, key):
    tampered = copy.deepcopy(signed)
    tampered["@context"].append("https://contexts.example/evil.json")
    result = proofs.verify(tampered, resolve_key=_resolver_for(key))
    assert result.code == "unknown_context"


def test_every_proof_in_a_set_must_hold(signed, key):
    doubled = copy.deepcopy(signed)
    bad = dict(signed["proof"], proofValue="z" + base58.b58encode(bytes(64)).decode())
    doubled["proof"] = [signed["proof"], bad]
    assert proofs.verify(doubled, resolve_key=_resolver_for(key)).code == "signature_mismatch"
    doubled["proof"] = [signed["proof"]]
    assert proofs.verify(doubled, resolve_key=_resolver_for(key)).ok


def test_sign_refuses_a_document_that_has_a_proof(signed, key):
    with pytest.raises(ValueError):
        proofs.sign(signed, private_key=key, verification_method="did:key:x")


# --- keys and did:key -----------------------------------------------------------------------

def test_multikey_round_trip(key):
    multibase = proofs.multibase_from_public_key(key.public_key())
    assert multibase.startswith("z6Mk")
    again = proofs.public_key_from_multibase(multibase)
    assert again.public_bytes_raw() == key.public_key().public_bytes_raw()


@pytest.mark.parametrize("value", ["", "6Mkabc", "zzzz", "z" + base58.b58encode(b"\xed\x01" +
                                                                             bytes(5)).decode()])
def test_public_key_from_multibase_refuses_garbage(value):
    with pytest.raises(ValueError):
        proofs.public_key_from_multibase(value)


def test_did_key_credential_from_another_issuer_verifies(key):
    did_vm = proofs.did_key_for(key.public_key())
    did = did_vm.partition("#")[0]
    signed = proofs.sign(_credential(issuer=did), private_key=key, verification_method=did_vm)
    result = proofs.verify(signed, resolve_key=proofs.resolve_key)
    assert result.ok, result.reason
    # A did:key whose fragment names another key is not resolved.
    other = proofs.multibase_from_public_key(Ed25519PrivateKey.generate().public_key())
    with pytest.raises(proofs.KeyNotFound):
        proofs.resolve_did_key(f"{did}#{other}")


def _sign_ed25519_2020(document: dict, key: Ed25519PrivateKey, vm: str) -> dict:
    """Ed25519Signature2020 as jsonld-signatures makes it, written out independently here."""
    proof = {"type": "Ed25519Signature2020", "created": "2023-05-01T00:00:00Z",
             "verificationMethod": vm, "proofPurpose": "assertionMethod"}
    config = {"@context": document["@context"], **proof}
    data = (hashlib.sha256(jsonld.canonize(config).encode()).digest()
            + hashlib.sha256(jsonld.canonize(document).encode()).digest())
    proof["proofValue"] = "z" + base58.b58encode(key.sign(data)).decode()
    return {**document, "proof": proof}


def test_verifies_ed25519_signature_2020(key):
    did_vm = proofs.did_key_for(key.public_key())
    document = _credential(issuer=did_vm.partition("#")[0])
    document["@context"] = [
        "https://www.w3.org/2018/credentials/v1",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json",
        "https://w3id.org/security/suites/ed25519-2020/v1",
    ]
    document["issuanceDate"] = document.pop("validFrom")
    signed = _sign_ed25519_2020(document, key, did_vm)
    result = proofs.verify(signed, resolve_key=proofs.resolve_key)
    assert result.ok, result.reason
    assert result.cryptosuite == "Ed25519Signature2020"

    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["achievement"]["name"] = "Something else"
    assert proofs.verify(tampered, resolve_key=proofs.resolve_key).code == "signature_mismatch"

    without_context = copy.deepcopy(signed)
    without_context["@context"] = without_context["@context"][:2]
    assert proofs.verify(without_context, resolve_key=proofs.resolve_key).code == "bad_proof"
