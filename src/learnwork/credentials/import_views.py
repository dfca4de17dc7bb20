"""Pages for imported badges: the list with the import forms, one badge with its status and the
reason in words, and the owner's controls (check again, who sees it, delete).

Every control is a plain form that POSTs and redirects, so it all works without JavaScript. A
refused import re-renders the list with the reason beside the form that was used, answering
with the error's status (400, 409 or 413).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from learnwork.accounts.models import User
from learnwork.core.errors import DomainError

from . import import_selectors as selectors
from . import import_services as services
from .import_forms import BadgeFileForm, BadgePasteForm, BadgeUrlForm, BadgeVisibilityForm
from .limits import MAX_UPLOAD_BYTES
from .models import ImportedBadge


def _me(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _list_page(request: HttpRequest, *, bound: forms.Form | None = None, how: str = "",
               status: int = 200) -> HttpResponse:
    context: dict[str, Any] = {
        "badges": selectors.badges_for_owner(user=_me(request)),
        "url_form": BadgeUrlForm(), "file_form": BadgeFileForm(),
        "paste_form": BadgePasteForm(),
    }
    if bound is not None:
        context[f"{how}_form"] = bound
    return render(request, "credentials/badges/list.html", context, status=status)


@login_required
def badge_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request)


def _read_upload(form: forms.Form) -> bytes:
    upload = form.cleaned_data["file"]
    # One byte past the limit is enough for the service to refuse it as too large.
    return bytes(upload.read(MAX_UPLOAD_BYTES + 1))


IMPORTS: dict[str, tuple[type[forms.Form], str, Callable[[User, forms.Form],
                                                           ImportedBadge]]] = {
    "url": (BadgeUrlForm, "url", lambda me, form: services.badge_import_url(
        user=me, url=form.cleaned_data["url"])),
    "file": (BadgeFileForm, "file", lambda me, form: services.badge_import_file(
        user=me, data=_read_upload(form))),
    "paste": (BadgePasteForm, "credential", lambda me, form: services.badge_import_pasted(
        user=me, text=form.cleaned_data["credential"])),
}


@login_required
@require_POST
def badge_import(request: HttpRequest) -> HttpResponse:
    how = str(request.POST.get("how", ""))
    if how not in IMPORTS:
        how = "url"
    form_class, field, run = IMPORTS[how]
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        return _list_page(request, bound=form, how=how, status=400)
    try:
        badge = run(_me(request), form)
    except DomainError as exc:
        form.add_error(field, exc.detail)
        return _list_page(request, bound=form, how=how, status=exc.status)
    if badge.status == ImportedBadge.Status.VERIFIED:
        messages.success(request, _("“%(name)s” is verified and on your learning journey now.")
                         % {"name": badge.name})
    else:
        messages.warning(request, _("“%(name)s” was added, but it did not verify. The reason "
                                    "is below.") % {"name": badge.name})
    return redirect("credentials:badge_detail", badge_id=badge.pk)


def badge_detail(request: HttpRequest, badge_id: int) -> HttpResponse:
    try:
        badge = selectors.badge_get(viewer=request.user, badge_id=badge_id)
    except DomainError as exc:
        raise Http404(exc.detail) from exc
    is_owner = request.user.is_authenticated and request.user.pk == badge.user_id
    return render(request, "credentials/badges/detail.html", {
        "badge": badge, "is_owner": is_owner,
        "visibility_form": BadgeVisibilityForm(initial={"visibility": badge.visibility}),
    })


def _own_or_404(request: HttpRequest, badge_id: int) -> ImportedBadge:
    try:
        return selectors.own_badge(user=_me(request), badge_id=badge_id)
    except DomainError as exc:
        raise Http404(exc.detail) from exc


@login_required
@require_POST
def badge_recheck(request: HttpRequest, badge_id: int) -> HttpResponse:
    _own_or_404(request, badge_id)
    try:
        badge = services.badge_recheck(user=_me(request), badge_id=badge_id)
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, _("Checked again just now: %(status)s.")
                         % {"status": badge.get_status_display()})
    return redirect("credentials:badge_detail", badge_id=badge_id)


@login_required
@require_POST
def badge_visibility(request: HttpRequest, badge_id: int) -> HttpResponse:
    _own_or_404(request, badge_id)
    form = BadgeVisibilityForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose who sees it: everyone, members or only you."))
        return redirect("credentials:badge_detail", badge_id=badge_id)
    services.badge_set_visibility(user=_me(request), badge_id=badge_id,
                                  visibility=form.cleaned_data["visibility"])
    messages.success(request, _("Saved who sees this badge."))
    return redirect("credentials:badge_detail", badge_id=badge_id)


@login_required
def badge_delete(request: HttpRequest, badge_id: int) -> HttpResponse:
    badge = _own_or_404(request, badge_id)
    if request.method != "POST":
        return render(request, "credentials/badges/delete.html", {"badge": badge})
    services.badge_delete(user=_me(request), badge_id=badge_id)
    messages.success(request, _("“%(name)s” is deleted.") % {"name": badge.name})
    return redirect("credentials:badges")
