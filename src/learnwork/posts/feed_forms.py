"""The "Tune your feed" form: it only parses; `feed_services.feed_settings_update` validates."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from learnwork.posts import ranking
from learnwork.posts.feed_services import BUDGET_MAX, BUDGET_MIN, HASHTAGS_MAX, PRESET_LABELS
from learnwork.posts.models import FeedSettings

CUSTOM = "custom"
WEIGHTS = ("weight_freshness", "weight_learning", "weight_goals")


class RangeInput(forms.NumberInput):
    input_type = "range"


def _slider(label: Any, help_text: Any) -> forms.FloatField:
    return forms.FloatField(
        label=label, help_text=help_text, required=False,
        widget=RangeInput(attrs={"min": "0", "max": "2", "step": "0.1"}),
    )


class FeedSettingsForm(forms.Form):
    preset = forms.ChoiceField(
        label=_("Preset"), required=False, widget=forms.RadioSelect,
        choices=[*PRESET_LABELS.items(), (CUSTOM, _("My own mix (the sliders below)"))],
    )
    weight_freshness = _slider(_("Freshness"), _("How much newer posts count."))
    weight_learning = _slider(_("Learning signal"),
                              _("How much it counts that people learned from a post."))
    weight_goals = _slider(_("Goal relevance"),
                           _("How much it counts that a post is on your learning goals."))
    chronological = forms.BooleanField(label=_("Newest first, without ranking"),
                                       required=False)
    daily_budget = forms.IntegerField(
        label=_("Posts a day"), required=False,
        help_text=_("After this many, the feed says you're caught up."),
        widget=forms.NumberInput(attrs={"min": BUDGET_MIN, "max": BUDGET_MAX}),
    )
    max_hashtags = forms.IntegerField(
        label=_("Hide posts with more hashtags than"), required=False,
        help_text=_("Leave empty for no limit."),
        widget=forms.NumberInput(attrs={"min": 0, "max": HASHTAGS_MAX}),
    )

    @classmethod
    def for_settings(cls, settings: FeedSettings, **kwargs: Any) -> FeedSettingsForm:
        weights = ranking.Weights(settings.weight_freshness, settings.weight_learning,
                                  settings.weight_goals)
        initial = {
            "preset": ranking.preset_for(weights) or CUSTOM,
            "weight_freshness": settings.weight_freshness,
            "weight_learning": settings.weight_learning,
            "weight_goals": settings.weight_goals,
            "chronological": settings.mode == FeedSettings.Mode.CHRONOLOGICAL,
            "daily_budget": settings.daily_budget,
            "max_hashtags": settings.max_hashtags,
        }
        return cls(initial=initial, **kwargs)

    def changes(self, current: FeedSettings) -> dict[str, Any]:
        """The service's keyword arguments. A preset the reader just picked wins; otherwise
        the sliders do (moving a slider without touching the presets means "my own mix")."""
        data = self.cleaned_data
        current_preset = self.for_settings(current).initial["preset"]
        chosen = data.get("preset") or current_preset
        kwargs: dict[str, Any] = {
            "mode": (FeedSettings.Mode.CHRONOLOGICAL if data.get("chronological")
                     else FeedSettings.Mode.RANKED),
            "max_hashtags": data.get("max_hashtags"),
        }
        if data.get("daily_budget") is not None:
            kwargs["daily_budget"] = data["daily_budget"]
        if chosen != CUSTOM and chosen != current_preset:
            kwargs["preset"] = chosen
        else:
            kwargs.update({name: data[name] for name in WEIGHTS if data.get(name) is not None})
        return kwargs
