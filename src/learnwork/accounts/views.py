"""Settings pages: profile, avatar, privacy and access tokens (thin: forms in, services out)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from learnwork.accounts import selectors, services
from learnwork.accounts.forms import AvatarForm, PrivacyForm, ProfileForm, TokenForm
from learnwork.accounts.models import Profile
from learnwork.core.errors import DomainError


def _add_error(form: object, exc: DomainError) -> None:
    fields = getattr(form, "fields", {})
    form.add_error(exc.field if exc.field in fields else None, exc.detail)  # type: ignore[attr-defined]


def _profile_initial(profile: Profile) -> dict[str, object]:
    return {
        "display_name": profile.display_name, "headline": profile.headline,
        "bio": profile.bio, "location": profile.location,
        "links": ProfileForm.links_to_text(profile.links),
        "timezone": profile.user.timezone,
    }


@login_required
def settings_profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    profile = selectors.profile_for_user(user=user)  # type: ignore[arg-type]
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["links"] = ProfileForm.links_from_text(data["links"])
            try:
                services.profile_update(user=user, **data)  # type: ignore[arg-type]
            except DomainError as exc:
                _add_error(form, exc)
            else:
                messages.success(request, _("Your profile is saved."))
                return redirect("accounts:settings")
    else:
        form = ProfileForm(initial=_profile_initial(profile))
    return render(request, "accounts/settings_profile.html",
                  {"form": form, "profile": profile, "avatar_form": AvatarForm()})


@login_required
@require_POST
def settings_avatar(request: HttpRequest) -> HttpResponse:
    profile = selectors.profile_for_user(user=request.user)  # type: ignore[arg-type]
    if request.POST.get("remove"):
        services.avatar_remove(user=request.user)  # type: ignore[arg-type]
        messages.success(request, _("Your avatar is removed."))
        return redirect("accounts:settings")
    form = AvatarForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.avatar_set(user=request.user,  # type: ignore[arg-type]
                                data=form.cleaned_data["avatar"].read())
        except DomainError as exc:
            form.add_error("avatar", exc.detail)
        else:
            messages.success(request, _("Your new avatar is saved."))
            return redirect("accounts:settings")
    profile_form = ProfileForm(initial=_profile_initial(profile))
    return render(request, "accounts/settings_profile.html",
                  {"form": profile_form, "profile": profile, "avatar_form": form}, status=400)


@login_required
def settings_privacy(request: HttpRequest) -> HttpResponse:
    profile = selectors.profile_for_user(user=request.user)  # type: ignore[arg-type]
    form = PrivacyForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        services.profile_set_visibility(
            user=request.user,  # type: ignore[arg-type]
            about=form.cleaned_data["about_visibility"],
            skills=form.cleaned_data["skills_visibility"],
            goals=form.cleaned_data["goals_visibility"],
        )
        messages.success(request, _("Your privacy settings are saved."))
        return redirect("accounts:privacy")
    return render(request, "accounts/settings_privacy.html", {"form": form})


@login_required
def settings_tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = services.access_token_create(
                user=request.user,  # type: ignore[arg-type]
                name=form.cleaned_data["name"], scope=form.cleaned_data["scope"],
            )
        except DomainError as exc:
            _add_error(form, exc)
        else:
            form = TokenForm()
    tokens = selectors.access_tokens_for(user=request.user)  # type: ignore[arg-type]
    return render(request, "accounts/settings_tokens.html",
                  {"form": form, "tokens": tokens, "secret": secret})


@login_required
@require_POST
def settings_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        services.access_token_revoke(user=request.user, token_id=token_id)  # type: ignore[arg-type]
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, _("The token is revoked. Anything using it stops working now."))
    return redirect("accounts:tokens")
