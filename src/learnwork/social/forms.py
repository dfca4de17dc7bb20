"""HTML forms: they only parse; the services validate and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from learnwork.social.muting import MAX_WORD_LENGTH


class MuteWordForm(forms.Form):
    # No length or required check here: the service's message says what to do instead.
    word = forms.CharField(
        label=_("Word or phrase"), required=False, strip=False,
        widget=forms.TextInput(attrs={"maxlength": MAX_WORD_LENGTH, "autocomplete": "off",
                                      "placeholder": _("e.g. crypto, hot take")}),
        help_text=_("Posts containing it as a whole word or phrase, in any case, are hidden "
                    "from you."),
    )
