"""The "Who can I learn from" pages: people for each learning goal, with the reasons, and
Follow / Follow only for the goal's skill / Dismiss on each; the dismissed list, to undo.

Every button is a plain form that POSTs and redirects back (with a message), so it all works
without JavaScript; sent by htmx, the same POST answers with the suggestion's card replaced by
what happened (and an undo for a dismissal).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from learnwork.accounts.models import User
from learnwork.core.errors import DomainError, NotFound
from learnwork.recommendations import selectors, services
from learnwork.skills.models import Skill
from learnwork.skills.selectors import skill_get
from learnwork.social.selectors import person_by_handle

DISMISSED_PER_PAGE = 50
ACTIONS = ("follow", "follow_skill", "dismiss", "undismiss")


def _me(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _next(request: HttpRequest) -> str:
    candidate = str(request.POST.get("next") or "")
    if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return candidate
    return reverse("recommendations:learn_from")


@login_required
@require_GET
def learn_from(request: HttpRequest) -> HttpResponse:
    found = selectors.suggestions(reader=_me(request))
    return render(request, "recommendations/learn_from.html",
                  {"found": found, "here": request.get_full_path()})


def _done_message(action: str, person: User, skill: Skill | None) -> str:
    name = {"handle": person.username, "skill": skill.label if skill else ""}
    if action == "follow":
        return _("You follow @%(handle)s for everything they post.") % name
    if action == "follow_skill":
        return _("You follow @%(handle)s for %(skill)s.") % name
    if action == "dismiss":
        return (_("@%(handle)s won't be suggested for %(skill)s again.") % name if skill
                else _("@%(handle)s won't be suggested again.") % name)
    return _("@%(handle)s may be suggested again.") % name


@login_required
@require_POST
def act(request: HttpRequest, handle: str, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    back = _next(request)
    skill_id = request.POST.get("skill") or None
    try:
        person = person_by_handle(handle=handle)
    except NotFound as exc:
        raise Http404(exc.detail) from exc
    me = _me(request)
    error, skill = None, None
    try:
        if action in ("follow_skill", "dismiss", "undismiss") and skill_id is not None:
            skill = skill_get(skill_id=skill_id)
        if action == "follow":
            services.follow_suggested(reader=me, person=person)
        elif action == "follow_skill":
            if skill is None:
                raise NotFound(_("Choose the skill to follow them for."), field="skill")
            services.follow_suggested(reader=me, person=person, skill_id=skill.pk)
        elif action == "dismiss":
            services.dismiss(reader=me, person=person, skill_id=skill.pk if skill else None)
        else:
            services.undismiss_person(reader=me, person=person,
                                      skill_id=skill.pk if skill else None)
    except DomainError as exc:
        error = exc.detail
    done = None if error else _done_message(action, person, skill)
    if _htmx(request):
        # 200 even when refused: htmx swaps only 2xx answers, and the card says what happened.
        context: dict[str, Any] = {"person": person, "name": selectors.display_name(person),
                                   "skill": skill, "action": action, "error": error,
                                   "done": done, "next": back}
        return render(request, "recommendations/_suggestion_done.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, str(done))
    return redirect(back)


@login_required
@require_GET
def dismissed(request: HttpRequest) -> HttpResponse:
    rows = Paginator(selectors.dismissals_for(reader=_me(request)), DISMISSED_PER_PAGE)
    return render(request, "recommendations/dismissed.html",
                  {"page": rows.get_page(request.GET.get("page")),
                   "here": request.get_full_path()})
