"""Forms for importing badges: by web address, by uploading the baked image, or by pasting."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from learnwork.accounts.models import Visibility


class BadgeUrlForm(forms.Form):
    url = forms.CharField(
        label=_("The badge's web address"), max_length=2000,
        widget=forms.URLInput(attrs={"placeholder": "https://", "inputmode": "url"}),
        help_text=_("The address of an Open Badges 2.0 assertion, as your issuer or backpack "
                    "shows it (often ending in .json)."),
    )


class BadgeFileForm(forms.Form):
    file = forms.FileField(
        label=_("The badge image"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/svg+xml,.png,.svg"}),
        help_text=_("A PNG or SVG badge image with the badge baked in, up to 2 MB."),
    )


class BadgePasteForm(forms.Form):
    credential = forms.CharField(
        label=_("The badge's text"), max_length=1024 * 1024,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text=_("An Open Badges 3.0 credential (its JSON, or a JWT starting with eyJ), or "
                    "an Open Badges 2.0 assertion."),
    )


class BadgeVisibilityForm(forms.Form):
    visibility = forms.ChoiceField(label=_("Who sees this badge"), choices=Visibility.choices,
                                   widget=forms.RadioSelect)
