from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from learnwork.accounts import services as account_services
from learnwork.core.errors import NotFound
from learnwork.profiles import selectors
from learnwork.profiles.forms import DeleteAccountForm


def profile_detail(request: HttpRequest, handle: str) -> HttpResponse:
    try:
        view = selectors.profile_page(viewer=request.user, handle=handle)
    except NotFound as exc:
        raise Http404(exc.detail) from exc
    return render(request, "profiles/detail.html", {"view": view, "profile": view.profile})


@login_required
def data_page(request: HttpRequest) -> HttpResponse:
    return render(request, "profiles/data.html", {"form": DeleteAccountForm(user=request.user)})


@login_required
def data_export(request: HttpRequest) -> HttpResponse:
    data = selectors.personal_data(user=request.user)  # type: ignore[arg-type]
    stamp = timezone.now().strftime("%Y%m%d")
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="learnwork-{request.user.get_username()}-{stamp}.json"'
    )
    return response


@login_required
@require_POST
def account_delete(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST, user=request.user)
    if not form.is_valid():
        return render(request, "profiles/data.html", {"form": form}, status=400)
    user = request.user
    logout(request)
    account_services.account_delete(user=user)  # type: ignore[arg-type]
    messages.success(request, _("Your account and everything in it is deleted. Goodbye."))
    return redirect("home")
