"""Template helpers for post cards: which reactions are the viewer's, and the buttons."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from django import template
from django.utils.translation import gettext as _

from learnwork.posts.models import Reaction

register = template.Library()


@register.simple_tag
def kinds_for(post: Any, kinds: Any = None, reactions: Any = None) -> Collection[str]:
    """The viewer's reactions to `post`: `kinds` when the includer passed that post's set,
    else looked up in `reactions` (post id → set, as `selectors.viewer_reactions` returns)."""
    if isinstance(kinds, set | frozenset | list | tuple):
        return kinds
    if isinstance(reactions, Mapping):
        return reactions.get(post.pk, set())
    return set()


@register.simple_tag(takes_context=True)
def reaction_buttons(context: template.Context, post: Any,
                     mine: Collection[str]) -> list[dict[str, Any]]:
    """The reaction toggles the viewer may press: none when signed out, and only "save" on
    their own post (learning from yourself is not a signal)."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return []
    own = user.pk == post.author_id
    buttons = [
        (Reaction.Kind.LEARNED, _("I learned from this"), _("You learned from this ✓")),
        (Reaction.Kind.HELPFUL, _("Helpful"), _("You found this helpful ✓")),
        (Reaction.Kind.SAVED, _("Save for later"), _("Saved ✓")),
    ]
    return [
        {"kind": str(kind), "pressed": kind in mine, "label": on if kind in mine else off}
        for kind, off, on in buttons
        if not own or kind == Reaction.Kind.SAVED
    ]
