"""Template tags for pages owned by apps below recommendations (the home feed, in posts), whose
views cannot ask recommendations for anything: the tag calls the selector and renders."""

from __future__ import annotations

from typing import Any

from django import template

from learnwork.recommendations import selectors

register = template.Library()


@register.inclusion_tag("recommendations/_starter.html", takes_context=True)
def starter_suggestions(context: template.Context) -> dict[str, Any]:
    """On a member's first day: a few people to learn their goals from, with Follow buttons.
    Later: only a link to the full page (and no queries)."""
    request = context["request"]
    user = request.user
    first_day = user.is_authenticated and selectors.is_first_day(user)
    found = selectors.suggestions(reader=user) if first_day else None
    return {
        "first_day": first_day,
        "people": found.first_day() if found else [],
        "has_goals": bool(found and found.goals),
        "ready": bool(found and found.ready),
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "next": request.get_full_path(),
    }
