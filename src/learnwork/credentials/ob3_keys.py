"""The public keys of an Open Badges 3.0 issuer, and only of that issuer.

A signature proves only that some key signed; it vouches for an issuer only when that key is
the issuer's. So every key is looked up together with who controls it: a `did:key` controls
itself; this instance's keys are looked up offline; any other https verification method is
fetched (a Multikey or JsonWebKey document, or a controller document listing it) and its
`controller` must be the credential's issuer. A key sent inside a VC-JWT header (`jwk`) counts
only when it is the issuer's did:key or appears among the keys on the issuer's profile.
"""

from __future__ import annotations

from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    PublicFormat,
    load_pem_public_key,
)
from django.utils.translation import gettext as _

from . import fetch, proofs
from .badge_errors import FetchFailed
from .verdict import node_id, web_url

KEY_LISTS = ("verificationMethod", "assertionMethod", "publicKey")


def _der(key: Any) -> bytes:
    return bytes(key.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo))


def key_from_entry(entry: dict[str, Any]) -> Any:
    """The public key in a Multikey, JsonWebKey or CryptographicKey node; ValueError if none."""
    if isinstance(entry.get("publicKeyMultibase"), str):
        return proofs.public_key_from_multibase(entry["publicKeyMultibase"])
    if isinstance(entry.get("publicKeyJwk"), dict):
        return key_from_jwk(entry["publicKeyJwk"])
    if isinstance(entry.get("publicKeyPem"), str):
        return load_pem_public_key(entry["publicKeyPem"].encode())
    raise ValueError("no public key in the verification method")


def key_from_jwk(jwk: dict[str, Any]) -> Any:
    if "d" in jwk:
        raise ValueError("a private key is not a verification method")
    try:
        return jwt.PyJWK(jwk).key
    except (jwt.PyJWTError, ValueError, TypeError, KeyError) as exc:
        raise ValueError(str(exc)) from exc


class IssuerKeys:
    """Resolves verification methods for one issuer; `problem` says why one was refused."""

    def __init__(self, issuer_id: str) -> None:
        self.issuer_id = issuer_id
        self.problem = ""

    def refuse(self, problem: str) -> proofs.KeyNotFound:
        self.problem = problem
        return proofs.KeyNotFound(problem)

    def _not_issuers(self) -> proofs.KeyNotFound:
        return self.refuse(_("The credential was signed with a key that does not belong to "
                              "its issuer."))

    def absolute(self, method: str) -> str:
        return self.issuer_id + method if method.startswith("#") else method

    def lookup(self, method: str) -> Any:
        """The key `method` names, if its controller is the issuer; else KeyNotFound."""
        method = self.absolute(method.strip())
        controller = method.partition("#")[0]
        if method.startswith("did:key:"):
            if controller != self.issuer_id:
                raise self._not_issuers()
            return proofs.resolve_did_key(method)
        if not web_url(method):
            raise self.refuse(_("The key that signed the credential (%(key)s) is of a kind "
                                 "this server cannot look up.") % {"key": method[:120]})
        try:
            key = proofs.resolve_key(method)  # this instance's own keys, offline
        except proofs.KeyNotFound:
            key = None
        if key is not None:
            if controller != self.issuer_id:
                raise self._not_issuers()
            return key
        return self._fetched(method)

    def _fetched(self, method: str) -> Any:
        try:
            document = fetch.get_json(method.partition("#")[0])
        except FetchFailed as exc:
            raise self.refuse(_("The key that signed the credential could not be fetched: "
                                 "%(why)s") % {"why": exc.detail}) from exc
        if not isinstance(document, dict):
            raise self.refuse(_("The key that signed the credential could not be read."))
        entry, controller = self._find(document, method)
        if entry is None:
            raise self.refuse(_("The key that signed the credential (%(key)s) is not where "
                                 "it says.") % {"key": method[:120]})
        if controller != self.issuer_id:
            raise self._not_issuers()
        try:
            return key_from_entry(entry)
        except ValueError as exc:
            raise self.refuse(_("The key that signed the credential is not a valid public "
                                 "key.")) from exc

    def _find(self, document: dict[str, Any], method: str) -> tuple[dict[str, Any] | None, str]:
        if node_id(document) == method:
            return document, node_id(document.get("controller"))
        base = node_id(document)
        for name in KEY_LISTS:
            items = document.get(name)
            for item in items if isinstance(items, list) else [items]:
                if not isinstance(item, dict):
                    continue
                item_id = node_id(item)
                if item_id == method or (item_id.startswith("#") and base + item_id == method):
                    return item, node_id(item.get("controller")) or base
        return None, ""

    def ed25519(self, method: str) -> Ed25519PublicKey:
        """For `proofs.verify`: Data Integrity proofs here are Ed25519."""
        key = self.lookup(method)
        if not isinstance(key, Ed25519PublicKey):
            raise self.refuse(_("The credential's proof names a key that is not an Ed25519 "
                                 "key."))
        return key

    def bound_jwk(self, jwk: dict[str, Any]) -> Any:
        """A key sent in a VC-JWT header, accepted only if it is one of the issuer's keys."""
        try:
            key = key_from_jwk(jwk)
        except ValueError as exc:
            raise self.refuse(_("The key in the credential's header is not a valid public "
                                 "key.")) from exc
        if self.issuer_id.startswith("did:key:"):
            own = proofs.resolve_did_key(self.issuer_id)
            if _der(own) == _der(key):
                return key
            raise self._not_issuers()
        if not web_url(self.issuer_id):
            raise self._not_issuers()
        try:
            profile = fetch.get_json(self.issuer_id)
        except FetchFailed as exc:
            raise self.refuse(_("The issuer's profile could not be fetched to check its key: "
                                 "%(why)s") % {"why": exc.detail}) from exc
        for name in KEY_LISTS:
            items = profile.get(name) if isinstance(profile, dict) else None
            for item in items if isinstance(items, list) else [items]:
                if not isinstance(item, dict):
                    continue
                try:
                    if _der(key_from_entry(item)) == _der(key):
                        return key
                except ValueError:
                    continue
        raise self._not_issuers()
