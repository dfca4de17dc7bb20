"""The JSON API for credentials this instance issues, and a public check of one."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Status

from learnwork.accounts.auth import public_auth, public_openapi, require_write
from learnwork.accounts.models import User
from learnwork.core.api import COMMON_ERRORS, errors
from learnwork.core.errors import PayloadTooLarge
from learnwork.credentials import issue_selectors, issue_services
from learnwork.credentials.issue_schemas import (
    IssuedCredentialDetailOut,
    IssuedCredentialOut,
    IssueIn,
    RevokeIn,
    VerificationOut,
)
from learnwork.credentials.issuing import Verdict
from learnwork.credentials.limits import parse_json
from learnwork.credentials.models import IssuedCredential

router = Router(tags=["credentials"])

PASTE_MAX_BYTES = 256 * 1024

# The body is read by hand (size and depth checked before parsing), so it is described here.
_CREDENTIAL_BODY = {
    "requestBody": {
        "required": True,
        "description": "A credential issued by this instance: its JSON, as downloaded "
                       f"(at most {PASTE_MAX_BYTES // 1024} KB, nested at most 64 levels).",
        "content": {"application/json": {"schema": {"type": "object",
                                                    "additionalProperties": True}}},
    },
}


def _me(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _url(name: str, credential: IssuedCredential) -> str:
    return settings.SITE_URL + reverse(f"credentials:{name}",
                                       kwargs={"credential_id": credential.pk})


def _out(credential: IssuedCredential, *, full: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": credential.pk, "achievement_name": credential.achievement_name,
        "record_id": credential.record_id, "issued_at": credential.issued_at,
        "revoked_at": credential.revoked_at, "revocation_reason": credential.revocation_reason,
        "page_url": _url("detail", credential), "json_url": _url("json", credential),
        "badge_url": _url("badge", credential),
    }
    if full:
        out["credential"] = credential.document
    return out


def _verdict(verdict: Verdict, credential: IssuedCredential | None) -> dict[str, Any]:
    return {
        "status": verdict.status, "ok": verdict.ok, "summary": verdict.summary,
        "reason_code": verdict.proof.code if verdict.proof is not None else "invalid_document",
        "checks": [{"code": c.code, "ok": c.ok, "text": c.text} for c in verdict.checks],
        "credential_id": credential.pk if credential else None,
    }


@router.get("/credentials/issued", url_name="credentials_issued",
            response={200: list[IssuedCredentialOut], **errors(*COMMON_ERRORS)},
            summary="Credentials this instance issued to you, newest first")
def issued_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_out(c) for c in issue_selectors.issued_for(user=_me(request))[:500]]


@router.post("/credentials/issued", url_name="credentials_issue",
             response={201: IssuedCredentialDetailOut,
                       **errors(400, 403, 404, 409, 503, *COMMON_ERRORS)},
             summary="Issue a signed Open Badges 3.0 credential for a confirmed learning record",
             description="Only finished records that their provider confirmed qualify (400 "
                         "otherwise); one live credential per record (409). Your email address "
                         "must be verified: the credential names you by its salted hash.")
def issued_create(request: HttpRequest, payload: IssueIn) -> Status[dict[str, Any]]:
    require_write(request)
    credential = issue_services.credential_issue(user=_me(request), record_id=payload.record_id)
    return Status(201, _out(credential, full=True))


@router.get("/credentials/issued/{credential_id}", url_name="credentials_issued_detail",
            response={200: IssuedCredentialDetailOut, **errors(404, *COMMON_ERRORS)},
            summary="One of your credentials, with the signed document")
def issued_detail(request: HttpRequest, credential_id: uuid.UUID) -> dict[str, Any]:
    credential = issue_selectors.own_credential(user=_me(request), credential_id=credential_id)
    return _out(credential, full=True)


@router.post("/credentials/issued/{credential_id}/revoke", url_name="credentials_revoke",
             response={200: IssuedCredentialOut, **errors(400, 403, 404, 409, *COMMON_ERRORS)},
             summary="Revoke one of your credentials: every check says so from now on")
def issued_revoke(request: HttpRequest, credential_id: uuid.UUID,
                  payload: RevokeIn) -> dict[str, Any]:
    require_write(request)
    credential = issue_services.credential_revoke(user=_me(request), credential_id=credential_id,
                                                  reason=payload.reason)
    return _out(credential)


@router.post("/credentials/verify", url_name="credentials_verify", auth=public_auth,
             openapi_extra={**public_openapi, **_CREDENTIAL_BODY},
             response={200: VerificationOut, **errors(400, 403, 413, *COMMON_ERRORS)},
             summary="Check a credential this instance issued: signature, revocation, expiry",
             description="Anyone may call this. The answer is 200 with `ok` false and the "
                         "reason in words when the credential does not verify; 400 when the "
                         "body is not JSON, 413 when it is too large.")
def verify(request: HttpRequest) -> dict[str, Any]:
    # Refused before Django reads the body, so a huge upload is never buffered.
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if not declared.isdigit() or int(declared) > PASTE_MAX_BYTES:
        raise PayloadTooLarge(_("The credential is larger than %(kb)d KB; one issued here is "
                                "much smaller.") % {"kb": PASTE_MAX_BYTES // 1024})
    document = parse_json(request.body, what=_("The credential"), max_bytes=PASTE_MAX_BYTES)
    check = issue_selectors.verify_document(document=document)
    return _verdict(check.verdict, check.credential)


@router.get("/people/{handle}/credentials", url_name="person_credentials", auth=public_auth,
            openapi_extra=public_openapi,
            response={200: list[IssuedCredentialOut], **errors(404, *COMMON_ERRORS)},
            summary="A person's live credentials from this instance that you may see",
            description="The credentials their profile lists: live ones whose learning record "
                        "you may see. Each page_url is its public verification page.")
def person_credentials(request: HttpRequest, handle: str) -> list[dict[str, Any]]:
    return [_out(c) for c in issue_selectors.credentials_for_handle(viewer=request.user,
                                                                    handle=handle)]
