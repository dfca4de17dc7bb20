"""Posts pages: compose and edit (with skill suggestions), a post with its comment thread,
reactions, and saved posts.

Every form works without JavaScript (post, then redirect; a refused request re-renders the page
with the message by the field). With htmx, skill suggestions, the skill search and reactions
swap in small partials instead.

Composing without JavaScript takes two steps: the first "Publish" without skills shows the
suggested skills, ticked, for the author to confirm; the second publishes.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from learnwork.core.errors import DomainError, NotFound
from learnwork.posts import selectors, services
from learnwork.posts.forms import CommentForm, PostForm
from learnwork.posts.models import COMMENT_MAX_CHARS, POST_MAX_CHARS, Post, Reaction
from learnwork.posts.suggest import suggest_skills
from learnwork.skills.selectors import skill_search

MAX_SEARCH = 10


@dataclass(frozen=True)
class SkillChoice:
    id: uuid.UUID
    label: str
    kind: str
    checked: bool
    phrase: str = ""


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _next(request: HttpRequest) -> str | None:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return None


def _choices(*, chosen_ids: list[str], text: str, query: str, preselect: bool,
             with_suggestions: bool = True) -> list[SkillChoice]:
    """The skill checkboxes of the editor: what is ticked, then suggestions, then search hits."""
    chosen = selectors.skills_by_id(skill_ids=chosen_ids)
    choices = [SkillChoice(s.pk, s.label, s.kind, True) for s in chosen]
    seen = {s.pk for s in chosen}
    if with_suggestions:
        for hit in suggest_skills(text=text, exclude=seen):
            choices.append(SkillChoice(hit.skill_id, hit.label, hit.kind, preselect,
                                       hit.matched_phrase))
            seen.add(hit.skill_id)
    for found in skill_search(query=query, limit=MAX_SEARCH) if query.strip() else []:
        if found.skill_id not in seen:
            choices.append(SkillChoice(found.skill_id, found.label, found.kind, False))
            seen.add(found.skill_id)
    return choices


def _editor_page(request: HttpRequest, *, post: Post | None, form: PostForm,
                 choices: list[SkillChoice], review: bool, status: int = 200) -> HttpResponse:
    return render(request, "posts/compose.html", {
        "post": post, "form": form, "choices": choices, "review": review or post is not None,
        "max_chars": POST_MAX_CHARS, "max_skills": services.MAX_SKILLS,
    }, status=status)


def _editor(request: HttpRequest, post: Post | None) -> HttpResponse:
    if request.method != "POST":
        initial = {"body": post.body, "visibility": post.visibility} if post else {}
        choices = ([SkillChoice(s.pk, s.label, s.kind, True) for s in post.skills.all()]
                   if post else [])
        return _editor_page(request, post=post, form=PostForm(initial=initial),
                            choices=choices, review=False)
    form = PostForm(request.POST)
    form.is_valid()  # every field is optional: the service judges the values
    data = form.cleaned_data
    confirmed = data["confirm"] or post is not None
    if data["action"] != "publish" or (not data["skill_ids"] and not confirmed):
        try:
            body = services.check_post_body(data.get("body") or "")
        except DomainError as exc:
            form.add_error("body", exc.detail)
            body = ""
        choices = _choices(chosen_ids=data["skill_ids"], text=body,
                           query=data.get("skill_q") or "", preselect=not confirmed)
        return _editor_page(request, post=post, form=form, choices=choices, review=True,
                            status=400 if form.errors else 200)
    values = {"body": data.get("body") or "", "skill_ids": data["skill_ids"],
              "visibility": data["visibility"]}
    try:
        if post is None:
            post = services.post_publish(author=request.user, **values)  # type: ignore[arg-type]
            messages.success(request, _("Published."))
        else:
            services.post_edit(user=request.user, post_id=post.pk, **values)  # type: ignore[arg-type]
            messages.success(request, _("Saved."))
    except DomainError as exc:
        form.add_error(exc.field if exc.field in ("body", "visibility") else None, exc.detail)
        choices = _choices(chosen_ids=data["skill_ids"], text="", query="", preselect=False,
                           with_suggestions=False)
        return _editor_page(request, post=post, form=form, choices=choices,
                            review=confirmed, status=400)
    return redirect("posts:detail", post_id=post.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def compose(request: HttpRequest) -> HttpResponse:
    return _editor(request, None)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request: HttpRequest, post_id: int) -> HttpResponse:
    try:
        post = selectors.own_post(user=request.user, post_id=post_id)  # type: ignore[arg-type]
    except NotFound as exc:
        raise Http404(exc.detail) from exc
    return _editor(request, post)


@login_required
@require_POST
def suggest(request: HttpRequest) -> HttpResponse:
    """htmx: suggested skills for the text in the editor, as ticked checkboxes."""
    choices = _choices(chosen_ids=[], text=request.POST.get("body", "")[:POST_MAX_CHARS * 2],
                       query="", preselect=True)
    chosen = set(request.POST.getlist("skill_ids"))
    choices = [c for c in choices if str(c.id) not in chosen]
    return render(request, "posts/_suggestions.html", {"choices": choices})


@login_required
@require_GET
def skill_search_partial(request: HttpRequest) -> HttpResponse:
    """htmx: skills matching what the author types, each with a button to add it."""
    query = request.GET.get("skill_q", "")[:200]
    hits = skill_search(query=query, limit=MAX_SEARCH) if query.strip() else []
    return render(request, "posts/_skill_hits.html", {"hits": hits, "q": query})


@login_required
@require_GET
def skill_pick(request: HttpRequest) -> HttpResponse:
    """htmx: one ticked checkbox for a skill picked from the search."""
    found = selectors.skills_by_id(skill_ids=[request.GET.get("skill_id", "")])
    if not found:
        raise Http404(_("There is no skill with that id."))
    skill = found[0]
    return render(request, "posts/_skill_choice.html",
                  {"choice": SkillChoice(skill.pk, skill.label, skill.kind, True)})


def _detail_page(request: HttpRequest, post_id: int, *, form: CommentForm | None = None,
                 reply_to: int | None = None, status: int = 200) -> HttpResponse:
    try:
        post = selectors.post_detail(viewer=request.user, post_id=post_id)
    except NotFound as exc:
        raise Http404(exc.detail) from exc
    context: dict[str, Any] = {
        "post": post,
        "tree": selectors.comments_tree(post=post, viewer=request.user),
        "mine": selectors.viewer_reactions(viewer=request.user, post_ids=[post.pk])[post.pk],
        "comment_form": form or CommentForm(),
        "comment_errors": [str(m) for errors in (form.errors.values() if form else [])
                           for m in errors],
        "reply_to": reply_to,
        "max_chars": COMMENT_MAX_CHARS,
    }
    return render(request, "posts/detail.html", context, status=status)


@require_http_methods(["GET", "HEAD"])
def detail(request: HttpRequest, post_id: int) -> HttpResponse:
    return _detail_page(request, post_id)


@login_required
@require_POST
def comment_add(request: HttpRequest, post_id: int) -> HttpResponse:
    form = CommentForm(request.POST)
    reply_to = None
    if form.is_valid():
        reply_to = form.cleaned_data.get("parent_id")
        try:
            post = selectors.post_detail(viewer=request.user, post_id=post_id)
            comment = services.comment_add(author=request.user,  # type: ignore[arg-type]
                                           post=post, body=form.cleaned_data["body"],
                                           parent_id=reply_to)
        except NotFound as exc:
            raise Http404(exc.detail) from exc
        except DomainError as exc:
            form.add_error("body", exc.detail)
        else:
            return redirect(f"{reverse('posts:detail', args=[post_id])}#comment-{comment.pk}")
    return _detail_page(request, post_id, form=form, reply_to=reply_to, status=400)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def comment_edit(request: HttpRequest, post_id: int, comment_id: int) -> HttpResponse:
    try:
        comment = selectors.comment_for_edit(user=request.user,  # type: ignore[arg-type]
                                             comment_id=comment_id)
    except NotFound as exc:
        raise Http404(exc.detail) from exc
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_edit(user=request.user,  # type: ignore[arg-type]
                                  comment_id=comment.pk, body=form.cleaned_data["body"])
        except DomainError as exc:
            form.add_error("body", exc.detail)
        else:
            messages.success(request, _("Comment saved."))
            return redirect(f"{reverse('posts:detail', args=[comment.post_id])}"
                            f"#comment-{comment.pk}")
    return render(request, "posts/comment_edit.html",
                  {"comment": comment, "form": form, "max_chars": COMMENT_MAX_CHARS},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def comment_delete(request: HttpRequest, post_id: int, comment_id: int) -> HttpResponse:
    try:
        services.comment_delete(user=request.user, comment_id=comment_id)  # type: ignore[arg-type]
    except NotFound as exc:
        raise Http404(exc.detail) from exc
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, _("Comment deleted."))
    return redirect(f"{reverse('posts:detail', args=[post_id])}#comments")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete(request: HttpRequest, post_id: int) -> HttpResponse:
    try:
        post = selectors.own_post(user=request.user, post_id=post_id)  # type: ignore[arg-type]
    except NotFound as exc:
        raise Http404(exc.detail) from exc
    if request.method == "POST":
        services.post_delete(user=request.user, post_id=post.pk)  # type: ignore[arg-type]
        messages.success(request, _("Your post is deleted, with its comments and reactions."))
        return redirect("profiles:detail", handle=request.user.get_username())
    return render(request, "posts/delete.html", {"post": post})


@login_required
@require_POST
def react(request: HttpRequest, post_id: int, kind: str) -> HttpResponse:
    """Add (on=1) or take back (on=0) a reaction: a partial for htmx, else a redirect."""
    if kind not in Reaction.Kind.values:
        raise Http404(_("There is no such reaction."))
    error = None
    try:
        post = selectors.post_detail(viewer=request.user, post_id=post_id)
        if request.POST.get("on", "1") == "0":
            services.unreact(user=request.user, post=post, kind=kind)  # type: ignore[arg-type]
        else:
            services.react(user=request.user, post=post, kind=kind)  # type: ignore[arg-type]
    except DomainError as exc:
        if exc.code == "not_found":
            raise Http404(exc.detail) from exc
        error = exc.detail
    if _htmx(request):
        post = selectors.post_detail(viewer=request.user, post_id=post_id)
        mine = selectors.viewer_reactions(viewer=request.user, post_ids=[post.pk])[post.pk]
        return render(request, "posts/_reactions.html",
                      {"post": post, "mine": mine, "error": error, "next": _next(request)})
    if error:
        messages.error(request, error)
    return redirect(_next(request) or reverse("posts:detail", args=[post_id]))


@login_required
@require_GET
def saved(request: HttpRequest) -> HttpResponse:
    posts = selectors.saved_posts(user=request.user)  # type: ignore[arg-type]
    reactions = selectors.viewer_reactions(viewer=request.user, post_ids=[p.pk for p in posts])
    return render(request, "posts/saved.html", {"posts": posts, "reactions": reactions})
