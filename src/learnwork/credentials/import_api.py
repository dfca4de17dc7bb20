"""The JSON API for imported badges: import (by address, pasted text or uploaded image), list,
check again, change who sees one, delete; and a person's badges as the caller may see them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, P, QueryEx, Router, Status, UploadedFile

from learnwork.accounts.auth import public_auth, public_openapi, require_write
from learnwork.accounts.models import User
from learnwork.core.api import COMMON_ERRORS, errors
from learnwork.core.errors import InvalidInput

from . import import_selectors as selectors
from . import import_services as services
from .import_schemas import BadgeImportIn, BadgeOut, BadgeVisibilityIn, PublicBadgeOut
from .limits import MAX_UPLOAD_BYTES
from .models import ImportedBadge

router = Router(tags=["badges"])

IMPORT_ERRORS = errors(400, 403, 409, 413, *COMMON_ERRORS)


def _me(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _public(request: HttpRequest, badge: ImportedBadge) -> dict[str, Any]:
    return {
        "id": badge.pk, "spec": badge.spec, "name": badge.name,
        "description": badge.description,
        "image_url": request.build_absolute_uri(badge.image.url) if badge.image else None,
        "issuer_name": badge.issuer_name, "issuer_url": badge.issuer_url or None,
        "criteria_url": badge.criteria_url or None, "issued_on": badge.issued_on,
        "expires": badge.expires, "status": badge.status,
        "status_label": str(badge.get_status_display()),
        "page_url": settings.SITE_URL + reverse("credentials:badge_detail",
                                                kwargs={"badge_id": badge.pk}),
    }


def _own(request: HttpRequest, badge: ImportedBadge) -> dict[str, Any]:
    return {
        **_public(request, badge), "status_detail": badge.status_detail,
        "source": badge.source, "source_url": badge.source_url or None,
        "checked_at": badge.checked_at, "visibility": badge.visibility,
        "record_id": badge.record_id,
    }


@router.get("/badges", url_name="my_badges",
            response={200: list[BadgeOut], **errors(*COMMON_ERRORS)},
            summary="Badges you imported, failed ones too, newest first")
def my_badges(request: HttpRequest, limit: QueryEx[int, P(ge=1, le=200)] = 50,
              offset: QueryEx[int, P(ge=0, le=1_000_000)] = 0) -> list[dict[str, Any]]:
    rows = selectors.badges_for_owner(user=_me(request))[offset:offset + limit]
    return [_own(request, badge) for badge in rows]


@router.post("/badges", url_name="my_badges_import",
             response={201: BadgeOut, **IMPORT_ERRORS},
             summary="Import a badge from its web address ({url}) or pasted text ({credential})",
             description="The badge is verified before it is stored: its signature or the "
                         "issuer's hosted copy, its recipient (one of your verified email "
                         "addresses), expiry and revocation. A badge that fails is stored too, "
                         "with `status` and `status_detail` saying why; input that is not a "
                         "badge is refused (400), as is one you already imported (409).")
def import_badge(request: HttpRequest, payload: BadgeImportIn) -> Status[dict[str, Any]]:
    require_write(request)
    if bool(payload.url) == bool(payload.credential):
        raise InvalidInput(_("Send either the badge's web address (url) or its text "
                             "(credential)."), field="url")
    if payload.url:
        badge = services.badge_import_url(user=_me(request), url=payload.url)
    else:
        badge = services.badge_import_pasted(user=_me(request), text=payload.credential or "")
    return Status(201, _own(request, badge))


@router.post("/badges/upload", url_name="my_badges_upload",
             response={201: BadgeOut, **IMPORT_ERRORS},
             summary="Import a badge baked into a PNG or SVG image (multipart field `file`)",
             description=f"At most {MAX_UPLOAD_BYTES // (1024 * 1024)} MB. The image is checked "
                         "(by its content, not its name) and re-encoded; the badge inside is "
                         "verified as for POST /badges.")
def upload_badge(request: HttpRequest, file: File[UploadedFile]) -> Status[dict[str, Any]]:
    require_write(request)
    data = bytes(file.read(MAX_UPLOAD_BYTES + 1))
    badge = services.badge_import_file(user=_me(request), data=data)
    return Status(201, _own(request, badge))


@router.get("/badges/{badge_id}", url_name="my_badge",
            response={200: BadgeOut, **errors(404, *COMMON_ERRORS)},
            summary="One of your badges, with its status and the reason in words")
def my_badge(request: HttpRequest, badge_id: int) -> dict[str, Any]:
    return _own(request, selectors.own_badge(user=_me(request), badge_id=badge_id))


@router.patch("/badges/{badge_id}", url_name="my_badge_patch",
              response={200: BadgeOut, **errors(400, 403, 404, *COMMON_ERRORS)},
              summary="Choose who sees one of your badges (and the journey record it confirms)")
def patch_badge(request: HttpRequest, badge_id: int,
                payload: BadgeVisibilityIn) -> dict[str, Any]:
    require_write(request)
    badge = services.badge_set_visibility(user=_me(request), badge_id=badge_id,
                                          visibility=payload.visibility)
    return _own(request, badge)


@router.delete("/badges/{badge_id}", url_name="my_badge_delete",
               response={204: None, **errors(403, 404, *COMMON_ERRORS)},
               summary="Delete one of your badges and the journey record made from it")
def delete_badge(request: HttpRequest, badge_id: int) -> Status[None]:
    require_write(request)
    services.badge_delete(user=_me(request), badge_id=badge_id)
    return Status(204, None)


@router.post("/badges/{badge_id}/verify", url_name="my_badge_verify",
             response={200: BadgeOut, **errors(403, 404, *COMMON_ERRORS)},
             summary="Check one of your badges again now, fetching the issuer's copies afresh")
def verify_badge(request: HttpRequest, badge_id: int) -> dict[str, Any]:
    require_write(request)
    return _own(request, services.badge_recheck(user=_me(request), badge_id=badge_id))


@router.get("/people/{handle}/badges", url_name="person_badges", auth=public_auth,
            openapi_extra=public_openapi,
            response={200: list[PublicBadgeOut], **errors(404, *COMMON_ERRORS)},
            summary="A person's verified badges that you may see")
def person_badges(request: HttpRequest, handle: str) -> list[dict[str, Any]]:
    return [_public(request, badge)
            for badge in selectors.badges_for_handle(viewer=request.user, handle=handle)]
