"""Verify an Open Badges 3.0 credential (https://www.imsglobal.org/spec/ob/v3p0/): JSON with an
embedded Data Integrity proof, or a VC-JWT.

The proof is checked offline over the bundled JSON-LD contexts (`proofs.py`, `jsonld.py`), with
keys resolved by `ob3_keys.IssuerKeys`, which accepts only keys the issuer controls. A VC-JWT
(VCDM 1.1 style with a `vc` claim, or the credential itself as the payload) must be signed with
RS256, ES256 or EdDSA by the key its `kid` names, by a `jwk` that is the issuer's, or by the
issuer's did:key. Then the recipient, the validity dates and the `credentialStatus` (a
1EdTechRevocationList, or a Bitstring Status List) are checked where the credential states them.
"""

from __future__ import annotations

import base64
import binascii
import zlib
from collections.abc import Sequence
from typing import Any

import jwt
from django.utils.translation import gettext as _

from . import fetch, proofs
from .badge_errors import FetchFailed, NotABadge
from .limits import jws_parts
from .ob3_keys import IssuerKeys
from .recipient import match_ob3
from .verdict import (
    DESCRIPTION_MAX,
    FAILED,
    REVOKED,
    Verdict,
    check_dates,
    fingerprint_of,
    moment,
    node_id,
    text,
    types_of,
    web_url,
)

BADGE_TYPES = {"OpenBadgeCredential", "AchievementCredential"}
JWT_ALGORITHMS = ("RS256", "ES256", "EdDSA")
MAX_STATUS_LIST_BYTES = 16 * 1024 * 1024


def is_credential(document: Any) -> bool:
    return isinstance(document, dict) and (
        bool(types_of(document) & (BADGE_TYPES | {"VerifiableCredential"}))
        or "credentialSubject" in document)


def _require_badge(credential: dict[str, Any]) -> None:
    if not types_of(credential) & BADGE_TYPES:
        kinds = ", ".join(sorted(types_of(credential))) or _("none")
        raise NotABadge(_("This is a verifiable credential, but not an Open Badge (its types "
                          "are %(types)s).") % {"types": kinds[:200]})
    if not isinstance(credential.get("credentialSubject"), dict | list):
        raise NotABadge(_("The credential names no recipient (it has no credentialSubject)."))


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def verify_json(credential: dict[str, Any], *, emails: Sequence[str]) -> Verdict:
    _require_badge(credential)
    verdict = Verdict(spec="3.0", raw=credential,
                      fingerprint=fingerprint_of(credential.get("id"), credential))
    keys = IssuerKeys(node_id(credential.get("issuer")))
    if not credential.get("proof"):
        verdict.fail(FAILED, _("The credential is not signed, so nothing shows that its issuer "
                               "made it."))
    else:
        result = proofs.verify(credential, resolve_key=keys.ed25519, issuer_must_control=False)
        if result.ok:
            verdict.passed(_("Its signature is valid and made with its issuer's key."))
        else:
            verdict.fail(FAILED, keys.problem or result.reason)
    _finish(verdict, credential, keys, emails)
    return verdict


def verify_jwt(token: str, *, emails: Sequence[str]) -> Verdict:
    token = token.strip()
    header, payload = jws_parts(token)
    if not isinstance(payload, dict):
        raise NotABadge(_("That signed text (JWT) does not hold an Open Badge."))
    wrapped = payload.get("vc")
    credential: dict[str, Any] = wrapped if isinstance(wrapped, dict) else payload
    if not is_credential(credential):
        raise NotABadge(_("That signed text (JWT) does not hold an Open Badge."))
    _require_badge(credential)
    verdict = Verdict(spec="3.0", raw={"jwt": token},
                      fingerprint=fingerprint_of(credential.get("id") or payload.get("jti"),
                                                 token))
    issuer_id = node_id(credential.get("issuer")) or str(payload.get("iss") or "")
    keys = IssuerKeys(issuer_id)
    _check_jwt(verdict, token, header, payload, keys)
    _finish(verdict, credential, keys, emails, claims=payload)
    return verdict


def _jwt_key(header: dict[str, Any], keys: IssuerKeys) -> Any:
    kid, jwk = header.get("kid"), header.get("jwk")
    if isinstance(kid, str) and kid:
        return keys.lookup(kid)
    if isinstance(jwk, dict):
        return keys.bound_jwk(jwk)
    if keys.issuer_id.startswith("did:key:"):
        return keys.lookup(keys.issuer_id)
    raise keys.refuse(_("The credential does not say which key signed it."))


def _check_jwt(verdict: Verdict, token: str, header: dict[str, Any], payload: dict[str, Any],
               keys: IssuerKeys) -> None:
    alg = header.get("alg")
    if alg not in JWT_ALGORITHMS:
        verdict.fail(FAILED, _("The credential is signed with “%(alg)s”, which is not accepted "
                               "(RS256, ES256 or EdDSA are).") % {"alg": str(alg)[:20]})
        return
    iss = payload.get("iss")
    if isinstance(iss, str) and iss and iss != keys.issuer_id:
        verdict.fail(FAILED, _("The token's issuer (iss) is not the credential's issuer."))
        return
    try:
        key = _jwt_key(header, keys)
        jwt.PyJWS().decode(token, key=key, algorithms=[alg])
    except proofs.KeyNotFound:
        verdict.fail(FAILED, keys.problem or _("The key that signed the credential could not "
                                               "be found."))
    except jwt.InvalidSignatureError:
        verdict.fail(FAILED, _("The signature does not match: the credential was changed after "
                               "it was signed, or signed with another key."))
    except (jwt.PyJWTError, ValueError, TypeError) as exc:
        verdict.fail(FAILED, _("The signature could not be checked: %(why)s") % {"why": exc})
    else:
        verdict.passed(_("Its signature is valid and made with its issuer's key."))


def _finish(verdict: Verdict, credential: dict[str, Any], keys: IssuerKeys,
            emails: Sequence[str], claims: dict[str, Any] | None = None) -> None:
    subject = credential.get("credentialSubject")
    if isinstance(subject, list):
        subject = next((s for s in subject if isinstance(s, dict)), {})
    _describe(verdict, credential, subject if isinstance(subject, dict) else {})
    # A VC-JWT may state its validity only in the registered claims.
    claims = claims or {}
    verdict.issued_on = verdict.issued_on or moment(claims.get("nbf") or claims.get("iat"))
    verdict.expires = verdict.expires or moment(claims.get("exp"))
    match = match_ob3(subject, emails)
    if match.ok:
        verdict.recipient_email = match.email
        verdict.passed(_("It was issued to one of your verified email addresses."))
    else:
        verdict.fail(FAILED, match.reason)
    for entry in _as_list(credential.get("credentialStatus")):
        _check_status(verdict, credential, entry, keys)
    check_dates(verdict)


def _issuer_name(issuer: Any) -> str:
    if isinstance(issuer, dict) and text(issuer.get("name")):
        return text(issuer.get("name"))
    url = web_url(node_id(issuer))
    if not url:
        return ""
    try:
        profile = fetch.get_json(url)
    except FetchFailed:
        return ""
    return text(profile.get("name")) if isinstance(profile, dict) else ""


def _describe(verdict: Verdict, credential: dict[str, Any], subject: dict[str, Any]) -> None:
    achievement = subject.get("achievement")
    achievement = achievement if isinstance(achievement, dict) else {}
    verdict.name = (text(achievement.get("name")) or text(credential.get("name"))
                    or _("Unnamed badge"))
    verdict.description = (text(achievement.get("description"), limit=DESCRIPTION_MAX,
                                multiline=True)
                           or text(credential.get("description"), limit=DESCRIPTION_MAX,
                                   multiline=True))
    issuer = credential.get("issuer")
    verdict.issuer_name = _issuer_name(issuer)
    verdict.issuer_url = (web_url(issuer.get("url")) if isinstance(issuer, dict) else "") \
        or web_url(node_id(issuer))
    verdict.criteria_url = web_url(achievement.get("criteria"))
    verdict.issued_on = moment(credential.get("validFrom") or credential.get("issuanceDate")
                               or credential.get("awardedDate"))
    verdict.expires = moment(credential.get("validUntil") or credential.get("expirationDate"))
    verdict.image_ref = node_id(achievement.get("image")) or node_id(credential.get("image"))
    verdict.alignment_urls = [
        str(item.get("targetUrl")) for item in _as_list(achievement.get("alignment"))
        if isinstance(item, dict) and isinstance(item.get("targetUrl"), str)
    ]


def _check_status(verdict: Verdict, credential: dict[str, Any], entry: Any,
                  keys: IssuerKeys) -> None:
    kinds = types_of(entry)
    if "1EdTechRevocationList" in kinds:
        _revocation_list(verdict, credential, entry)
    elif kinds & {"BitstringStatusListEntry", "StatusList2021Entry"}:
        _status_list(verdict, entry, keys)
    else:
        verdict.passed(_("Whether it was revoked could not be checked: it uses a method this "
                         "server does not know (%(kind)s).")
                       % {"kind": ", ".join(sorted(kinds))[:80] or "?"})


def _fetch_status(verdict: Verdict, url: str) -> dict[str, Any] | None:
    if not url:
        verdict.fail(FAILED, _("The credential's revocation list has no web address."))
        return None
    try:
        found = fetch.get_json(url)
    except FetchFailed as exc:
        verdict.fail(FAILED, _("Whether the issuer revoked this badge could not be checked: "
                               "%(why)s") % {"why": exc.detail})
        return None
    if not isinstance(found, dict):
        verdict.fail(FAILED, _("The issuer's revocation list could not be read."))
        return None
    return found


def _revocation_list(verdict: Verdict, credential: dict[str, Any], entry: dict[str, Any]) -> None:
    found = _fetch_status(verdict, web_url(node_id(entry)))
    if found is None:
        return
    credential_id = node_id(credential)
    for item in _as_list(found.get("revokedCredentials")):
        item_id = item if isinstance(item, str) else node_id(item)
        if credential_id and item_id == credential_id and not (
                isinstance(item, dict) and item.get("revoked") is False):
            reason = text(item.get("revocationReason")) if isinstance(item, dict) else ""
            verdict.fail(REVOKED, (_("The issuer revoked this badge: %(reason)s")
                                   % {"reason": reason}) if reason
                         else _("The issuer revoked this badge."))
            return
    verdict.passed(_("It is not on its issuer's revocation list."))


def _bits(encoded: str) -> bytes:
    raw = encoded[1:] if encoded.startswith("u") else encoded  # multibase base64url, or plain
    try:
        compressed = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
    except (binascii.Error, ValueError) as exc:
        raise ValueError("encodedList is not base64url") from exc
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        bits = inflater.decompress(compressed, MAX_STATUS_LIST_BYTES)
    except zlib.error as exc:
        raise ValueError("encodedList is not gzip") from exc
    if inflater.unconsumed_tail:
        raise ValueError("encodedList is too large")
    return bits


def _status_list(verdict: Verdict, entry: dict[str, Any], keys: IssuerKeys) -> None:
    found = _fetch_status(verdict, web_url(entry.get("statusListCredential")))
    if found is None:
        return
    # The list is itself a credential: it counts only if the badge's issuer signed it.
    result = proofs.verify(found, resolve_key=keys.ed25519, issuer_must_control=False)
    if not result.ok or node_id(found.get("issuer")) != keys.issuer_id:
        verdict.fail(FAILED, _("The issuer's status list is not signed by the issuer, so "
                               "whether the badge was revoked cannot be trusted."))
        return
    subject = found.get("credentialSubject")
    try:
        index = int(entry.get("statusListIndex", -1))
        bits = _bits(str(subject.get("encodedList", ""))) if isinstance(subject, dict) else b""
        if index < 0 or index // 8 >= len(bits):
            raise ValueError("index outside the list")
    except (TypeError, ValueError):
        verdict.fail(FAILED, _("The issuer's status list could not be read."))
        return
    if (bits[index // 8] >> (7 - index % 8)) & 1:
        purpose = str(entry.get("statusPurpose") or "revocation")
        verdict.fail(REVOKED, _("The issuer suspended this badge.") if purpose == "suspension"
                     else _("The issuer revoked this badge."))
    else:
        verdict.passed(_("Its issuer's status list shows it is not revoked."))
