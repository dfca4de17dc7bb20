"""Pages for issued credentials: the owner's list (issue, download, revoke), each credential's
public verification page and downloads, the issuer Profile and the paste-to-verify form."""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from learnwork.accounts.auth import client_ip
from learnwork.accounts.models import User
from learnwork.core import ratelimit
from learnwork.core.errors import DomainError, NotFound
from learnwork.credentials import artwork, baking, issue_selectors, issue_services
from learnwork.credentials.issuing import Verdict
from learnwork.credentials.limits import parse_json
from learnwork.credentials.models import IssuedCredential

# Pasted credentials: one issued here is a few KB; this leaves room and keeps the work bounded.
PASTE_MAX_BYTES = 256 * 1024
VERIFY_RATE = "30/m"
CREDENTIAL_CONTENT_TYPE = "application/vc+ld+json"


def _get_or_404(credential_id: uuid.UUID) -> IssuedCredential:
    try:
        return issue_selectors.credential_get(credential_id=credential_id)
    except NotFound as exc:
        raise Http404(exc.detail) from exc


def _filename(credential: IssuedCredential, extension: str) -> str:
    return f"learnwork-credential-{credential.pk}.{extension}"


def _pretty(document: dict[str, Any]) -> bytes:
    return json.dumps(document, indent=2, ensure_ascii=False).encode("utf-8")


@login_required
@require_GET
def credential_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    overview = issue_selectors.issue_overview(user=user)
    return render(request, "credentials/issued/list.html", {"overview": overview})


@login_required
@require_POST
def credential_issue(request: HttpRequest) -> HttpResponse:
    try:
        record_id = int(request.POST.get("record_id", ""))
    except ValueError:
        messages.error(request, _("Choose a learning record to issue a credential for."))
        return redirect("credentials:list")
    try:
        credential = issue_services.credential_issue(user=request.user,  # type: ignore[arg-type]
                                                     record_id=record_id)
    except DomainError as exc:
        messages.error(request, exc.detail)
        return redirect("credentials:list")
    messages.success(request, _("Your credential is ready: download it or share this page."))
    return redirect("credentials:detail", credential_id=credential.pk)


@login_required
@require_POST
def credential_revoke(request: HttpRequest, credential_id: uuid.UUID) -> HttpResponse:
    try:
        issue_services.credential_revoke(user=request.user,  # type: ignore[arg-type]
                                         credential_id=credential_id,
                                         reason=request.POST.get("reason", ""))
    except DomainError as exc:
        if exc.status == 404:
            raise Http404(exc.detail) from exc
        messages.error(request, exc.detail)
    else:
        messages.success(request, _("The credential is revoked. Its page now says so."))
    return redirect("credentials:list")


@require_GET
def credential_detail(request: HttpRequest, credential_id: uuid.UUID) -> HttpResponse:
    credential = _get_or_404(credential_id)
    verdict = issue_selectors.credential_verdict(credential=credential)
    document = credential.document
    achievement = document.get("credentialSubject", {}).get("achievement", {})
    context = {
        "credential": credential,
        "verdict": verdict,
        "achievement": achievement,
        "issuer": document.get("issuer", {}),
        "is_owner": request.user.is_authenticated and request.user.pk == credential.recipient_id,
        "recipient": credential.recipient if credential.recipient.is_active else None,
        "json_pretty": _pretty(document).decode("utf-8"),
    }
    return render(request, "credentials/issued/detail.html", context)


@require_GET
def credential_json(request: HttpRequest, credential_id: uuid.UUID) -> HttpResponse:
    credential = _get_or_404(credential_id)
    response = HttpResponse(_pretty(credential.document), content_type=CREDENTIAL_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(credential, "json")}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def credential_badge(request: HttpRequest, credential_id: uuid.UUID) -> HttpResponse:
    credential = _get_or_404(credential_id)
    svg = artwork.badge_svg(title=credential.achievement_name, issuer="Learnwork",
                            issued_on=credential.issued_at.date())
    baked = baking.bake_svg(svg, credential.document)
    response = HttpResponse(baked, content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="{_filename(credential, "svg")}"'
    # The SVG is ours, but it is downloaded, never rendered as a page on this origin.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@require_GET
def issuer(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(_pretty(issue_selectors.issuer_profile()),
                            content_type="application/ld+json")
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _verify_form(request: HttpRequest, *, pasted: str = "", verdict: Verdict | None = None,
                 credential: IssuedCredential | None = None, error: str = "",
                 status: int = 200) -> HttpResponse:
    context = {"pasted": pasted, "verdict": verdict, "credential": credential, "error": error,
               "max_kb": PASTE_MAX_BYTES // 1024}
    return render(request, "credentials/issued/verify.html", context, status=status)


@require_http_methods(["GET", "POST"])
def credential_verify(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _verify_form(request)
    pasted = request.POST.get("credential", "")
    if not pasted.strip():
        return _verify_form(request, error=_("Paste the credential's JSON."), status=400)
    try:
        ratelimit.hit(f"credential-verify:{client_ip(request)}", VERIFY_RATE)
        document = parse_json(pasted, what=_("The credential"), max_bytes=PASTE_MAX_BYTES)
        check = issue_selectors.verify_document(document=document)
    except DomainError as exc:
        # Echo back only what fits the form; a huge paste is not sent back to the browser.
        echo = pasted if len(pasted) <= PASTE_MAX_BYTES else ""
        return _verify_form(request, pasted=echo, error=exc.detail, status=exc.status)
    return _verify_form(request, pasted=pasted, verdict=check.verdict,
                        credential=check.credential)

