"""A list read as its own feed: pages of ten with a plain "Next" link (upgraded by htmx into an
in-place swap), ending with "You've reached the end of this list". Nothing is recorded: reading
a list spends none of the home feed's daily budget."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_http_methods

from learnwork.core.errors import NotFound
from learnwork.posts import list_feed


def _page_param(request: HttpRequest) -> int:
    raw = request.GET.get("page", "")
    return max(1, min(int(raw), list_feed.MAX_PAGE + 1)) if raw.isdigit() else 1


@login_required
@require_http_methods(["GET", "HEAD"])
def detail(request: HttpRequest, list_id: int) -> HttpResponse:
    order = request.GET.get("order") or None
    try:
        page = list_feed.list_feed(reader=request.user,  # type: ignore[arg-type]
                                   list_id=list_id, page=_page_param(request),
                                   order=order if order in list_feed.ORDERS else None)
    except NotFound as exc:
        raise Http404(exc.detail) from exc
    htmx: Any = getattr(request, "htmx", None)
    fragment = bool(htmx) and not htmx.history_restore_request
    template = "posts/list_feed_page.html" if fragment else "posts/list_feed.html"
    response = render(request, template, {"feed": page})
    patch_vary_headers(response, ["HX-Request"])
    return response
