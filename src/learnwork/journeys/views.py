"""Journey pages: add, edit, delete, hide and share a record, and the journey's charts as SVG
images of their own.

Every form works without JavaScript (post, then redirect; a refused request re-renders the page
with the message by the field). With htmx, the skill search and the skill suggestions swap in
small partials; the search reuses the post editor's endpoints and partials.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from learnwork.accounts.models import User
from learnwork.core.errors import DomainError, NotFound
from learnwork.journeys import charts, selectors, services
from learnwork.journeys.forms import CONFIRMED_EDITABLE, RecordForm, ShareForm
from learnwork.journeys.localtime import local_date
from learnwork.journeys.models import RECORD_MAX_SKILLS, LearningRecord
from learnwork.journeys.pages import skill_bars
from learnwork.posts.models import POST_MAX_CHARS
from learnwork.posts.selectors import skills_by_id
from learnwork.posts.suggest import suggest_skills
from learnwork.skills.selectors import skill_search
from learnwork.social.selectors import profile_by_handle

MAX_SEARCH = 10


@dataclass(frozen=True)
class SkillChoice:
    id: uuid.UUID
    label: str
    kind: str
    checked: bool
    phrase: str = ""


def _profile_url(request: HttpRequest, anchor: str = "journey") -> str:
    return f"{reverse('profiles:detail', args=[request.user.get_username()])}#{anchor}"


def _next(request: HttpRequest, fallback: str) -> str:
    target = str(request.POST.get("next") or "")
    if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


def _choices(*, chosen_ids: list[str], text: str = "", query: str = "") -> list[SkillChoice]:
    """The skill checkboxes: what is ticked, then suggestions from the text (ticked, since
    the person asked for them), then search hits to tick."""
    chosen = skills_by_id(skill_ids=chosen_ids)
    choices = [SkillChoice(s.pk, s.label, s.kind, True) for s in chosen]
    seen = {s.pk for s in chosen}
    for hit in suggest_skills(text=text, exclude=seen) if text.strip() else []:
        choices.append(SkillChoice(hit.skill_id, hit.label, hit.kind, True, hit.matched_phrase))
        seen.add(hit.skill_id)
    for found in skill_search(query=query, limit=MAX_SEARCH) if query.strip() else []:
        if found.skill_id not in seen:
            choices.append(SkillChoice(found.skill_id, found.label, found.kind, False))
            seen.add(found.skill_id)
    return choices


def _editor_page(request: HttpRequest, *, record: LearningRecord | None, form: RecordForm,
                 choices: list[SkillChoice], status: int = 200) -> HttpResponse:
    return render(request, "journeys/edit.html", {
        "record": record, "form": form, "choices": choices, "max_skills": RECORD_MAX_SKILLS,
        "confirmed": bool(record and record.confirmed_by),
    }, status=status)


def _initial(record: LearningRecord) -> dict[str, object]:
    return {"kind": record.kind, "title": record.title, "source_name": record.source_name,
            "url": record.url, "status": record.status, "started_on": record.started_on,
            "finished_on": record.finished_on, "reflection": record.reflection,
            "visibility": record.visibility}


def _save(request: HttpRequest, record: LearningRecord | None,
          form: RecordForm) -> LearningRecord:
    values = form.values()
    if record is None:
        return services.record_create(user=request.user, **values)  # type: ignore[arg-type]
    if record.confirmed_by:
        values = {name: values[name] for name in CONFIRMED_EDITABLE}
    return services.record_update(user=request.user,  # type: ignore[arg-type]
                                  record_id=record.pk, **values)


def _editor(request: HttpRequest, record: LearningRecord | None) -> HttpResponse:
    if request.method != "POST":
        form = RecordForm(initial=_initial(record) if record else None)
        choices = ([SkillChoice(s.pk, s.label, s.kind, True) for s in record.skills.all()]
                   if record else [])
        return _editor_page(request, record=record, form=form, choices=choices)
    if record is not None and record.confirmed_by:
        # What was confirmed is not a form field at all: it comes back unchanged.
        sent = request.POST.copy()
        for name, value in _initial(record).items():
            if name not in CONFIRMED_EDITABLE:
                sent[name] = "" if value is None else str(value)
        sent.setlist("skill_ids", [str(s.pk) for s in record.skills.all()])
        form = RecordForm(sent)
    else:
        form = RecordForm(request.POST)
    valid = form.is_valid()
    data = form.cleaned_data
    if valid and data["action"] == "save":
        try:
            saved = _save(request, record, form)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.detail)
        else:
            messages.success(request, _("Saved to your journey.") if record
                             else _("Added to your journey."))
            return redirect(_profile_url(request, f"record-{saved.pk}"))
    text = ""
    if data.get("action") == "suggest":
        text = f"{data.get('title') or ''}\n{data.get('reflection') or ''}"
    choices = _choices(chosen_ids=list(data.get("skill_ids") or []), text=text,
                       query=(data.get("skill_q") or "") if data.get("action") == "find" else "")
    return _editor_page(request, record=record, form=form, choices=choices,
                        status=400 if form.errors else 200)


def _own_or_404(request: HttpRequest, record_id: int) -> LearningRecord:
    try:
        return selectors.own_record(user=request.user, record_id=record_id)  # type: ignore[arg-type]
    except NotFound as exc:
        raise Http404(exc.detail) from exc


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    return redirect(_profile_url(request))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    return _editor(request, None)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request: HttpRequest, record_id: int) -> HttpResponse:
    return _editor(request, _own_or_404(request, record_id))


@login_required
@require_POST
def suggest(request: HttpRequest) -> HttpResponse:
    """htmx: skills found in the title and reflection, as ticked checkboxes."""
    text = f"{request.POST.get('title', '')}\n{request.POST.get('reflection', '')}"
    chosen = set(request.POST.getlist("skill_ids"))
    choices = [c for c in _choices(chosen_ids=[], text=text[:POST_MAX_CHARS])
               if str(c.id) not in chosen]
    return render(request, "journeys/_suggestions.html", {"choices": choices})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete(request: HttpRequest, record_id: int) -> HttpResponse:
    record = _own_or_404(request, record_id)
    if request.method == "POST":
        services.record_delete(user=request.user, record_id=record.pk)  # type: ignore[arg-type]
        messages.success(request, _("Removed from your journey."))
        return redirect(_profile_url(request))
    return render(request, "journeys/delete.html", {"record": record})


@login_required
@require_POST
def hide(request: HttpRequest, record_id: int) -> HttpResponse:
    record = _own_or_404(request, record_id)
    hidden = request.POST.get("hidden", "1") != "0"
    services.record_set_hidden(user=request.user,  # type: ignore[arg-type]
                               record_id=record.pk, hidden=hidden)
    messages.success(request, _("Hidden from your profile. Only you see it now.") if hidden
                     else _("Shown on your profile again."))
    return redirect(_next(request, _profile_url(request, f"record-{record.pk}")))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def share(request: HttpRequest, record_id: int) -> HttpResponse:
    record = _own_or_404(request, record_id)
    if record.shared_post_id is not None:
        messages.info(request, _("You already shared this as a post."))
        return redirect("posts:detail", post_id=record.shared_post_id)
    form = ShareForm(request.POST or None,
                     initial={"body": services.default_share_body(record)})
    if request.method == "POST" and form.is_valid():
        try:
            post = services.record_share_as_post(user=request.user,  # type: ignore[arg-type]
                                                 record_id=record.pk,
                                                 body=form.cleaned_data["body"])
        except DomainError as exc:
            form.add_error("body" if exc.field in (None, "body") else None, exc.detail)
        else:
            messages.success(request, _("Shared as a post."))
            return redirect("posts:detail", post_id=post.pk)
    return render(request, "journeys/share.html",
                  {"record": record, "form": form, "max_chars": POST_MAX_CHARS},
                  status=400 if form.errors else 200)


def _svg_response(svg: str) -> HttpResponse:
    response = HttpResponse(charts.standalone(svg), content_type="image/svg+xml; charset=utf-8")
    # What each viewer may see differs, so only their own browser keeps a copy; and an image
    # opened on its own runs nothing.
    response["Cache-Control"] = "private, max-age=300"
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


def _owner(handle: str) -> User:
    try:
        return profile_by_handle(handle=handle).user
    except NotFound as exc:
        raise Http404(exc.detail) from exc


@require_GET
def heatmap_svg(request: HttpRequest, handle: str) -> HttpResponse:
    owner = _owner(handle)
    activity = selectors.activity_by_day(viewer=request.user, owner=owner)
    return _svg_response(charts.heatmap_svg(activity, end=local_date(owner)))


@require_GET
def skills_svg(request: HttpRequest, handle: str) -> HttpResponse:
    owner = _owner(handle)
    evidence = selectors.skill_evidence(viewer=request.user, owner=owner)
    return _svg_response(charts.skills_chart_svg(skill_bars(evidence)))
