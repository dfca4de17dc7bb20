"""Is this badge theirs? Match a badge's recipient to a person's verified email addresses (pure).

Open Badges 2.0 names the recipient as `{"type": "email", "hashed": true, "salt": "…",
"identity": "sha256$<hex>"}` (or the plain address when not hashed). Open Badges 3.0 puts
IdentityObjects in `credentialSubject.identifier` (`identityType: "emailAddress"`, `identityHash`
hashed the same way), or a `mailto:` URI in `credentialSubject.id`. A hash is over the address
followed by the salt; addresses are tried as written and in lower case, since issuers differ.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

HASHES = {"sha256": hashlib.sha256, "md5": hashlib.md5}


@dataclass(frozen=True)
class Match:
    ok: bool
    # The person's address the badge was issued to, when it matched.
    email: str = ""
    # Why it did not match, in words.
    reason: str = ""


def _variants(emails: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for email in emails:
        for candidate in (email.strip(), email.strip().lower()):
            if candidate and candidate not in seen:
                seen.append(candidate)
    return seen


def identity_matches(identity: str, email: str, *, hashed: bool, salt: str = "") -> bool:
    """Whether `identity` (an address, or "sha256$…"/"md5$…") names `email`."""
    identity = identity.strip()
    if not hashed:
        return identity.removeprefix("mailto:").lower() == email.strip().lower()
    algorithm, sep, digest = identity.partition("$")
    hasher = HASHES.get(algorithm.lower())
    if not sep or hasher is None:
        return False
    computed = hasher(f"{email}{salt}".encode()).hexdigest()
    return hmac.compare_digest(computed, digest.strip().lower())


def _first_match(identity: str, emails: Sequence[str], *, hashed: bool, salt: str) -> str:
    for email in _variants(emails):
        if identity_matches(identity, email, hashed=hashed, salt=salt):
            return email
    return ""


def _no_emails() -> Match:
    return Match(False, reason=_("You have no verified email address, so the badge cannot be "
                                 "matched to you. Verify your email address, then check the "
                                 "badge again."))


def _different() -> Match:
    return Match(False, reason=_("This badge was issued to a different email address than the "
                                 "verified ones on your account."))


def _hashed_flag(value: Any, identity: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return "$" in identity and identity.split("$", 1)[0].lower() in HASHES


def match_ob2(recipient: Any, emails: Sequence[str]) -> Match:
    """Match an Open Badges 2.0 (or 1.x) `recipient` IdentityObject."""
    if not isinstance(recipient, Mapping):
        return Match(False, reason=_("The badge does not say who received it."))
    kind = str(recipient.get("type") or "email").lower()
    identity = recipient.get("identity")
    if not isinstance(identity, str) or not identity.strip():
        return Match(False, reason=_("The badge does not say who received it."))
    if kind != "email":
        return Match(False, reason=_("This badge was issued to a %(kind)s, not an email "
                                     "address, so it cannot be matched to your account.")
                     % {"kind": kind})
    if not emails:
        return _no_emails()
    salt = recipient.get("salt")
    found = _first_match(identity, emails, hashed=_hashed_flag(recipient.get("hashed"), identity),
                         salt=salt if isinstance(salt, str) else "")
    return Match(True, email=found) if found else _different()


def match_ob3(subject: Any, emails: Sequence[str]) -> Match:
    """Match an Open Badges 3.0 `credentialSubject` by its email identifiers or mailto: id."""
    if isinstance(subject, list) and len(subject) == 1:
        subject = subject[0]
    if not isinstance(subject, Mapping):
        return Match(False, reason=_("The credential does not say who received it."))
    candidates: list[tuple[str, bool, str]] = []
    identifiers = subject.get("identifier")
    if isinstance(identifiers, Mapping):
        identifiers = [identifiers]
    for item in identifiers if isinstance(identifiers, list) else []:
        if not isinstance(item, Mapping):
            continue
        if str(item.get("identityType") or "").lower() != "emailaddress":
            continue
        value = item.get("identityHash")
        if isinstance(value, str) and value.strip():
            salt = item.get("salt")
            candidates.append((value, _hashed_flag(item.get("hashed"), value),
                               salt if isinstance(salt, str) else ""))
    subject_id = subject.get("id")
    if isinstance(subject_id, str) and subject_id.lower().startswith("mailto:"):
        candidates.append((subject_id[len("mailto:"):], False, ""))
    if not candidates:
        if isinstance(subject_id, str) and subject_id:
            return Match(False, reason=_("The credential names its recipient as “%(id)s”, which "
                                         "cannot be matched to an email address.")
                         % {"id": subject_id[:120]})
        return Match(False, reason=_("The credential does not name its recipient by an email "
                                     "address, so it cannot be matched to your account."))
    if not emails:
        return _no_emails()
    for identity, hashed, salt in candidates:
        found = _first_match(identity, emails, hashed=hashed, salt=salt)
        if found:
            return Match(True, email=found)
    return _different()
