"""Reads about people: profiles by handle, who may see what, and token lookup."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from learnwork.accounts import tokens
from learnwork.accounts.models import AccessToken, Profile, User, Visibility
from learnwork.core.errors import NotFound

Viewer = User | AnonymousUser


def can_see(*, viewer: Viewer | None, owner: User, visibility: str) -> bool:
    """Whether `viewer` may see a section of `owner`'s profile set to `visibility`."""
    if viewer is not None and viewer.is_authenticated and viewer.pk == owner.pk:
        return True
    if visibility == Visibility.EVERYONE:
        return True
    if visibility == Visibility.MEMBERS:
        return bool(viewer is not None and viewer.is_authenticated)
    return False


def profile_by_handle(*, handle: str) -> Profile:
    profile = (
        Profile.objects.select_related("user")
        .filter(user__username__iexact=handle.lstrip("@"), user__is_active=True)
        .first()
    )
    if profile is None:
        raise NotFound(f"Nobody has the handle @{handle.lstrip('@')}.")
    return profile


def profile_for_user(*, user: User) -> Profile:
    profile, _ = Profile.objects.select_related("user").get_or_create(user=user)
    return profile


def access_token_for_secret(*, secret: str) -> AccessToken | None:
    if not secret.startswith(tokens.TOKEN_PREFIX):
        return None
    token = (
        AccessToken.objects.select_related("user")
        .filter(digest=tokens.digest(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Record use at most once a minute, so reads do not turn into a write per request.
    if token.last_used is None or now - token.last_used > timedelta(minutes=1):
        AccessToken.objects.filter(pk=token.pk).update(last_used=now)
        token.last_used = now
    return token


def verified_emails(*, user: User) -> list[str]:
    """The addresses `user` has proved they receive mail at (primary first)."""
    from allauth.account.models import EmailAddress

    return list(EmailAddress.objects.filter(user=user, verified=True)
                .order_by("-primary", "email").values_list("email", flat=True))


def access_tokens_for(*, user: User) -> list[AccessToken]:
    return list(AccessToken.objects.filter(user=user))


def export_for(*, user: User) -> dict[str, Any]:
    """Everything accounts holds about `user`, for their data download."""
    from allauth.account.models import EmailAddress

    profile = profile_for_user(user=user)
    return {
        "account": {
            "handle": user.username,
            "email": user.email,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "timezone": user.timezone,
            "emails": [
                {"email": e.email, "verified": e.verified, "primary": e.primary}
                for e in EmailAddress.objects.filter(user=user)
            ],
        },
        "profile": {
            "display_name": profile.display_name,
            "headline": profile.headline,
            "bio": profile.bio,
            "location": profile.location,
            "links": profile.links,
            "avatar": profile.avatar.url if profile.avatar else None,
            "visibility": {
                "about": profile.about_visibility,
                "skills": profile.skills_visibility,
                "goals": profile.goals_visibility,
            },
        },
        "access_tokens": [
            {"name": t.name, "scope": t.scope, "prefix": t.prefix,
             "created": t.created.isoformat(),
             "revoked": t.revoked_at.isoformat() if t.revoked_at else None}
            for t in AccessToken.objects.filter(user=user)
        ],
    }
