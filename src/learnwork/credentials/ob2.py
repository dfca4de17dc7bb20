"""Verify an Open Badges 2.0 assertion (https://www.imsglobal.org/spec/ob/v2p0/): hosted or signed.

Hosted: the issuer's copy at the assertion's `id` is the badge. A copy that came from anywhere
else (a baked image, pasted JSON) is compared with it, and the host serving it must be the
issuer's own (the issuer profile's origin, or its `verification.allowedOrigins`/`startsWith`).
Signed: the JWS must verify (RS256) with the issuer's CryptographicKey, named by
`verification.creator` and owned by the issuer. Either way the badge class and issuer come from
their URLs (or embedded copies), then revocation (`revoked`, the issuer's `revocationList`),
expiry and the recipient are checked. Open Badges 1.x hosted assertions take the same path.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from django.utils.translation import gettext as _

from . import fetch
from .badge_errors import FetchFailed, NotABadge
from .recipient import match_ob2
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
    web_url,
)

# What must be the same in a copy of a hosted assertion and the issuer's own.
COMPARED = ("recipient", "badge", "issuedOn", "expires", "evidence", "narrative")


def is_assertion(document: Any) -> bool:
    return isinstance(document, dict) and "recipient" in document and "badge" in document


def _verification(assertion: dict[str, Any]) -> dict[str, Any]:
    found = assertion.get("verification") or assertion.get("verify")  # 1.x says "verify"
    return found if isinstance(found, dict) else {}


def verify_assertion(assertion: dict[str, Any], *, emails: Sequence[str],
                     fetched_from: str = "", jws: str = "") -> Verdict:
    """Check an assertion; `fetched_from` is the URL it was just fetched from, if any, and
    `jws` its compact signature when it came signed."""
    if not is_assertion(assertion):
        raise NotABadge(_("That JSON is not an Open Badge: it names no recipient and no badge."))
    assertion_id = node_id(assertion.get("id"))
    verdict = Verdict(spec="2.0", raw={"jws": jws} if jws else assertion,
                      fingerprint=fingerprint_of(assertion_id or node_id(assertion.get("uid")),
                                                 assertion))
    kind = str(_verification(assertion).get("type") or "hosted").lower()
    hosted_url = ""
    if not jws:
        if kind == "hosted":
            hosted_url = web_url(assertion_id) or web_url(_verification(assertion).get("url"))
            assertion = _check_hosted(verdict, assertion, hosted_url, fetched_from)
        elif kind == "signed":
            verdict.fail(FAILED, _("This badge is meant to be checked by its signature, but the "
                                   "signature is missing. Upload the badge image exactly as "
                                   "the issuer sent it, or paste its signed text."))
        else:
            verdict.fail(FAILED, _("The badge uses a way of being checked this server does not "
                                   "know (%(kind)s).") % {"kind": kind[:40]})
    badge_class = _node(verdict, assertion.get("badge"), what=_("description (badge class)"))
    issuer = _node(verdict, badge_class.get("issuer"), what=_("issuer profile")) \
        if badge_class else {}
    if hosted_url and issuer:
        _check_origin(verdict, hosted_url, issuer)
    if jws:
        _check_signature(verdict, assertion, jws, issuer)
    _describe(verdict, assertion, badge_class, issuer)
    _check_recipient(verdict, assertion, emails)
    _check_revocation(verdict, assertion, issuer)
    check_dates(verdict)
    return verdict


def _normalised(key: str, value: Any) -> Any:
    if key == "badge":
        return node_id(value)
    if key in ("issuedOn", "expires"):
        return moment(value) or value
    if key == "recipient" and isinstance(value, dict):
        return {k: str(v).lower() if k == "hashed" else v for k, v in value.items()
                if k in ("type", "identity", "hashed", "salt")}
    return value


def _check_hosted(verdict: Verdict, assertion: dict[str, Any], hosted_url: str,
                  fetched_from: str) -> dict[str, Any]:
    """The issuer's copy (compared with this one when this one came from elsewhere)."""
    if not hosted_url:
        verdict.fail(FAILED, _("The badge gives no web address where its issuer keeps it, so "
                               "it cannot be checked."))
        return assertion
    if fetched_from and fetched_from == hosted_url:
        verdict.passed(_("It was fetched from its issuer's site at %(url)s.")
                       % {"url": hosted_url})
        return assertion
    try:
        hosted = fetch.get_json(hosted_url)
    except FetchFailed as exc:
        if exc.http_status == 410:
            verdict.fail(REVOKED, _("The issuer withdrew this badge: its address %(url)s now "
                                    "answers “gone”.") % {"url": hosted_url})
        else:
            verdict.fail(FAILED, _("The issuer's copy of this badge could not be fetched to "
                                   "compare: %(why)s") % {"why": exc.detail})
        return assertion
    if not is_assertion(hosted):
        verdict.fail(FAILED, _("The issuer's address for this badge (%(url)s) does not hold a "
                               "badge any more.") % {"url": hosted_url})
        return assertion
    changed = [key for key in COMPARED
               if _normalised(key, assertion.get(key)) != _normalised(key, hosted.get(key))]
    if changed:
        verdict.fail(FAILED, _("This copy of the badge differs from the issuer's copy at "
                               "%(url)s (in %(fields)s): it was changed after it was issued.")
                     % {"url": hosted_url, "fields": ", ".join(changed)})
    else:
        verdict.passed(_("It matches the issuer's copy at %(url)s.") % {"url": hosted_url})
    return hosted


def _node(verdict: Verdict, ref: Any, *, what: str) -> dict[str, Any]:
    """A badge class or issuer embedded in the assertion, or fetched from its URL."""
    if isinstance(ref, dict) and ref.get("name"):
        return ref
    url = web_url(node_id(ref))
    if not url:
        verdict.fail(FAILED, _("The badge's %(what)s is missing.") % {"what": what})
        return {}
    try:
        found = fetch.get_json(url)
    except FetchFailed as exc:
        verdict.fail(FAILED, _("The badge's %(what)s could not be fetched: %(why)s")
                     % {"what": what, "why": exc.detail})
        return {}
    if not isinstance(found, dict):
        verdict.fail(FAILED, _("The badge's %(what)s at %(url)s is not a JSON object.")
                     % {"what": what, "url": url})
        return {}
    return found


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _check_origin(verdict: Verdict, hosted_url: str, issuer: dict[str, Any]) -> None:
    """A hosted assertion counts only when served from a place its issuer speaks for."""
    found = issuer.get("verification")
    rules: dict[str, Any] = found if isinstance(found, dict) else {}
    host = (urlsplit(hosted_url).netloc or "").lower()
    origins = [str(o).lower().split("://")[-1].rstrip("/") for o in
               _as_list(rules.get("allowedOrigins")) if isinstance(o, str)]
    prefixes = [p for p in _as_list(rules.get("startsWith")) if isinstance(p, str) and p]
    issuer_host = (urlsplit(web_url(node_id(issuer))).netloc or "").lower()
    if origins:
        ok = host in origins or host.split(":")[0] in origins
    elif prefixes:
        ok = any(hosted_url.startswith(p) for p in prefixes)
    else:
        ok = bool(issuer_host) and host == issuer_host
    if not ok:
        verdict.fail(FAILED, _("The badge is kept at %(host)s, which is not its issuer's site "
                               "(%(issuer)s), so the issuer has not vouched for it.")
                     % {"host": host, "issuer": issuer_host or _("unknown")})


def _key_document(verdict: Verdict, assertion: dict[str, Any],
                  issuer: dict[str, Any]) -> dict[str, Any]:
    creator = _verification(assertion).get("creator")
    if not creator:
        keys = _as_list(issuer.get("publicKey"))
        creator = keys[0] if keys else None
    if isinstance(creator, dict) and creator.get("publicKeyPem"):
        return creator
    url = web_url(node_id(creator))
    if not url:
        verdict.fail(FAILED, _("The badge is signed, but does not say where its issuer's key is."))
        return {}
    try:
        found = fetch.get_json(url)
    except FetchFailed as exc:
        verdict.fail(FAILED, _("The issuer's key could not be fetched: %(why)s")
                     % {"why": exc.detail})
        return {}
    return found if isinstance(found, dict) else {}


def _check_signature(verdict: Verdict, assertion: dict[str, Any], jws: str,
                     issuer: dict[str, Any]) -> None:
    key = _key_document(verdict, assertion, issuer)
    if not key:
        if verdict.ok:
            verdict.fail(FAILED, _("The issuer's key could not be read."))
        return
    if issuer and node_id(key.get("owner")) != node_id(issuer):
        verdict.fail(FAILED, _("The key that signed the badge does not belong to its issuer."))
        return
    try:
        public_key = load_pem_public_key(str(key.get("publicKeyPem", "")).encode())
    except (ValueError, TypeError):
        verdict.fail(FAILED, _("The issuer's key is not a valid public key."))
        return
    if not isinstance(public_key, RSAPublicKey):
        verdict.fail(FAILED, _("Open Badges 2.0 signatures use RSA keys; the issuer's key is "
                               "another kind."))
        return
    try:
        jwt.PyJWS().decode(jws, key=public_key, algorithms=["RS256"])
    except jwt.InvalidSignatureError:
        verdict.fail(FAILED, _("The signature does not match: the badge was changed after it "
                               "was signed, or signed with another key."))
    except jwt.PyJWTError as exc:
        verdict.fail(FAILED, _("The signature could not be checked: %(why)s") % {"why": exc})
    else:
        verdict.passed(_("Its signature is valid and made with its issuer's key."))


def _describe(verdict: Verdict, assertion: dict[str, Any], badge_class: dict[str, Any],
              issuer: dict[str, Any]) -> None:
    verdict.name = text(badge_class.get("name")) or _("Unnamed badge")
    verdict.description = text(badge_class.get("description"), limit=DESCRIPTION_MAX,
                                multiline=True)
    verdict.issuer_name = text(issuer.get("name"))
    verdict.issuer_url = web_url(issuer.get("url")) or web_url(node_id(issuer))
    verdict.criteria_url = web_url(badge_class.get("criteria"))
    verdict.issued_on = moment(assertion.get("issuedOn", assertion.get("issued_on")))
    verdict.expires = moment(assertion.get("expires"))
    image = badge_class.get("image") or assertion.get("image")
    verdict.image_ref = node_id(image)
    verdict.alignment_urls = [
        str(item.get("targetUrl")) for item in _as_list(badge_class.get("alignment"))
        if isinstance(item, dict) and isinstance(item.get("targetUrl"), str)
    ]


def _check_recipient(verdict: Verdict, assertion: dict[str, Any], emails: Sequence[str]) -> None:
    recipient = assertion.get("recipient")
    if isinstance(recipient, str):  # Open Badges 1.0: the identity alone, salt beside it
        recipient = {"type": "email", "identity": recipient, "salt": assertion.get("salt", ""),
                     "hashed": "$" in recipient}
    match = match_ob2(recipient, emails)
    if match.ok:
        verdict.recipient_email = match.email
        verdict.passed(_("It was issued to one of your verified email addresses."))
    else:
        verdict.fail(FAILED, match.reason)


def _revocation_entry(entries: list[Any], ids: set[str]) -> tuple[bool, str]:
    for entry in entries:
        if isinstance(entry, str) and entry in ids:
            return True, ""
        if isinstance(entry, dict) and ({node_id(entry), node_id(entry.get("uid"))} & ids):
            return True, text(entry.get("revocationReason"))
    return False, ""


def _check_revocation(verdict: Verdict, assertion: dict[str, Any], issuer: dict[str, Any]) -> None:
    if assertion.get("revoked") in (True, "true"):
        reason = text(assertion.get("revocationReason"))
        verdict.fail(REVOKED, (_("The issuer revoked this badge: %(reason)s") % {"reason": reason})
                     if reason else _("The issuer revoked this badge."))
        return
    list_url = web_url(issuer.get("revocationList"))
    if not list_url:
        return
    try:
        revocations = fetch.get_json(list_url)
    except FetchFailed as exc:
        verdict.fail(FAILED, _("Whether the issuer revoked this badge could not be checked: "
                               "%(why)s") % {"why": exc.detail})
        return
    entries = revocations.get("revokedAssertions") if isinstance(revocations, dict) else None
    ids = {i for i in (node_id(assertion.get("id")), node_id(assertion.get("uid"))) if i}
    revoked, reason = _revocation_entry(_as_list(entries), ids)
    if revoked:
        verdict.fail(REVOKED, (_("The issuer revoked this badge: %(reason)s") % {"reason": reason})
                     if reason else _("The issuer revoked this badge."))
    else:
        verdict.passed(_("It is not on its issuer's revocation list."))

