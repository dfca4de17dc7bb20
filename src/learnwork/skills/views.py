"""Skills pages: browse, search (full page or htmx partial), a concept, and my skills and goals.

Every form posts back to the page it is on and works without JavaScript: success redirects
(post/redirect/get), a domain error re-renders the page with the message next to the field.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from learnwork.core.errors import DomainError, NotFound
from learnwork.skills import selectors, services
from learnwork.skills.forms import (
    GoalEditForm,
    GoalForm,
    GoalRefForm,
    SkillRefForm,
    UserSkillForm,
    user_skill_initial,
)
from learnwork.skills.models import Skill
from learnwork.skills.search import SkillHit

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

KIND_LABELS = dict(Skill.Kind.choices)


@dataclass(frozen=True)
class _Action:
    form: type[forms.Form]
    run: Callable[..., Any]
    done: StrOrPromise
    anchor: str


ACTIONS = {
    "skill_add": _Action(UserSkillForm, partial(services.user_skill_set, must_be_new=True),
                         _("Added to your skills. Set your level below."), "skills"),
    "skill_save": _Action(UserSkillForm, services.user_skill_set, _("Skill saved."), "skills"),
    "skill_remove": _Action(SkillRefForm, services.user_skill_remove, _("Skill removed."),
                            "skills"),
    "goal_add": _Action(GoalForm, services.goal_add, _("Added to your learning goals."),
                        "goals"),
    "goal_update": _Action(GoalEditForm, services.goal_update, _("Goal saved."), "goals"),
    "goal_remove": _Action(GoalRefForm, services.goal_remove, _("Goal removed."), "goals"),
}


@dataclass
class Outcome:
    action: str
    key: str
    form: forms.Form
    ok: bool


def auto_id(action: str, key: Any) -> str:
    # Several copies of a form share one page, so each gets its own ids for <label for>.
    return f"{action}-{key}-%s"


def _perform(request: HttpRequest, data: Any, allowed: set[str]) -> Outcome | None:
    name = str(data.get("action", ""))
    action = ACTIONS.get(name) if name in allowed else None
    if action is None:
        return None
    key = str(data.get("goal_id") or data.get("skill_id") or "new")
    form = action.form(data, auto_id=auto_id(name, key))
    outcome = Outcome(name, key, form, ok=False)
    if form.is_valid():
        try:
            action.run(user=request.user, **form.cleaned_data)
        except DomainError as exc:
            visible = {f.name for f in form.visible_fields()}
            form.add_error(exc.field if exc.field in visible else None, exc.detail)
        else:
            messages.success(request, action.done)
            outcome.ok = True
    return outcome


def _hits(query: str, limit: int) -> list[tuple[SkillHit, str]]:
    return [(hit, str(KIND_LABELS.get(hit.kind, hit.kind)))
            for hit in selectors.skill_search(query=query, limit=limit)]


@require_GET
def browse(request: HttpRequest) -> HttpResponse:
    return render(request, "skills/browse.html", {"groups": selectors.top_groups()})


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:200]
    is_htmx = bool(getattr(request, "htmx", False))
    context = {"q": query, "hits": _hits(query, 10 if is_htmx else 25),
               "add_mode": request.GET.get("mode") == "add" and request.user.is_authenticated}
    template = "skills/_results.html" if is_htmx else "skills/search.html"
    return render(request, template, context)


@require_http_methods(["GET", "HEAD", "POST"])
def detail(request: HttpRequest, skill_id: uuid.UUID) -> HttpResponse:
    outcome = None
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        data = request.POST.copy()
        data["skill_id"] = str(skill_id)
        outcome = _perform(request, data, {"skill_save", "goal_add"})
        if outcome is None:
            return HttpResponseBadRequest()
        if outcome.ok:
            return redirect(request.path)
    try:
        found = selectors.skill_detail(skill_id=skill_id)
    except NotFound as exc:
        raise Http404(exc.detail) from exc
    context: dict[str, Any] = {"d": found, "kind_label": KIND_LABELS.get(found.skill.kind)}
    if request.user.is_authenticated:
        held = selectors.user_skill_for(user=request.user, skill_id=skill_id)
        goal = selectors.goal_for(user=request.user, skill_id=skill_id)
        initial = (user_skill_initial(skill_id, held.proficiency, held.level, held.evidence)
                   if held else {"skill_id": skill_id})
        context.update(
            held=held, goal=goal,
            skill_form=_pick(outcome, "skill_save") or UserSkillForm(
                initial=initial, auto_id=auto_id("skill_save", skill_id)),
            goal_form=_pick(outcome, "goal_add") or GoalForm(
                initial={"skill_id": skill_id}, auto_id=auto_id("goal_add", skill_id)),
        )
    return render(request, "skills/detail.html", context, status=400 if outcome else 200)


def _pick(outcome: Outcome | None, action: str, key: str | None = None) -> forms.Form | None:
    if outcome is not None and outcome.action == action and (key is None or outcome.key == key):
        return outcome.form
    return None


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def mine(request: HttpRequest) -> HttpResponse:
    outcome = None
    if request.method == "POST":
        outcome = _perform(request, request.POST, set(ACTIONS))
        if outcome is None:
            return HttpResponseBadRequest()
        if outcome.ok:
            return redirect(f"{reverse('skills:mine')}#{ACTIONS[outcome.action].anchor}")
    query = request.GET.get("q", "")[:200]
    user = request.user
    skills = [
        (us, _pick(outcome, "skill_save", str(us.skill_id)) or UserSkillForm(
            initial=user_skill_initial(us.skill_id, us.proficiency, us.level, us.evidence),
            auto_id=auto_id("skill_save", us.skill_id)))
        for us in selectors.skills_for_profile(user=user)  # type: ignore[arg-type]
    ]
    goals = [
        (goal, _pick(outcome, "goal_update", str(goal.pk)) or GoalEditForm(
            initial={"goal_id": goal.pk, "why": goal.why, "target_date": goal.target_date},
            auto_id=auto_id("goal_update", goal.pk)))
        for goal in selectors.goals_for_profile(user=user)  # type: ignore[arg-type]
    ]
    context = {
        "q": query, "hits": _hits(query, 10) if query else [], "add_mode": True,
        "skills": skills, "goals": goals,
        "add_errors": _errors(outcome, {"skill_add", "goal_add"}),
        "skill_errors": _errors(outcome, {"skill_remove"}),
        "goal_errors": _errors(outcome, {"goal_remove"}),
    }
    return render(request, "skills/mine.html", context, status=400 if outcome else 200)


def _errors(outcome: Outcome | None, actions: set[str]) -> list[str]:
    if outcome is None or outcome.action not in actions:
        return []
    return [str(message) for errors in outcome.form.errors.values() for message in errors]
