"""People: the account (User), its public Profile, and personal API access tokens."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from learnwork.accounts.validators import handle_validators
from learnwork.core.models import TimeStampedModel


class Visibility(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    MEMBERS = "members", _("Signed-in members")
    ONLY_ME = "only_me", _("Only me")


class User(AbstractUser):
    """The username is the public @handle; people sign in with their email address."""

    username = models.CharField(
        _("handle"), max_length=30, unique=True, validators=handle_validators,
        help_text=_("Your public address: /@handle."),
    )
    email = models.EmailField(_("email address"), blank=True)
    timezone = models.CharField(_("time zone"), max_length=64, blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("username"), name="user_handle_ci_unique"),
        ]
        indexes = [
            # Deactivated accounts are few; reads that leave them out (every feed request)
            # look them up here instead of scanning every account.
            models.Index(fields=["id"], condition=models.Q(is_active=False),
                         name="user_inactive_idx"),
        ]

    @property
    def handle(self) -> str:
        return self.username


def avatar_path(instance: Profile, filename: str) -> str:
    return f"avatars/{instance.user_id}/{filename}"


class Profile(TimeStampedModel):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    headline = models.CharField(_("headline"), max_length=140, blank=True)
    bio = models.TextField(_("bio"), max_length=5000, blank=True,
                           help_text=_("Markdown. Links and formatting are kept; HTML is not."))
    bio_html = models.TextField(blank=True, editable=False)
    avatar = models.ImageField(_("avatar"), upload_to=avatar_path, blank=True)
    location = models.CharField(_("location"), max_length=100, blank=True)
    links = models.JSONField(_("links"), default=list, blank=True)
    about_visibility = models.CharField(
        _("who sees your bio, location and links"), max_length=10,
        choices=Visibility.choices, default=Visibility.EVERYONE,
    )
    skills_visibility = models.CharField(
        _("who sees your skills"), max_length=10,
        choices=Visibility.choices, default=Visibility.EVERYONE,
    )
    goals_visibility = models.CharField(
        _("who sees your learning goals"), max_length=10,
        choices=Visibility.choices, default=Visibility.MEMBERS,
    )

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.display_name or self.user.username


class AccessToken(TimeStampedModel):
    """A personal access token for the API. Only a SHA-256 digest of the secret is stored."""

    class Scope(models.TextChoices):
        READ = "read", _("Read")
        WRITE = "write", _("Read and write")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="access_tokens")
    name = models.CharField(_("name"), max_length=80)
    scope = models.CharField(_("scope"), max_length=5, choices=Scope.choices,
                             default=Scope.READ)
    prefix = models.CharField(max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    last_used = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.WRITE
