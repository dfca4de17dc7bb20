from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To be sure it is you."),
    )
    confirm = forms.CharField(
        label=_("Type your handle to confirm"),
        help_text=_("Deleting is permanent: your profile, skills, goals, learning journey and "
                    "tokens are removed."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password

    def clean_confirm(self) -> str:
        confirm = self.cleaned_data["confirm"].strip().lstrip("@").lower()
        if confirm != self.user.username.lower():
            raise forms.ValidationError(_("Type your handle exactly, to confirm."))
        return confirm
