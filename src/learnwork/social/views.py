"""Social pages and controls: follow (for everything or chosen skills), mute and block.

Every control is a plain form that POSTs and then redirects back to a `next` address on this
site, so it works without JavaScript; sent by htmx, the same POST answers with the refreshed
control instead of a redirect.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from learnwork.accounts.models import Profile, User
from learnwork.core.errors import DomainError, NotFound
from learnwork.skills import selectors as skills
from learnwork.skills.models import Skill
from learnwork.social import selectors, services
from learnwork.social.forms import MuteWordForm
from learnwork.social.models import Mute

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

FOLLOWS_PER_PAGE = 50


@dataclass(frozen=True)
class _Action:
    run: Callable[[User, Any, QueryDict], object]
    done: StrOrPromise


def _topics(data: QueryDict) -> list[str]:
    return data.getlist("topics")


PERSON_ACTIONS = {
    "follow": _Action(lambda me, other, data: services.follow(
        follower=me, followee=other, topic_skill_ids=_topics(data)),
        gettext_lazy("You follow @%(name)s.")),
    "topics": _Action(lambda me, other, data: services.set_follow_topics(
        follower=me, followee=other, topic_skill_ids=_topics(data)),
        gettext_lazy("Saved what you follow @%(name)s for.")),
    "unfollow": _Action(lambda me, other, data: services.unfollow(follower=me, followee=other),
                        gettext_lazy("You no longer follow @%(name)s.")),
    "mute": _Action(lambda me, other, data: services.mute_person(user=me, person=other),
                    gettext_lazy("@%(name)s is muted. They are not told.")),
    "unmute": _Action(lambda me, other, data: services.unmute_person(user=me, person=other),
                      gettext_lazy("@%(name)s is no longer muted.")),
    "block": _Action(lambda me, other, data: services.block(blocker=me, blocked=other),
                     gettext_lazy("You blocked @%(name)s. Neither of you sees the other now, "
                                  "and follows between you have ended.")),
    "unblock": _Action(lambda me, other, data: services.unblock(blocker=me, blocked=other),
                       gettext_lazy("You unblocked @%(name)s.")),
}

SKILL_ACTIONS = {
    "follow": _Action(lambda me, skill, data: services.skill_follow(user=me, skill_id=skill.pk),
                      gettext_lazy("You follow %(name)s.")),
    "unfollow": _Action(
        lambda me, skill, data: services.skill_unfollow(user=me, skill_id=skill.pk),
        gettext_lazy("You no longer follow %(name)s.")),
    "mute": _Action(lambda me, skill, data: services.mute_skill(user=me, skill_id=skill.pk),
                    gettext_lazy("%(name)s is muted, with every narrower skill.")),
    "unmute": _Action(lambda me, skill, data: services.unmute_skill(user=me, skill_id=skill.pk),
                      gettext_lazy("%(name)s is no longer muted.")),
}


def safe_next(request: HttpRequest, fallback: str) -> str:
    """The `next` address sent with the form, if it points into this site; else `fallback`."""
    candidate = str(request.POST.get("next") or request.GET.get("next") or "")
    if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return candidate
    return fallback


def _act(request: HttpRequest, action: _Action, target: Any,
         name: str) -> tuple[str | None, str | None]:
    """Run `action`; returns (error, done message)."""
    try:
        action.run(request.user, target, request.POST)  # type: ignore[arg-type]
    except DomainError as exc:
        return exc.detail, None
    return None, str(action.done) % {"name": name}


def _answer(request: HttpRequest, back: str, error: str | None, done: str | None,
            template: str, context: dict[str, Any]) -> HttpResponse:
    if getattr(request, "htmx", False):
        # 200 even when refused: htmx swaps in only 2xx answers, and the control itself says
        # what went wrong (in its live region).
        return render(request, template, {**context, "error": error, "done": done, "next": back})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, str(done))
    return redirect(back)


def _profile_or_404(handle: str) -> Profile:
    try:
        return selectors.profile_by_handle(handle=handle)
    except NotFound as exc:
        raise Http404(exc.detail) from exc


def _skill_or_404(skill_id: uuid.UUID) -> Skill:
    try:
        return skills.skill_get(skill_id=skill_id)
    except NotFound as exc:
        raise Http404(exc.detail) from exc


@require_POST
def person_action(request: HttpRequest, handle: str, action: str) -> HttpResponse:
    act = PERSON_ACTIONS.get(action)
    if act is None:
        raise Http404
    profile = _profile_or_404(handle)
    back = safe_next(request, reverse("profiles:detail",
                                      kwargs={"handle": profile.user.username}))
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    error, done = _act(request, act, profile.user, profile.user.username)
    control = (selectors.person_control(viewer=request.user, profile=profile)
               if getattr(request, "htmx", False) else None)
    return _answer(request, back, error, done, "social/_person_control_inner.html",
                   {"control": control})


@require_POST
def skill_action(request: HttpRequest, skill_id: uuid.UUID, action: str) -> HttpResponse:
    act = SKILL_ACTIONS.get(action)
    if act is None:
        raise Http404
    skill = _skill_or_404(skill_id)
    back = safe_next(request, reverse("skills:detail", kwargs={"skill_id": skill.pk}))
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    error, done = _act(request, act, skill, skill.label)
    control = (selectors.skill_control(viewer=request.user, skill=skill)
               if getattr(request, "htmx", False) else None)
    return _answer(request, back, error, done, "social/_skill_control_inner.html",
                   {"control": control})


@login_required
@require_GET
def person(request: HttpRequest, handle: str) -> HttpResponse:
    """One person's follow control on its own page, reached from the following list."""
    profile = _profile_or_404(handle)
    control = selectors.person_control(viewer=request.user, profile=profile)
    return render(request, "social/person.html", {"control": control, "profile": profile})


def _following_page(request: HttpRequest, word_form: MuteWordForm,
                    status: int = 200) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    follows = Paginator(selectors.following_for(user=user), FOLLOWS_PER_PAGE)
    mutes = selectors.mutes_for(user=user)
    context = {
        "follows": follows.get_page(request.GET.get("page")),
        "skill_follows": selectors.skill_follows_for(user=user),
        "muted_words": [m for m in mutes if m.kind == Mute.Kind.WORD],
        "muted_people": [m for m in mutes if m.kind == Mute.Kind.PERSON],
        "muted_skills": [m for m in mutes if m.kind == Mute.Kind.SKILL],
        "blocks": selectors.blocks_for(user=user),
        "word_form": word_form,
        "here": reverse("social:following"),
    }
    return render(request, "social/following.html", context, status=status)


@login_required
@require_GET
def following(request: HttpRequest) -> HttpResponse:
    return _following_page(request, MuteWordForm(auto_id="mute-%s"))


@login_required
@require_POST
def mute_word(request: HttpRequest) -> HttpResponse:
    form = MuteWordForm(request.POST, auto_id="mute-%s")
    if form.is_valid():
        try:
            mute = services.mute_word(user=request.user,  # type: ignore[arg-type]
                                      word=form.cleaned_data["word"])
        except DomainError as exc:
            form.add_error("word", exc.detail)
        else:
            messages.success(request, _("“%(word)s” is muted.") % {"word": mute.word})
            return redirect(f"{reverse('social:following')}#mutes")
    return _following_page(request, form, status=400)


@login_required
@require_POST
def unmute(request: HttpRequest, mute_id: int) -> HttpResponse:
    back = safe_next(request, f"{reverse('social:following')}#mutes")
    try:
        services.unmute(user=request.user, mute_id=mute_id)  # type: ignore[arg-type]
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, _("Unmuted."))
    return redirect(back)
