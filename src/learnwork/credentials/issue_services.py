"""Writes for issued credentials: issue one for a confirmed learning record, revoke it."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learnwork.accounts import selectors as accounts
from learnwork.accounts.models import User
from learnwork.core.errors import InvalidInput, PermissionDenied
from learnwork.credentials import keys, proofs
from learnwork.credentials.issue_selectors import credential_url, issuer_name
from learnwork.credentials.issuing import (
    AchievementFacts,
    AlreadyRevoked,
    CredentialExists,
    CredentialNotFound,
    NotEligible,
    SkillAlignment,
    build_credential,
)
from learnwork.credentials.models import IssuedCredential
from learnwork.journeys import selectors as journeys
from learnwork.journeys.models import LearningRecord

REVOCATION_REASON_MAX_CHARS = 200


def _eligible_record(user: User, record_id: int) -> LearningRecord:
    record = next((r for r in journeys.eligible_for_credential(user=user) if r.pk == record_id),
                  None)
    if record is None:
        # Someone else's record, or none: not found; one of theirs that does not qualify: say why.
        journeys.own_record(user=user, record_id=record_id)
        raise NotEligible()
    return record


@transaction.atomic
def credential_issue(*, user: User, record_id: int) -> IssuedCredential:
    """Sign an Open Badges 3.0 AchievementCredential for one of `user`'s finished,
    provider-confirmed records. One live credential per record (409 while one is live)."""
    record = _eligible_record(user, record_id)
    if IssuedCredential.objects.filter(record=record, revoked_at__isnull=True).exists():
        raise CredentialExists()
    emails = accounts.verified_emails(user=user)
    if not emails:
        raise InvalidInput(_("Verify your email address first: the credential names you by a "
                             "hash of it, so that you can prove it is yours."),
                           code="no_verified_email")
    key, private_key = keys.current_issuer_key()
    credential_id = uuid.uuid4()
    now = timezone.now()
    facts = AchievementFacts(
        title=record.title, kind=record.kind, source_name=record.source_name,
        confirmed_by=record.confirmed_by, finished_on=record.finished_on, url=record.url,
        skills=[SkillAlignment(uri=skill.esco_uri, label=skill.label)
                for skill in record.skills.all()],
    )
    unsigned = build_credential(
        credential_url=credential_url(credential_id), issuer_id=keys.issuer_url(),
        issuer_name=issuer_name(), site_url=settings.SITE_URL, facts=facts, email=emails[0],
        salt=secrets.token_hex(16), valid_from=now,
    )
    document = proofs.sign(unsigned, private_key=private_key,
                           verification_method=keys.verification_method_id(key), created=now)
    credential = IssuedCredential(id=credential_id, recipient=user, record=record,
                                  achievement_name=record.title[:200], document=document,
                                  key=key, issued_at=now)
    try:
        with transaction.atomic():
            credential.save(force_insert=True)
    except IntegrityError as exc:
        # Another request issued one for this record a moment ago.
        raise CredentialExists() from exc
    return credential


@transaction.atomic
def credential_revoke(*, user: User, credential_id: uuid.UUID,
                      reason: str = "") -> IssuedCredential:
    """Withdraw a credential: its page and every check from now on say it is revoked.
    Its holder may revoke it, and so may the instance's staff."""
    reason = (reason or "").strip()
    if len(reason) > REVOCATION_REASON_MAX_CHARS:
        raise InvalidInput(_("Keep the reason under %(n)d characters.")
                           % {"n": REVOCATION_REASON_MAX_CHARS}, field="reason")
    credential = IssuedCredential.objects.select_for_update().filter(pk=credential_id).first()
    if credential is None:
        raise CredentialNotFound()
    if credential.recipient_id != user.pk and not user.is_staff:
        raise PermissionDenied(_("Only the person it was issued to can revoke a credential."))
    if credential.revoked_at is not None:
        raise AlreadyRevoked()
    credential.revoked_at = timezone.now()
    credential.revocation_reason = reason
    credential.save(update_fields=["revoked_at", "revocation_reason", "updated"])
    return credential
