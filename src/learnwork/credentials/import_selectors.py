"""Reads for imported badges: a person's own list, a profile's badges as one viewer sees them,
one badge, and the data export.

Others see a badge only when its visibility admits them (everyone, signed-in members, only me),
neither has blocked the other, and it verified (or verified once and has since expired): a
badge that failed its checks, or was revoked, is shown to its owner alone. Each selector runs a
fixed number of queries, whatever the number of badges.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import F, QuerySet

from learnwork.accounts import selectors as accounts
from learnwork.accounts.models import User, Visibility
from learnwork.journeys.selectors import blocked_either_way
from learnwork.social.selectors import profile_by_handle

from .badge_errors import BadgeNotFound
from .models import ImportedBadge

Viewer = User | AnonymousUser | None
Status = ImportedBadge.Status
# What others may see of a badge: it checked out when it was imported or last rechecked.
SHOWN_TO_OTHERS = (Status.VERIFIED, Status.EXPIRED)


def _newest_first(badges: QuerySet[ImportedBadge]) -> QuerySet[ImportedBadge]:
    # Spelled out: SQLite and PostgreSQL put NULLs at opposite ends of a descending sort.
    return badges.order_by(F("issued_on").desc(nulls_last=True), "-created", "-pk")


def _is_owner(viewer: Viewer, owner_id: int) -> bool:
    return viewer is not None and viewer.is_authenticated and viewer.pk == owner_id


def badges_for_owner(*, user: User) -> QuerySet[ImportedBadge]:
    """All of `user`'s imported badges, failed ones too, newest first (one query)."""
    return _newest_first(ImportedBadge.objects.filter(user=user))


def badges_for_profile(*, viewer: Viewer, owner: User,
                       blocked: bool | None = None) -> list[ImportedBadge]:
    """`owner`'s badges `viewer` may see, newest first (one query, two to check for a block)."""
    if _is_owner(viewer, owner.pk):
        return list(badges_for_owner(user=owner))
    if blocked is None:
        blocked = blocked_either_way(viewer=viewer, owner=owner)
    if blocked or not owner.is_active:
        return []
    signed_in = viewer is not None and viewer.is_authenticated
    audience = [Visibility.EVERYONE, Visibility.MEMBERS] if signed_in else [Visibility.EVERYONE]
    return list(_newest_first(ImportedBadge.objects.filter(
        user=owner, visibility__in=audience, status__in=SHOWN_TO_OTHERS)))


def badges_for_handle(*, viewer: Viewer, handle: str) -> list[ImportedBadge]:
    # social's lookup checks the handle's shape first, so odd input is a 404, not a query.
    profile = profile_by_handle(handle=handle)
    return badges_for_profile(viewer=viewer, owner=profile.user)


def can_see_badge(*, viewer: Viewer, badge: ImportedBadge) -> bool:
    if _is_owner(viewer, badge.user_id):
        return True
    owner = badge.user
    if badge.status not in SHOWN_TO_OTHERS or not owner.is_active:
        return False
    if not accounts.can_see(viewer=viewer, owner=owner, visibility=badge.visibility):
        return False
    return not blocked_either_way(viewer=viewer, owner=owner)


def badge_get(*, viewer: Viewer, badge_id: int) -> ImportedBadge:
    """One badge, if `viewer` may see it; the same 404 whether it is gone or hidden."""
    badge = (ImportedBadge.objects.select_related("user__profile", "record")
             .filter(pk=badge_id).first())
    if badge is None or not can_see_badge(viewer=viewer, badge=badge):
        raise BadgeNotFound()
    return badge


def own_badge(*, user: User, badge_id: int) -> ImportedBadge:
    badge = ImportedBadge.objects.select_related("record").filter(pk=badge_id, user=user).first()
    if badge is None:
        raise BadgeNotFound()
    return badge


def export_for(*, user: User) -> dict[str, Any]:
    """Every badge `user` imported, with what was received, for their data download."""
    return {
        "imported_badges": [
            {"id": b.pk, "spec": b.spec, "source": b.source, "source_url": b.source_url or None,
             "name": b.name, "issuer_name": b.issuer_name, "issuer_url": b.issuer_url or None,
             "issued_on": b.issued_on.isoformat() if b.issued_on else None,
             "expires": b.expires.isoformat() if b.expires else None,
             "status": b.status, "status_detail": b.status_detail,
             "checked_at": b.checked_at.isoformat(), "visibility": b.visibility,
             "image": b.image.url if b.image else None, "record_id": b.record_id,
             "received": b.raw}
            for b in badges_for_owner(user=user)
        ],
    }
