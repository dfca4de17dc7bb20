"""List pages: your lists, and one list's people and skills (add, remove, rename, delete).

The list read as a feed is the posts app's page (`list_feed:detail`, at /lists/<id>/). Every
form here is a plain POST that redirects back (post/redirect/get), so the pages work without
JavaScript; a refused change comes back as a message, or, for the name, next to the field.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from learnwork.accounts.models import User
from learnwork.core.errors import DomainError, NotFound
from learnwork.skills import selectors as skills
from learnwork.social import list_selectors, lists, selectors
from learnwork.social.list_forms import ListForm, PersonForm, SkillRefForm
from learnwork.social.list_selectors import ListDetail

SEARCH_HITS = 10


def _me(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _detail_or_404(request: HttpRequest, list_id: int) -> ListDetail:
    try:
        return list_selectors.list_detail(owner=_me(request), list_id=list_id)
    except NotFound as exc:
        raise Http404(exc.detail) from exc


def _manage_url(list_id: int) -> str:
    return reverse("lists:manage", kwargs={"list_id": list_id})


def _form_error(form: Any, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.detail)


def _index(request: HttpRequest, form: ListForm, status: int = 200) -> HttpResponse:
    return render(request, "social/lists/index.html",
                  {"lists": list_selectors.lists_for(user=_me(request)), "form": form},
                  status=status)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return _index(request, ListForm(auto_id="list-%s"))


@login_required
@require_POST
def create(request: HttpRequest) -> HttpResponse:
    form = ListForm(request.POST, auto_id="list-%s")
    if form.is_valid():
        try:
            created = lists.list_create(owner=_me(request), **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("List “%(name)s” created. Add people and skills to it.")
                             % {"name": created.name})
            return redirect(_manage_url(created.pk))
    return _index(request, form, status=400)


def _manage(request: HttpRequest, detail: ListDetail, *, rename: ListForm | None = None,
            status: int = 200) -> HttpResponse:
    query = request.GET.get("q", "")[:200].strip()
    on_list = {skill.pk for skill in detail.skills}
    hits = skills.skill_search(query=query, limit=SEARCH_HITS) if query else []
    follow_list = detail.follow_list
    context = {
        "detail": detail, "follow_list": follow_list, "q": query,
        "hits": [(hit, hit.skill_id in on_list) for hit in hits],
        "rename": rename or ListForm(initial={"name": follow_list.name,
                                              "description": follow_list.description},
                                     auto_id="rename-%s"),
        "person_form": PersonForm(auto_id="person-%s"),
        "here": _manage_url(follow_list.pk),
    }
    return render(request, "social/lists/manage.html", context, status=status)


@login_required
@require_GET
def manage(request: HttpRequest, list_id: int) -> HttpResponse:
    return _manage(request, _detail_or_404(request, list_id))


@login_required
@require_POST
def update(request: HttpRequest, list_id: int) -> HttpResponse:
    detail = _detail_or_404(request, list_id)
    form = ListForm(request.POST, auto_id="rename-%s")
    if form.is_valid():
        try:
            lists.list_update(owner=_me(request), list_id=list_id, **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("List saved."))
            return redirect(_manage_url(list_id))
    return _manage(request, detail, rename=form, status=400)


@login_required
@require_POST
def delete(request: HttpRequest, list_id: int) -> HttpResponse:
    detail = _detail_or_404(request, list_id)
    lists.list_delete(owner=_me(request), list_id=list_id)
    messages.success(request, _("List “%(name)s” deleted. Nobody on it was told.")
                     % {"name": detail.follow_list.name})
    return redirect("lists:index")


def _then(request: HttpRequest, list_id: int, error: str | None, done: str,
          anchor: str) -> HttpResponse:
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect(f"{_manage_url(list_id)}#{anchor}")


@login_required
@require_POST
def add_person(request: HttpRequest, list_id: int) -> HttpResponse:
    _detail_or_404(request, list_id)
    handle = str(request.POST.get("handle", ""))[:64].strip().lstrip("@")
    if not handle:
        return _then(request, list_id, _("Type the @handle of the person to add."), "", "people")
    error, done = None, ""
    try:
        person = selectors.person_by_handle(handle=handle)
        lists.list_add(owner=_me(request), list_id=list_id, people=[person])
    except DomainError as exc:
        error = exc.detail
    else:
        done = _("@%(handle)s is on the list.") % {"handle": person.username}
    return _then(request, list_id, error, done, "people")


@login_required
@require_POST
def remove_person(request: HttpRequest, list_id: int, handle: str) -> HttpResponse:
    _detail_or_404(request, list_id)
    error, done = None, ""
    try:
        person = selectors.person_by_handle(handle=handle)
        lists.list_remove_person(owner=_me(request), list_id=list_id, person=person)
    except DomainError as exc:
        error = exc.detail
    else:
        done = _("@%(handle)s is off the list.") % {"handle": person.username}
    return _then(request, list_id, error, done, "people")


@login_required
@require_POST
def add_skill(request: HttpRequest, list_id: int) -> HttpResponse:
    _detail_or_404(request, list_id)
    form = SkillRefForm(request.POST)
    if not form.is_valid():
        return _then(request, list_id, _("Search for a skill and pick it from the results."),
                     "", "skills")
    error, done = None, ""
    try:
        skill = skills.skill_get(skill_id=form.cleaned_data["skill_id"])
        lists.list_add(owner=_me(request), list_id=list_id, skill_ids=[skill.pk])
    except DomainError as exc:
        error = exc.detail
    else:
        done = _("%(label)s is on the list, with every narrower skill.") % {"label": skill.label}
    return _then(request, list_id, error, done, "skills")


@login_required
@require_POST
def remove_skill(request: HttpRequest, list_id: int, skill_id: uuid.UUID) -> HttpResponse:
    _detail_or_404(request, list_id)
    error = None
    try:
        lists.list_remove_skill(owner=_me(request), list_id=list_id, skill_id=skill_id)
    except DomainError as exc:
        error = exc.detail
    return _then(request, list_id, error, _("The skill is off the list."), "skills")
