"""Data Integrity proofs with Ed25519: signing with `eddsa-rdfc-2022`, verifying it and the older
`Ed25519Signature2020` that many Open Badges 3.0 issuers still use.

Both suites sign the same thing (W3C "Data Integrity EdDSA Cryptosuites v1.0", §3.3):
sha256(canonical proof options) || sha256(canonical document without its proof), with the
canonical forms from RDFC-1.0 over the bundled contexts (`jsonld.py`). The signature goes in
`proofValue` as multibase base58btc ('z…'); keys are Multikeys ('z6Mk…': the 0xed01 multicodec
prefix and the 32 public key bytes). The primitives come from `cryptography`.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import base58
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from learnwork.credentials import jsonld

DATA_INTEGRITY_PROOF = "DataIntegrityProof"
EDDSA_RDFC_2022 = "eddsa-rdfc-2022"
ED25519_SIGNATURE_2020 = "Ed25519Signature2020"
ED25519_2020_CONTEXTS = frozenset({
    "https://w3id.org/security/suites/ed25519-2020/v1",
    "https://digitalbazaar.github.io/ed25519-signature-2020-context/contexts/"
    "ed25519-signature-2020-v1.jsonld",
})
# Multicodec varint prefixes: ed25519-pub (0xed) and ed25519-priv (0x1300).
ED25519_PUB_PREFIX = b"\xed\x01"
ED25519_PRIV_PREFIX = b"\x80\x26"


class KeyNotFound(Exception):
    """A key resolver could not produce the public key for a verification method."""


KeyResolver = Callable[[str], Ed25519PublicKey]


@dataclass(frozen=True)
class ProofResult:
    """The outcome of checking a document's proof, with the reason in words for a person."""

    ok: bool
    code: str
    reason: str
    verification_method: str = ""
    cryptosuite: str = ""
    created: datetime | None = None


# --- keys -----------------------------------------------------------------------------------

def multibase_from_public_key(public_key: Ed25519PublicKey) -> str:
    """The Multikey form of an Ed25519 public key: 'z6Mk…'."""
    return "z" + base58.b58encode(ED25519_PUB_PREFIX + public_key.public_bytes_raw()).decode()


def public_key_from_multibase(value: str) -> Ed25519PublicKey:
    """Parse a 'z6Mk…' publicKeyMultibase; raises ValueError for anything else."""
    if not isinstance(value, str) or not value.startswith("z"):
        raise ValueError("publicKeyMultibase must be base58btc multibase ('z…')")
    try:
        raw = base58.b58decode(value[1:])
    except ValueError as exc:
        raise ValueError("publicKeyMultibase is not valid base58") from exc
    if len(raw) != 34 or not raw.startswith(ED25519_PUB_PREFIX):
        raise ValueError("publicKeyMultibase is not an Ed25519 Multikey")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def did_key_for(public_key: Ed25519PublicKey) -> str:
    """The did:key verification method id for a key: did:key:z6Mk…#z6Mk…."""
    multibase = multibase_from_public_key(public_key)
    return f"did:key:{multibase}#{multibase}"


def resolve_did_key(verification_method: str) -> Ed25519PublicKey:
    """The public key a `did:key:z6Mk…` (optionally `#z6Mk…`) verification method names."""
    if not verification_method.startswith("did:key:"):
        raise KeyNotFound(verification_method)
    did, _sep, fragment = verification_method.partition("#")
    multibase = did.removeprefix("did:key:")
    if fragment and fragment != multibase:
        raise KeyNotFound(verification_method)
    try:
        return public_key_from_multibase(multibase)
    except ValueError as exc:
        raise KeyNotFound(verification_method) from exc


def resolve_key(verification_method: str) -> Ed25519PublicKey:
    """Resolve did:key methods and this instance's own keys (current and retired), offline."""
    if verification_method.startswith("did:key:"):
        return resolve_did_key(verification_method)
    # Imported here: keys.py reads the database, which the pure signing code above does not need.
    from learnwork.credentials import keys

    public_key = keys.instance_public_key(verification_method)
    if public_key is None:
        raise KeyNotFound(verification_method)
    return public_key


# --- signing --------------------------------------------------------------------------------

def _timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _hash_data(document: dict[str, Any], proof_config: dict[str, Any]) -> bytes:
    config_hash = hashlib.sha256(jsonld.canonize(proof_config).encode("utf-8")).digest()
    document_hash = hashlib.sha256(jsonld.canonize(document).encode("utf-8")).digest()
    return config_hash + document_hash


def sign(document: dict[str, Any], *, private_key: Ed25519PrivateKey, verification_method: str,
         created: datetime | None = None, proof_purpose: str = "assertionMethod") -> dict[str, Any]:
    """A copy of `document` with an `eddsa-rdfc-2022` DataIntegrityProof added."""
    if "proof" in document:
        raise ValueError("The document already has a proof.")
    unsecured = copy.deepcopy(document)
    proof: dict[str, Any] = {
        "type": DATA_INTEGRITY_PROOF,
        "cryptosuite": EDDSA_RDFC_2022,
        "created": _timestamp(created or datetime.now(UTC)),
        "verificationMethod": verification_method,
        "proofPurpose": proof_purpose,
    }
    config = {"@context": unsecured.get("@context"), **proof}
    signature = private_key.sign(_hash_data(unsecured, config))
    proof["proofValue"] = "z" + base58.b58encode(signature).decode()
    return {**unsecured, "proof": proof}


# --- verifying ------------------------------------------------------------------------------

def _fail(code: str, reason: str, proof: dict[str, Any] | None = None) -> ProofResult:
    proof = proof or {}
    return ProofResult(
        ok=False, code=code, reason=reason,
        verification_method=str(proof.get("verificationMethod", ""))[:500],
        cryptosuite=str(proof.get("cryptosuite") or proof.get("type") or "")[:100],
    )


def _contexts(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _issuer_id(document: dict[str, Any]) -> str:
    issuer = document.get("issuer")
    if isinstance(issuer, dict):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else ""


def _controller(verification_method: str) -> str:
    return verification_method.partition("#")[0]


def verify(document: dict[str, Any], *, resolve_key: KeyResolver,
           expected_purpose: str = "assertionMethod",
           issuer_must_control: bool = True) -> ProofResult:
    """Check every proof on `document`; the first failure is the result.

    `issuer_must_control`: the verification method (without its #fragment) must be the
    document's issuer id, so a valid signature by some other key cannot vouch for an issuer.
    """
    if not isinstance(document, dict):
        return _fail("invalid_document", _("The credential is not a JSON object."))
    proofs = document.get("proof")
    if not proofs:
        return _fail("no_proof", _("The credential has no proof: it is not signed."))
    proof_list = proofs if isinstance(proofs, list) else [proofs]
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    result = _fail("no_proof", _("The credential has no proof: it is not signed."))
    for proof in proof_list:
        result = _verify_one(unsecured, proof, resolve_key=resolve_key,
                             expected_purpose=expected_purpose,
                             issuer_must_control=issuer_must_control)
        if not result.ok:
            return result
    return result


def _verify_one(unsecured: dict[str, Any], proof: Any, *, resolve_key: KeyResolver,
                expected_purpose: str, issuer_must_control: bool) -> ProofResult:
    if not isinstance(proof, dict):
        return _fail("bad_proof", _("The proof is not a JSON object."))
    proof_type = proof.get("type")
    suite = proof.get("cryptosuite")
    if proof_type == DATA_INTEGRITY_PROOF and suite == EDDSA_RDFC_2022:
        suite_name = EDDSA_RDFC_2022
    elif proof_type == ED25519_SIGNATURE_2020 and not suite:
        suite_name = ED25519_SIGNATURE_2020
        if not ED25519_2020_CONTEXTS & {c for c in _contexts(unsecured.get("@context"))
                                        if isinstance(c, str)}:
            return _fail("bad_proof", _("The credential is signed with Ed25519Signature2020 "
                                        "but does not include that suite's context."), proof)
    else:
        name = suite or proof_type or _("none given")
        return _fail("unknown_cryptosuite",
                     _("The credential is signed with a method this server cannot check "
                       "(%(suite)s).") % {"suite": str(name)[:100]}, proof)

    vm = proof.get("verificationMethod")
    if isinstance(vm, dict):
        vm = vm.get("id")
    if not isinstance(vm, str) or not vm:
        return _fail("bad_proof", _("The proof does not say which key signed it."), proof)
    purpose = proof.get("proofPurpose")
    if purpose != expected_purpose:
        return _fail("wrong_purpose",
                     _("The proof is for “%(purpose)s”, not for issuing a credential "
                       "(“%(expected)s”).") % {"purpose": str(purpose)[:60],
                                              "expected": expected_purpose}, proof)
    created = None
    if "created" in proof:
        created = parse_datetime(proof["created"]) if isinstance(proof["created"], str) else None
        if created is None or created.tzinfo is None:
            return _fail("bad_proof", _("The proof's creation time is not a valid date and "
                                        "time."), proof)
    if issuer_must_control and _controller(vm) != _issuer_id(unsecured):
        return _fail("issuer_mismatch", _("The credential was signed with a key that does not "
                                          "belong to its issuer."), proof)

    value = proof.get("proofValue")
    try:
        if not isinstance(value, str) or not value.startswith("z"):
            raise ValueError("not base58btc multibase")
        signature = base58.b58decode(value[1:])
        if len(signature) != 64:
            raise ValueError("an Ed25519 signature has 64 bytes")
    except ValueError:
        return _fail("bad_proof_value", _("The signature value in the proof is malformed."),
                     proof)

    try:
        public_key = resolve_key(vm)
    except KeyNotFound:
        public_key = None
    if public_key is None:
        return _fail("key_not_found", _("The key that signed the credential (%(key)s) could "
                                        "not be found.") % {"key": vm[:200]}, proof)

    options = {key: val for key, val in proof.items() if key != "proofValue"}
    document = dict(unsecured)
    if "@context" in options:
        # The proof may carry its own @context, which must be a prefix of the document's.
        proof_contexts = _contexts(options["@context"])
        if _contexts(unsecured.get("@context"))[:len(proof_contexts)] != proof_contexts:
            return _fail("bad_proof", _("The proof's context does not match the credential's."),
                         proof)
        document["@context"] = options["@context"]
    options["@context"] = document.get("@context")
    try:
        data = _hash_data(document, options)
    except jsonld.JsonLdFailure as exc:
        return _fail(exc.code, exc.detail, proof)
    try:
        public_key.verify(signature, data)
    except InvalidSignature:
        return _fail("signature_mismatch", _("The signature does not match: the credential was "
                                             "changed after it was signed, or signed with "
                                             "another key."), proof)
    return ProofResult(ok=True, code="verified", reason=_("The signature is valid."),
                       verification_method=vm, cryptosuite=suite_name, created=created)
