"""Open Badges: badges people import (and their verification), and credentials this instance
issues, signed with the instance's Ed25519 keys."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from learnwork.accounts.models import Visibility
from learnwork.core.models import TimeStampedModel


def badge_image_path(instance: ImportedBadge, filename: str) -> str:
    return f"badges/{instance.user_id}/{filename}"


class ImportedBadge(TimeStampedModel):
    class Spec(models.TextChoices):
        OB2 = "2.0", _("Open Badges 2.0")
        OB3 = "3.0", _("Open Badges 3.0")

    class Source(models.TextChoices):
        URL = "url", _("Hosted assertion URL")
        PNG = "png", _("Baked PNG")
        SVG = "svg", _("Baked SVG")
        JSON = "json", _("Pasted credential (JSON)")
        JWT = "jwt", _("Pasted credential (JWT)")

    class Status(models.TextChoices):
        VERIFIED = "verified", _("Verified")
        FAILED = "failed", _("Verification failed")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="imported_badges")
    # The journey record this badge shows as; created with the badge.
    record = models.OneToOneField("journeys.LearningRecord", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="badge")
    spec = models.CharField(max_length=3, choices=Spec.choices)
    source = models.CharField(max_length=4, choices=Source.choices)
    source_url = models.URLField(max_length=500, blank=True)
    # The assertion or credential exactly as received (parsed JSON, or {"jwt": ...}).
    raw = models.JSONField()
    # sha256 of the canonical assertion/credential id or body: one import per badge per person.
    fingerprint = models.CharField(max_length=64)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    image = models.ImageField(upload_to=badge_image_path, blank=True)
    issuer_name = models.CharField(max_length=200, blank=True)
    issuer_url = models.URLField(max_length=500, blank=True)
    criteria_url = models.URLField(max_length=500, blank=True)
    issued_on = models.DateTimeField(null=True, blank=True)
    expires = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices)
    # In words, for a person: why it failed, or what was checked.
    status_detail = models.TextField(blank=True)
    checked_at = models.DateTimeField()
    visibility = models.CharField(max_length=10, choices=Visibility.choices,
                                  default=Visibility.EVERYONE)

    class Meta:
        ordering = ["-issued_on", "-created"]
        constraints = [
            models.UniqueConstraint(fields=["user", "fingerprint"],
                                    name="imported_badge_once_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.user_id})"


class IssuerKey(TimeStampedModel):
    """A public verification key of this instance. The private half never touches the database
    (it comes from LEARNWORK_CREDENTIAL_SIGNING_KEY); retired keys stay so old credentials
    still verify."""

    key_id = models.CharField(max_length=64, unique=True)
    public_key_multibase = models.CharField(max_length=100, unique=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.key_id


class IssuedCredential(TimeStampedModel):
    """An Open Badges 3.0 AchievementCredential this instance signed for one of its members."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="issued_credentials")
    record = models.ForeignKey("journeys.LearningRecord", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="credentials")
    achievement_name = models.CharField(max_length=200)
    # The signed credential, byte-for-byte what was signed (key order kept).
    document = models.JSONField()
    key = models.ForeignKey(IssuerKey, on_delete=models.PROTECT, related_name="credentials")
    issued_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(fields=["record"], condition=models.Q(revoked_at__isnull=True),
                                    name="one_live_credential_per_record"),
        ]

    def __str__(self) -> str:
        return f"{self.achievement_name} → {self.recipient_id}"
