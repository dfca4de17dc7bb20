"""Writes about people: profile edits, avatars, privacy, access tokens and account deletion."""

from __future__ import annotations

import uuid
import zoneinfo
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learnwork.accounts import tokens
from learnwork.accounts.avatars import process_avatar
from learnwork.accounts.models import AccessToken, Profile, User, Visibility
from learnwork.accounts.selectors import profile_for_user
from learnwork.core.errors import InvalidInput, NotFound
from learnwork.core.markdown import render_markdown

MAX_LINKS = 6
_url = URLValidator(schemes=["http", "https"])


def clean_links(raw: Sequence[Any]) -> list[dict[str, str]]:
    """Links as [{"label", "url"}]; accepts plain URL strings too. Raises InvalidInput."""
    links: list[dict[str, str]] = []
    for item in raw:
        if isinstance(item, str):
            label, url = "", item.strip()
        elif isinstance(item, dict):
            label = str(item.get("label", "")).strip()
            url = str(item.get("url", "")).strip()
        else:
            raise InvalidInput(_("Each link needs a URL."), field="links")
        if not url:
            continue
        try:
            _url(url)
        except ValidationError as exc:
            raise InvalidInput(
                _("%(url)s is not a web address (it must start with http:// or https://).")
                % {"url": url[:200]}, field="links",
            ) from exc
        links.append({"label": label[:60], "url": url[:500]})
    if len(links) > MAX_LINKS:
        raise InvalidInput(_("Add at most %(n)d links.") % {"n": MAX_LINKS}, field="links")
    return links


def _check_timezone(name: str) -> str:
    if not name:
        return ""
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidInput(_("Unknown time zone: %(tz)s.") % {"tz": name[:64]},
                           field="timezone") from exc
    return name


@transaction.atomic
def profile_update(*, user: User, **changes: Any) -> Profile:
    """Change any of: display_name, headline, bio, location, links, timezone."""
    allowed = {"display_name", "headline", "bio", "location", "links", "timezone"}
    unknown = set(changes) - allowed
    if unknown:
        raise InvalidInput(_("Unknown profile fields: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    profile = profile_for_user(user=user)
    if "timezone" in changes:
        user.timezone = _check_timezone(str(changes.pop("timezone") or ""))
        user.save(update_fields=["timezone"])
    if "links" in changes:
        profile.links = clean_links(changes.pop("links") or [])
    for field, value in changes.items():
        setattr(profile, field, (value or "").strip())
    profile.bio_html = render_markdown(profile.bio)
    try:
        profile.full_clean(exclude=["user", "avatar"])
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise InvalidInput(f"{field.replace('_', ' ').capitalize()}: {messages[0]}",
                           field=field) from exc
    profile.save()
    return profile


@transaction.atomic
def profile_set_visibility(*, user: User, about: str | None = None, skills: str | None = None,
                           goals: str | None = None) -> Profile:
    profile = profile_for_user(user=user)
    for section, value in (("about", about), ("skills", skills), ("goals", goals)):
        if value is None:
            continue
        if value not in Visibility.values:
            raise InvalidInput(
                _("Visibility must be one of: %(v)s.") % {"v": ", ".join(Visibility.values)},
                field=f"{section}_visibility",
            )
        setattr(profile, f"{section}_visibility", value)
    profile.save()
    return profile


def avatar_set(*, user: User, data: bytes) -> Profile:
    image = process_avatar(data)  # validate and encode before touching the database
    with transaction.atomic():
        profile = profile_for_user(user=user)
        old = profile.avatar.name if profile.avatar else ""
        profile.avatar.save(f"{uuid.uuid4().hex}.webp", ContentFile(image), save=True)
        if old:
            storage = profile.avatar.storage
            transaction.on_commit(lambda: storage.delete(old))
    return profile


@transaction.atomic
def avatar_remove(*, user: User) -> Profile:
    profile = profile_for_user(user=user)
    if profile.avatar:
        name, storage = str(profile.avatar.name), profile.avatar.storage
        profile.avatar = None
        profile.save(update_fields=["avatar", "updated"])
        transaction.on_commit(lambda: storage.delete(name))
    return profile


@transaction.atomic
def access_token_create(*, user: User, name: str, scope: str) -> tuple[AccessToken, str]:
    """Create a token; the secret is returned once and never stored."""
    name = (name or "").strip()
    if not name:
        raise InvalidInput(_("Give the token a name, so you know later what uses it."),
                           field="name")
    if scope not in AccessToken.Scope.values:
        raise InvalidInput(_("Scope must be read or write."), field="scope")
    if AccessToken.objects.filter(user=user, revoked_at__isnull=True).count() >= 20:
        raise InvalidInput(_("You have 20 active tokens. Revoke one before creating another."))
    secret = tokens.new_secret()
    token = AccessToken.objects.create(
        user=user, name=name[:80], scope=scope,
        prefix=tokens.display_prefix(secret), digest=tokens.digest(secret),
    )
    return token, secret


@transaction.atomic
def access_token_revoke(*, user: User, token_id: int) -> AccessToken:
    token = AccessToken.objects.filter(user=user, pk=token_id).first()
    if token is None:
        raise NotFound(_("No such token."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated"])
    return token


def account_delete(*, user: User) -> None:
    """Delete the account and everything that hangs off it (every app's rows cascade)."""
    profile = Profile.objects.filter(user=user).first()
    avatar = (
        (str(profile.avatar.name), profile.avatar.storage) if profile and profile.avatar else None
    )
    with transaction.atomic():
        user.delete()
        if avatar:
            name, storage = avatar
            transaction.on_commit(lambda: storage.delete(name))
