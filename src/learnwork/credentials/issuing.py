"""Open Badges 3.0 credentials as plain data (pure: no database, no settings, no clock).

`build_credential` writes the unsigned AchievementCredential for a learning record;
`assess` turns a proof check plus what the instance knows (revocation, validity dates) into
one verdict a person can read. Both are called by `issue_services` / `issue_selectors`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from learnwork.core.errors import Conflict, InvalidInput, NotFound
from learnwork.credentials import recipient
from learnwork.credentials.proofs import ProofResult

VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_V3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CREDENTIAL_TYPES = ["VerifiableCredential", "AchievementCredential"]

# Learning record kinds that match an Open Badges achievementType; the rest are plain
# "Achievement"s.
ACHIEVEMENT_TYPES = {"course": "Course", "certificate": "Certificate", "project": "Assignment"}


@dataclass(frozen=True)
class SkillAlignment:
    uri: str
    label: str


@dataclass(frozen=True)
class AchievementFacts:
    """What the credential says about the record, copied at issue time."""

    title: str
    kind: str
    source_name: str
    confirmed_by: str
    finished_on: date | None
    url: str = ""
    skills: Sequence[SkillAlignment] = ()


def _utc(moment: datetime) -> str:
    """XML Schema dateTime in UTC, to the second, as the VC data model writes it."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def hashed_email(email: str, salt: str) -> str:
    """An Open Badges IdentityHash: 'sha256$' + hex(sha256(lowercased address + salt))."""
    digest = hashlib.sha256((email.strip().lower() + salt).encode("utf-8")).hexdigest()
    return f"sha256${digest}"


def recipient_matches(identifier: dict[str, Any], email: str) -> bool:
    """Whether a hashed (or plain) emailAddress IdentityObject names `email`."""
    if identifier.get("identityType") != "emailAddress":
        return False
    # The same comparison badge imports use; our hashes are of the lower-cased address.
    return recipient.identity_matches(
        str(identifier.get("identityHash", "")), email.strip().lower(),
        hashed=bool(identifier.get("hashed")), salt=str(identifier.get("salt") or ""))


def _narrative(facts: AchievementFacts) -> str:
    when = facts.finished_on.isoformat() if facts.finished_on else ""
    if facts.source_name:
        text = _("Finished “%(title)s” by %(source)s") % {"title": facts.title,
                                                          "source": facts.source_name}
    else:
        text = _("Finished “%(title)s”") % {"title": facts.title}
    if when:
        text += _(" on %(date)s") % {"date": when}
    return text + _(", as confirmed by %(provider)s.") % {"provider": facts.confirmed_by}


def build_credential(*, credential_url: str, issuer_id: str, issuer_name: str, site_url: str,
                     facts: AchievementFacts, email: str, salt: str,
                     valid_from: datetime) -> dict[str, Any]:
    """The unsigned OB 3.0 AchievementCredential for one finished, confirmed record.

    The recipient is named only by a salted hash of their verified email address (OB 3.0
    IdentityObject), so the credential carries no readable personal data beyond the
    achievement itself.
    """
    achievement: dict[str, Any] = {
        "id": f"{credential_url}#achievement",
        "type": ["Achievement"],
        "achievementType": ACHIEVEMENT_TYPES.get(facts.kind, "Achievement"),
        "name": facts.title,
        "description": _narrative(facts),
        "criteria": {"narrative": _("Finish the learning activity and have its provider "
                                    "confirm it to Learnwork.")},
    }
    if facts.url:
        achievement["criteria"]["id"] = facts.url
    if facts.skills:
        achievement["alignment"] = [
            {"type": ["Alignment"], "targetName": skill.label, "targetUrl": skill.uri,
             "targetType": "ceterms:Skill", "targetFramework": "ESCO"}
            for skill in facts.skills
        ]
    return {
        "@context": [VC_V2_CONTEXT, OB_V3_CONTEXT],
        "id": credential_url,
        "type": list(CREDENTIAL_TYPES),
        "name": facts.title,
        "issuer": {"id": issuer_id, "type": ["Profile"], "name": issuer_name, "url": site_url},
        "validFrom": _utc(valid_from),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{
                "type": "IdentityObject",
                "identityHash": hashed_email(email, salt),
                "identityType": "emailAddress",
                "hashed": True,
                "salt": salt,
            }],
            "achievement": achievement,
        },
    }


# --- the verdict ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Check:
    code: str
    ok: bool
    text: str


@dataclass(frozen=True)
class Verdict:
    """One credential's state for a person: `status` is verified, revoked, expired,
    not_yet_valid or invalid; `summary` says it in a sentence; `checks` say what was looked at."""

    status: str
    summary: str
    checks: list[Check] = field(default_factory=list)
    proof: ProofResult | None = None

    @property
    def ok(self) -> bool:
        return self.status == "verified"


def _moment(value: Any) -> datetime | None:
    parsed = parse_datetime(value) if isinstance(value, str) else None
    return parsed if parsed is not None and parsed.tzinfo is not None else None


def assess(*, document: dict[str, Any], proof: ProofResult, now: datetime,
           revoked_at: datetime | None = None, revocation_reason: str = "") -> Verdict:
    """Combine the signature check, revocation and the validity window into one verdict.
    A bad signature wins over everything (nothing else in the document can be trusted)."""
    checks = [Check("signature", proof.ok, proof.reason)]
    if not proof.ok:
        return Verdict("invalid", _("Not verified: %(reason)s") % {"reason": proof.reason},
                       checks, proof)
    status, summary = "verified", _("Verified: signed by this issuer and not changed since.")
    valid_from = _moment(document.get("validFrom") or document.get("issuanceDate"))
    valid_until = _moment(document.get("validUntil") or document.get("expirationDate"))
    if revoked_at is not None:
        reason = revocation_reason or _("no reason given")
        checks.append(Check("revocation", False,
                            _("Revoked on %(date)s (%(reason)s).")
                            % {"date": revoked_at.date().isoformat(), "reason": reason}))
        status, summary = "revoked", _("Revoked: the issuer withdrew this credential.")
    else:
        checks.append(Check("revocation", True, _("Not revoked.")))
    if valid_until is not None and valid_until <= now:
        checks.append(Check("expiry", False, _("Expired on %(date)s.")
                            % {"date": valid_until.date().isoformat()}))
        if status == "verified":
            status, summary = "expired", _("Expired: the credential is no longer valid.")
    elif valid_from is not None and valid_from > now:
        checks.append(Check("expiry", False, _("Not valid before %(date)s.")
                            % {"date": valid_from.date().isoformat()}))
        if status == "verified":
            status, summary = "not_yet_valid", _("Not yet valid.")
    else:
        checks.append(Check("expiry", True, _("Within its validity period.")))
    return Verdict(status, summary, checks, proof)


# --- errors ---------------------------------------------------------------------------------

class CredentialNotFound(NotFound):
    default_detail = gettext_lazy("There is no credential here.")


class NotEligible(InvalidInput):
    code = "not_eligible"
    default_detail = gettext_lazy("Only finished learning that its provider confirmed can earn "
                                  "a credential.")


class CredentialExists(Conflict):
    code = "credential_exists"
    default_detail = gettext_lazy("This learning record already has a credential. Revoke it "
                                  "first to issue a new one.")


class AlreadyRevoked(Conflict):
    code = "already_revoked"
    default_detail = gettext_lazy("This credential is already revoked.")
