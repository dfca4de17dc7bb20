"""HTML forms: they only parse; the services validate and write, so the rules and messages
are the same on the page and in the API."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from learnwork.posts.models import COMMENT_MAX_CHARS, POST_MAX_CHARS, Post
from learnwork.posts.services import MAX_SKILLS

ACTIONS = ("publish", "suggest", "find")


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("What did you learn, or what can others learn from you?"), required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10, "maxlength": POST_MAX_CHARS}),
        help_text=format_lazy(_("Markdown: **bold**, *italics*, lists, `code`, links. Up to "
                                "{n} characters."), n=f"{POST_MAX_CHARS:,}"),
    )
    visibility = forms.ChoiceField(label=_("Who can see it"), choices=Post.Visibility.choices,
                                   initial=Post.Visibility.EVERYONE, widget=forms.RadioSelect,
                                   required=False)
    skill_q = forms.CharField(label=_("Add a skill by name"), required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound and not self.data.get("visibility") and isinstance(self.data, QueryDict):
            # Re-rendered pages keep a choice ticked even when a client sent none.
            data = self.data.copy()
            data["visibility"] = Post.Visibility.EVERYONE
            self.data = data

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["visibility"] = data.get("visibility") or Post.Visibility.EVERYONE
        # Checkboxes come as a list; the service says which ids are wrong.
        raw = self.data.getlist("skill_ids") if hasattr(self.data, "getlist") else []
        data["skill_ids"] = list(dict.fromkeys(raw))[:MAX_SKILLS * 5]
        # Set by the review step: the skills shown there are the author's answer, even none.
        data["confirm"] = self.data.get("confirm") == "1"
        action = self.data.get("action", "publish")
        data["action"] = action if action in ACTIONS else "publish"
        return data


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"), required=False, strip=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": COMMENT_MAX_CHARS}),
        help_text=format_lazy(_("Markdown, up to {n} characters."), n=f"{COMMENT_MAX_CHARS:,}"),
    )
    parent_id = forms.IntegerField(required=False, widget=forms.HiddenInput,
                                   min_value=1, max_value=2**63 - 1)
