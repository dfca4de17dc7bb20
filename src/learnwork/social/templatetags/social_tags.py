"""Template tags for pages owned by apps below social (skills), whose views cannot ask social
for state: the tag fetches the control through a selector and renders it."""

from __future__ import annotations

from typing import Any

from django import template

from learnwork.skills.models import Skill
from learnwork.social import selectors

register = template.Library()


@register.inclusion_tag("social/_skill_control.html", takes_context=True)
def skill_social_control(context: template.Context, skill: Skill) -> dict[str, Any]:
    request = context["request"]
    return {
        "control": selectors.skill_control(viewer=request.user, skill=skill),
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "next": request.get_full_path(),
    }
