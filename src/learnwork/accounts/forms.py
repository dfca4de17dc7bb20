from __future__ import annotations

import zoneinfo
from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _

from learnwork.accounts.models import AccessToken, Profile, Visibility


def _timezone_choices() -> list[tuple[str, Any]]:
    return [("", _("Use UTC"))] + [(z, z) for z in sorted(zoneinfo.available_timezones())]


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=_("Display name"), max_length=80, required=False)
    headline = forms.CharField(
        label=_("Headline"), max_length=140, required=False,
        help_text=_("One line about what you do and what you are learning."),
    )
    bio = forms.CharField(
        label=_("Bio"), max_length=5000, required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown: **bold**, *italic*, [links](https://…), lists."),
    )
    location = forms.CharField(label=_("Location"), max_length=100, required=False)
    links = forms.CharField(
        label=_("Links"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, optionally with a label: Portfolio | https://example.com"),
    )
    timezone = forms.ChoiceField(label=_("Time zone"), required=False, choices=_timezone_choices)

    @staticmethod
    def links_from_text(text: str) -> list[dict[str, str]]:
        links = []
        for line in text.splitlines():
            if not line.strip():
                continue
            label, sep, url = line.rpartition("|")
            links.append({"label": label.strip() if sep else "", "url": url.strip()})
        return links

    @staticmethod
    def links_to_text(links: list[dict[str, str]]) -> str:
        return "\n".join(
            f"{link['label']} | {link['url']}" if link.get("label") else link["url"]
            for link in links
        )


class AvatarForm(forms.Form):
    avatar = forms.FileField(
        label=_("New avatar"),
        help_text=_("JPEG, PNG, WebP or GIF, up to 5 MB. We crop it to a square."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}
        ),
    )


class PrivacyForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["about_visibility", "skills_visibility", "goals_visibility"]
        widgets = {
            name: forms.RadioSelect(choices=Visibility.choices)
            for name in ["about_visibility", "skills_visibility", "goals_visibility"]
        }


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80,
                           help_text=_("What will use this token, e.g. “my course sync script”."))
    scope = forms.ChoiceField(label=_("Scope"), choices=AccessToken.Scope.choices,
                              widget=forms.RadioSelect, initial=AccessToken.Scope.READ)


class SignupForm(AllauthSignupForm):
    """Allauth's sign-up, speaking of the public handle rather than a username."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        handle = self.fields["username"]
        handle.label = _("Handle")
        handle.help_text = _(
            "Your public address, learnwork/@handle: 3 to 30 lowercase letters, digits or "
            "underscores."
        )
        handle.widget.attrs["placeholder"] = _("e.g. ana_silva")
        self.fields["email"].help_text = _("We send a link to confirm it. It is never shown.")
