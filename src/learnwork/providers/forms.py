"""Forms for the provider and catalogue pages (the services do the real checking)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from learnwork.providers.auth import DEFAULT_SCOPES, SCOPES
from learnwork.providers.models import Course, Webhook


class ProviderForm(forms.Form):
    name = forms.CharField(label=_("Organisation name"), max_length=120)
    slug = forms.CharField(label=_("Short name"), max_length=60, required=False,
                           help_text=_("Used in addresses and the API, like open-academy. "
                                       "Leave empty to make one from the name."))
    website = forms.CharField(label=_("Website"), max_length=300, required=False)
    description = forms.CharField(label=_("About"), max_length=2000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))


class CredentialForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=80, required=False,
                            help_text=_("What uses it, e.g. “LMS production”."))
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"), choices=[(s, s) for s in SCOPES], initial=list(DEFAULT_SCOPES),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("statements/write sends statements; define publishes courses; all also "
                    "manages webhooks."))


class WebhookForm(forms.Form):
    url = forms.CharField(label=_("Address"), max_length=500,
                          help_text=_("Deliveries are POSTed here, signed."))
    events = forms.MultipleChoiceField(label=_("Events"), choices=Webhook.Event.choices,
                                       initial=list(Webhook.Event.values),
                                       widget=forms.CheckboxSelectMultiple)


class CourseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), max_length=5000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 5}))
    url = forms.CharField(label=_("Link"), max_length=500, required=False)
    format = forms.ChoiceField(label=_("Format"), choices=Course.Format.choices)
    cost_amount = forms.DecimalField(label=_("Cost"), min_value=0, max_digits=10,
                                     decimal_places=2, required=False,
                                     help_text=_("Empty or 0 for free."))
    cost_currency = forms.CharField(label=_("Currency"), max_length=3, required=False,
                                    help_text=_("EUR, USD, …"))
    language = forms.CharField(label=_("Language"), max_length=16, required=False)
    credential = forms.CharField(label=_("Credential awarded"), max_length=200,
                                 required=False)
    activity_id = forms.CharField(label=_("xAPI activity id"), max_length=500, required=False,
                                  help_text=_("The IRI your statements use for this course."))
    skill_ids = forms.CharField(label=_("ESCO skill ids"), required=False,
                                widget=forms.Textarea(attrs={"rows": 2}),
                                help_text=_("One per line; find them on the skills pages."))
    published = forms.BooleanField(label=_("Published"), required=False, initial=True)

    def clean_skill_ids(self) -> list[str]:
        raw = self.cleaned_data.get("skill_ids") or ""
        return [line.strip().rsplit("/", 1)[-1] for line in raw.replace(",", "\n").splitlines()
                if line.strip()]


class ImportForm(forms.Form):
    document = forms.CharField(label=_("schema.org Course JSON-LD"), max_length=2_000_000,
                               widget=forms.Textarea(attrs={"rows": 10}))


class LinkEmailForm(forms.Form):
    provider = forms.ChoiceField(label=_("Provider"))
    email = forms.EmailField(label=_("Email address the provider knows you by"))

    def __init__(self, *args: object, providers: list[tuple[str, str]], **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["provider"].choices = providers  # type: ignore[attr-defined]


class CourseSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    skill = forms.UUIDField(label=_("Skill"), required=False, widget=forms.HiddenInput)
    skill_q = forms.CharField(label=_("Teaches the skill"), max_length=200, required=False)
    format = forms.ChoiceField(label=_("Format"), required=False,
                               choices=[("", _("Any format")), *Course.Format.choices])
    free = forms.BooleanField(label=_("Free only"), required=False)
