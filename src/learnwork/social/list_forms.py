"""HTML forms for lists: they only parse; the list services validate and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from learnwork.social.lists import DESCRIPTION_MAX, NAME_MAX


class ListForm(forms.Form):
    # No required or length checks here: the service's message says what to do instead.
    name = forms.CharField(
        label=_("Name"), required=False,
        widget=forms.TextInput(attrs={"maxlength": NAME_MAX, "autocomplete": "off",
                                      "placeholder": _("e.g. Statistics people")}))
    description = forms.CharField(
        label=_("Description (optional)"), required=False,
        widget=forms.TextInput(attrs={"maxlength": DESCRIPTION_MAX, "autocomplete": "off"}),
        help_text=_("Only you see your lists, and nobody is told they are on one."))


class PersonForm(forms.Form):
    handle = forms.CharField(
        label=_("Add a person by @handle"), required=False, max_length=31,
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "@ana"}))


class SkillRefForm(forms.Form):
    skill_id = forms.UUIDField(widget=forms.HiddenInput)
