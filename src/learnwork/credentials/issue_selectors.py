"""Reads for issued credentials: a person's own, one public credential and its live verdict,
the check of a pasted credential, and the issuer Profile that publishes the public keys."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from learnwork.accounts.models import User
from learnwork.credentials import keys, proofs
from learnwork.credentials.issuing import (
    OB_V3_CONTEXT,
    VC_V2_CONTEXT,
    Check,
    CredentialNotFound,
    Verdict,
    assess,
)
from learnwork.credentials.models import IssuedCredential, IssuerKey
from learnwork.journeys.models import LearningRecord
from learnwork.journeys.selectors import Viewer, eligible_for_credential, visible_records
from learnwork.social.selectors import profile_by_handle

# DID v1 defines verificationMethod and assertionMethod, Multikey v1 the key itself; with them
# the Profile is JSON-LD with nothing dropped, like a DID document.
DID_CONTEXT = "https://www.w3.org/ns/did/v1"
MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"


def issuer_name() -> str:
    return _("Learnwork at %(host)s") % {"host": urlsplit(settings.SITE_URL).netloc}


def credential_url(credential_id: uuid.UUID) -> str:
    """The credential's id: its public verification page."""
    return settings.SITE_URL + reverse("credentials:detail",
                                       kwargs={"credential_id": credential_id})


def _id_from_url(value: Any) -> uuid.UUID | None:
    if not isinstance(value, str):
        return None
    prefix = settings.SITE_URL + reverse("credentials:list")
    if not value.startswith(prefix):
        return None
    try:
        return uuid.UUID(value.removeprefix(prefix).strip("/"))
    except ValueError:
        return None


def _credentials() -> QuerySet[IssuedCredential]:
    return IssuedCredential.objects.select_related("recipient", "key")


def credential_get(*, credential_id: uuid.UUID) -> IssuedCredential:
    """Any credential, for its public page (anyone who has the link may check it)."""
    credential = _credentials().filter(pk=credential_id).first()
    if credential is None:
        raise CredentialNotFound()
    return credential


def own_credential(*, user: User, credential_id: uuid.UUID) -> IssuedCredential:
    credential = _credentials().filter(pk=credential_id, recipient=user).first()
    if credential is None:
        raise CredentialNotFound()
    return credential


def issued_for(*, user: User) -> QuerySet[IssuedCredential]:
    """`user`'s credentials, newest first (live and revoked)."""
    return _credentials().filter(recipient=user).order_by("-issued_at", "-pk")


def credentials_for_profile(*, viewer: Viewer, owner: User,
                            blocked: bool | None = None) -> list[IssuedCredential]:
    """`owner`'s live credentials that `viewer` may see listed on the profile, newest first
    (one query, two to check for a block). A credential's own page is public to anyone with
    the link, but the profile lists it only where the record it was issued for is visible to
    `viewer`, so a private course does not show here by its title; revoked credentials and
    those whose record is gone are left to the owner's credentials page."""
    records = visible_records(viewer=viewer, owner=owner, blocked=blocked)
    return list(IssuedCredential.objects.filter(recipient=owner, revoked_at__isnull=True,
                                                record__in=records.values("pk"))
                .order_by("-issued_at", "-pk"))


def credentials_for_handle(*, viewer: Viewer, handle: str) -> list[IssuedCredential]:
    # social's lookup checks the handle's shape first, so odd input is a 404, not a query.
    profile = profile_by_handle(handle=handle)
    return credentials_for_profile(viewer=viewer, owner=profile.user)


@dataclass(frozen=True)
class IssueOverview:
    """The owner's page: records that may get a credential, and the credentials issued."""

    eligible: list[LearningRecord]
    issued: list[IssuedCredential]


def issue_overview(*, user: User) -> IssueOverview:
    issued = list(issued_for(user=user))
    live_records = {c.record_id for c in issued if c.revoked_at is None}
    eligible = [r for r in eligible_for_credential(user=user) if r.pk not in live_records]
    return IssueOverview(eligible=eligible, issued=issued)


# --- verification ---------------------------------------------------------------------------

def _instance_key(verification_method: str) -> Ed25519PublicKey:
    public_key = keys.instance_public_key(verification_method)
    if public_key is None:
        raise proofs.KeyNotFound(verification_method)
    return public_key


def credential_verdict(*, credential: IssuedCredential) -> Verdict:
    """The live verdict on a stored credential, checked the way any verifier would check it."""
    proof = proofs.verify(credential.document, resolve_key=_instance_key)
    return assess(document=credential.document, proof=proof, now=timezone.now(),
                  revoked_at=credential.revoked_at,
                  revocation_reason=credential.revocation_reason)


@dataclass(frozen=True)
class PastedCheck:
    verdict: Verdict
    credential: IssuedCredential | None


def verify_document(*, document: Any) -> PastedCheck:
    """Check a credential someone pasted: was it issued here, unchanged, and is it still live?"""
    if not isinstance(document, dict):
        proof = proofs.ProofResult(ok=False, code="invalid_document",
                                   reason=_("A credential is a JSON object."))
        return PastedCheck(assess(document={}, proof=proof, now=timezone.now()), None)
    issuer = document.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if issuer_id != keys.issuer_url():
        proof = proofs.ProofResult(
            ok=False, code="not_issued_here",
            reason=_("This credential was not issued by this Learnwork instance. To check a "
                     "badge from elsewhere, import it on your Badges page."))
        return PastedCheck(assess(document=document, proof=proof, now=timezone.now()), None)
    proof = proofs.verify(document, resolve_key=_instance_key)
    credential_id = _id_from_url(document.get("id"))
    credential = (_credentials().filter(pk=credential_id).first()
                  if credential_id is not None else None)
    if proof.ok and credential is None:
        # Signed here, but the record is gone (its holder deleted their account).
        verdict = assess(document=document, proof=proof, now=timezone.now())
        withdrawn = Verdict(
            "revoked", _("Withdrawn: this instance no longer holds this credential."),
            [verdict.checks[0], Check("revocation", False,
                                      _("This instance no longer holds this credential."))],
            proof)
        return PastedCheck(withdrawn, None)
    verdict = assess(document=document, proof=proof, now=timezone.now(),
                     revoked_at=credential.revoked_at if credential else None,
                     revocation_reason=credential.revocation_reason if credential else "")
    return PastedCheck(verdict, credential if proof.ok else None)


# --- the issuer -----------------------------------------------------------------------------

def issuer_profile() -> dict[str, Any]:
    """The issuer Profile as JSON-LD, with every key it has signed with (retired ones too, so
    old credentials keep verifying) as Multikey verification methods."""
    issuer_id = keys.issuer_url()
    methods = [
        {"id": f"{issuer_id}#{key.key_id}", "type": "Multikey", "controller": issuer_id,
         "publicKeyMultibase": key.public_key_multibase}
        for key in IssuerKey.objects.order_by("created", "pk")
    ]
    return {
        "@context": [VC_V2_CONTEXT, OB_V3_CONTEXT, DID_CONTEXT, MULTIKEY_CONTEXT],
        "id": issuer_id,
        "type": ["Profile"],
        "name": issuer_name(),
        "url": settings.SITE_URL,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }
