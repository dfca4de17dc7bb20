"""Course providers: organisations that publish courses and send learning statements."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from learnwork.core.models import TimeStampedModel
from learnwork.skills.models import Skill

COURSE_MAX_SKILLS = 20


class Provider(TimeStampedModel):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(max_length=60, unique=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    description = models.TextField(_("about"), max_length=2000, blank=True)
    # Members who manage the provider: credentials, webhooks, courses.
    admins = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="managed_providers",
                                    blank=True)
    # Set by staff once they know the organisation is who it says it is.
    verified = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LrsCredential(TimeStampedModel):
    """A Basic-auth key and secret for the LRS and the provider API; only a digest is kept."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="credentials")
    key = models.CharField(max_length=40, unique=True)
    secret_digest = models.CharField(max_length=64)
    scopes = models.JSONField(default=list)
    label = models.CharField(max_length=80, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.key} ({self.provider_id})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class LinkedIdentity(TimeStampedModel):
    """An identity a provider uses in statements, claimed by a person for that provider.

    Only verified identities count: until `verified_at` is set, statements naming it stay in
    the store and never reach the person's journey.
    """

    class Kind(models.TextChoices):
        EMAIL = "email", _("Email address")
        ACCOUNT = "account", _("Account on the provider's platform")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="linked_identities")
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE,
                                 related_name="linked_identities")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    # Stored lowercased, so `mailto:` IRIs match however the provider spells the case.
    email = models.EmailField(max_length=254, blank=True)
    home_page = models.URLField(max_length=500, blank=True)
    account_name = models.CharField(max_length=255, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "provider", "kind", "email", "home_page", "account_name"],
                name="linked_identity_once_per_user",
            ),
            # One person per identity: statements about it belong to exactly one journey.
            models.UniqueConstraint(
                fields=["provider", "kind", "email", "home_page", "account_name"],
                condition=Q(verified_at__isnull=False),
                name="linked_identity_one_owner",
            ),
            models.CheckConstraint(
                condition=(Q(kind="email", home_page="", account_name="") & ~Q(email=""))
                | (Q(kind="account", email="") & ~Q(home_page="") & ~Q(account_name="")),
                name="linked_identity_kind_fields",
            ),
        ]

    def __str__(self) -> str:
        return self.email or f"{self.account_name}@{self.home_page}"

    @property
    def label(self) -> str:
        if self.kind == self.Kind.EMAIL:
            return self.email
        return f"{self.account_name} ({self.home_page})"


class AccountLinkToken(TimeStampedModel):
    """A one-time token a provider creates so a learner can claim their account there."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="link_tokens")
    home_page = models.URLField(max_length=500)
    account_name = models.CharField(max_length=255)
    digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")

    def __str__(self) -> str:
        return f"{self.account_name}@{self.home_page}"


class Course(TimeStampedModel):
    class Format(models.TextChoices):
        ONLINE = "online", _("Online")
        IN_PERSON = "in_person", _("In person")
        BLENDED = "blended", _("Blended")
        SELF_PACED = "self_paced", _("Self-paced")

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="courses")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    skills = models.ManyToManyField(Skill, related_name="courses", blank=True)
    format = models.CharField(_("format"), max_length=12, choices=Format.choices,
                              default=Format.ONLINE)
    # Zero is free; a price always comes with its ISO 4217 currency.
    cost_amount = models.DecimalField(_("cost"), max_digits=10, decimal_places=2, default=0)
    cost_currency = models.CharField(_("currency"), max_length=3, blank=True)
    language = models.CharField(_("language"), max_length=16, blank=True)
    credential = models.CharField(_("credential awarded"), max_length=200, blank=True)
    # The xAPI activity IRI statements about this course use; it ties journey records to it.
    activity_id = models.CharField(max_length=500, blank=True)
    published = models.BooleanField(default=True)

    class Meta:
        ordering = ["title", "pk"]
        indexes = [models.Index(fields=["published", "title"])]
        constraints = [
            models.UniqueConstraint(fields=["provider", "activity_id"],
                                    condition=~Q(activity_id=""),
                                    name="course_activity_unique"),
            models.CheckConstraint(condition=Q(cost_amount__gte=0), name="course_cost_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_free(self) -> bool:
        return not self.cost_amount


class Webhook(TimeStampedModel):
    class Event(models.TextChoices):
        IDENTITY_LINKED = "identity.linked", _("A learner linked their account")
        RECORD_FINISHED = "record.finished", _("A learning record was finished")

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(max_length=500)
    # Kept readable: every delivery is signed with it (HMAC-SHA256).
    secret = models.CharField(max_length=80)
    events = models.JSONField(default=list)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    # One entry per attempt: {"at", "status", "error", "ms"}.
    log = models.JSONField(default=list)

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["webhook", "-created"])]

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook_id} ({self.status})"


class SyncedRecord(TimeStampedModel):
    """Which journey record a provider's statements about an activity made for a person.

    Kept when the person deletes that record (`record` becomes null), so a later statement
    about the same activity does not bring it back: deleting is the person's final word.
    """

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    activity_id = models.CharField(max_length=500)
    record = models.ForeignKey("journeys.LearningRecord", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    # The statement that last finished it (for support and the webhook).
    statement_id = models.CharField(max_length=36, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "user", "activity_id"],
                                    name="synced_record_once"),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} → {self.record_id}"
