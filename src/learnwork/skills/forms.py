"""HTML forms: they only parse; the services validate and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from learnwork.skills.models import LEVEL_LABELS, Proficiency
from learnwork.skills.services import MAX_EVIDENCE, MAX_WHY

# Lazy, so the labels follow the language of each request rather than the one at import.
LEVEL_CHOICES = [(n, format_lazy("{} · {}", n, label)) for n, label in LEVEL_LABELS.items()]


class SkillRefForm(forms.Form):
    skill_id = forms.UUIDField(widget=forms.HiddenInput)


class GoalRefForm(forms.Form):
    goal_id = forms.IntegerField(widget=forms.HiddenInput)


class UserSkillForm(SkillRefForm):
    proficiency = forms.ChoiceField(label=_("How well"), choices=Proficiency.choices,
                                    initial=Proficiency.LEARNING, required=False)
    level = forms.TypedChoiceField(label=_("Level"), choices=LEVEL_CHOICES, coerce=int,
                                   initial=1, required=False)
    evidence = forms.CharField(
        label=_("Evidence links"), required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "https://"}),
        help_text=format_lazy(_("Up to {n} links, one per line: a project, a certificate, "
                                "a talk."), n=MAX_EVIDENCE),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # The quick "add" buttons send only the skill: start as a beginner who is learning it.
        data["proficiency"] = data.get("proficiency") or Proficiency.LEARNING
        data["level"] = data.get("level") or 1
        data["evidence"] = (data.get("evidence") or "").split()
        return data


def _why() -> forms.CharField:
    return forms.CharField(label=_("Why"), max_length=MAX_WHY, required=False,
                           widget=forms.TextInput(
                               attrs={"placeholder": _("What it will let you do")}))


def _target_date() -> forms.DateField:
    return forms.DateField(label=_("Target date"), required=False,
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class GoalForm(SkillRefForm):
    why = _why()
    target_date = _target_date()


class GoalEditForm(GoalRefForm):
    why = _why()
    target_date = _target_date()


def user_skill_initial(skill_id: Any, proficiency: str, level: int,
                       evidence: list[str]) -> dict[str, Any]:
    return {"skill_id": skill_id, "proficiency": proficiency, "level": level,
            "evidence": "\n".join(evidence)}
