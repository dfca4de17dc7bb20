"""The home feed pages: the feed (a full page, or with htmx only the next page), and the
"Tune your feed" form.

No infinite scroll: the feed is pages of ten with a "Next" link, and it ends with "You're caught
up" once the day's budget is spent. Without JavaScript "Next" is a plain link and the form posts
and redirects; with htmx the same requests swap the feed in place.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from learnwork.core import views as core_views
from learnwork.core.errors import DomainError
from learnwork.posts import feed as selectors
from learnwork.posts import feed_services
from learnwork.posts.feed_forms import FeedSettingsForm

MAX_PAGE = 100


def _htmx(request: HttpRequest) -> bool:
    """An htmx request that wants a fragment (a history restore wants the whole page)."""
    htmx: Any = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def _page_param(request: HttpRequest) -> int | None:
    raw = request.GET.get("page", "")
    if not raw.isdigit():
        return None
    return max(1, min(int(raw), MAX_PAGE))


def _render_feed(request: HttpRequest, *, page: int | None, form: FeedSettingsForm | None = None,
                 template: str = "posts/feed.html", status: int = 200,
                 saved: bool = False) -> HttpResponse:
    user: Any = request.user
    result = selectors.home_feed(reader=user, page=page)
    if request.method != "HEAD":
        feed_services.record_impressions(user=user, post_ids=result.new_post_ids)
    settings = selectors.feed_settings_for(user=user)
    context = {
        "feed": result,
        "form": form or FeedSettingsForm.for_settings(settings, auto_id="tune-%s"),
        "tune_open": form is not None,
        "saved": saved,
    }
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def home(request: HttpRequest) -> HttpResponse:
    """"/": the feed for people who are signed in, the welcome page for everyone else."""
    if not request.user.is_authenticated:
        return core_views.home(request)
    return feed(request)


@login_required
@require_http_methods(["GET", "HEAD"])
def feed(request: HttpRequest) -> HttpResponse:
    template = "posts/feed_page.html" if _htmx(request) else "posts/feed.html"
    return _render_feed(request, page=_page_param(request), template=template)


@login_required
@require_POST
def tune(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = FeedSettingsForm(request.POST, auto_id="tune-%s")
    if form.is_valid():
        try:
            feed_services.feed_settings_update(
                user=user, **form.changes(selectors.feed_settings_for(user=user)))
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.detail)
    if form.errors:
        # htmx swaps only successful responses, so it gets the form with its errors as a 200.
        if _htmx(request):
            return _render_feed(request, page=None, form=form, template="posts/feed_body.html")
        return _render_feed(request, page=None, form=form, status=400)
    if _htmx(request):
        return _render_feed(request, page=None, template="posts/feed_body.html", saved=True)
    messages.success(request, _("Your feed settings are saved."))
    return redirect(reverse("feed:home"))
