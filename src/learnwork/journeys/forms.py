"""HTML forms for records: they parse; the services validate and write, so the rules and the
messages are the same on the page and in the API."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from learnwork.accounts.models import Visibility
from learnwork.journeys.models import (
    RECORD_MAX_SKILLS,
    REFLECTION_MAX_CHARS,
    TITLE_MAX_CHARS,
    LearningRecord,
)
from learnwork.journeys.validation import SOURCE_MAX_CHARS, URL_MAX_CHARS
from learnwork.posts.models import POST_MAX_CHARS

ACTIONS = ("save", "find", "suggest")
# What a confirmed record's owner may still change.
CONFIRMED_EDITABLE = ("reflection", "visibility")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class RecordForm(forms.Form):
    kind = forms.ChoiceField(label=_("What is it?"), choices=LearningRecord.Kind.choices,
                             initial=LearningRecord.Kind.COURSE)
    title = forms.CharField(label=_("Title"), required=False,
                            widget=forms.TextInput(attrs={"maxlength": TITLE_MAX_CHARS}))
    source_name = forms.CharField(
        label=_("By"), required=False, help_text=_("The provider, the author or the event."),
        widget=forms.TextInput(attrs={"maxlength": SOURCE_MAX_CHARS}))
    url = forms.CharField(label=_("Link"), required=False,
                          widget=forms.URLInput(attrs={"maxlength": URL_MAX_CHARS,
                                                       "placeholder": "https://"}))
    status = forms.ChoiceField(label=_("Status"), choices=LearningRecord.Status.choices,
                               initial=LearningRecord.Status.FINISHED, widget=forms.RadioSelect)
    started_on = forms.DateField(label=_("Started on"), required=False, widget=DateInput())
    finished_on = forms.DateField(label=_("Finished on"), required=False, widget=DateInput(),
                                  help_text=_("Leave empty if you finished today."))
    reflection = forms.CharField(
        label=_("What I learned"), required=False, strip=False,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": REFLECTION_MAX_CHARS}),
        help_text=format_lazy(_("A few sentences for yourself and others. Markdown, up to {n} "
                                "characters."), n=f"{REFLECTION_MAX_CHARS:,}"))
    visibility = forms.ChoiceField(label=_("Who can see it"), choices=Visibility.choices,
                                   initial=Visibility.EVERYONE, widget=forms.RadioSelect)
    skill_q = forms.CharField(label=_("Add a skill by name"), required=False, max_length=200)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # Checkboxes come as a list; the service says which ids are wrong.
        raw = self.data.getlist("skill_ids") if hasattr(self.data, "getlist") else []
        data["skill_ids"] = list(dict.fromkeys(raw))[:RECORD_MAX_SKILLS * 5]
        action = self.data.get("action", "save")
        data["action"] = action if action in ACTIONS else "save"
        return data

    def values(self) -> dict[str, Any]:
        """What the record services take, from the cleaned form."""
        names = ("kind", "title", "status", "source_name", "url", "started_on", "finished_on",
                 "reflection", "visibility", "skill_ids")
        return {name: self.cleaned_data.get(name) for name in names}


class ShareForm(forms.Form):
    body = forms.CharField(
        label=_("Your post"), required=False, strip=False,
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": POST_MAX_CHARS}),
        help_text=format_lazy(_("Markdown, up to {n} characters. The record's skills come "
                                "with it."), n=f"{POST_MAX_CHARS:,}"))
