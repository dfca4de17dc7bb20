"""The ESCO v1.1.1 taxonomy (skills, groups, occupations) and what people do with it."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from learnwork.core.models import TimeStampedModel


class Skill(models.Model):
    """An ESCO concept: a skill/competence, a knowledge item, or a skill group.

    Groups live in the same table so the hierarchy is one self-relation, and "a skill and every
    narrower one" is one walk whatever kind of concept it starts from. The id is ESCO's UUID.
    """

    class Kind(models.TextChoices):
        SKILL = "skill", _("Skill or competence")
        KNOWLEDGE = "knowledge", _("Knowledge")
        GROUP = "group", _("Skill group")

    id = models.UUIDField(primary_key=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, db_index=True)
    reuse = models.CharField(max_length=24, blank=True)
    code = models.CharField(max_length=24, blank=True)
    label = models.CharField(max_length=255, db_index=True)
    alt_labels = models.TextField(blank=True, help_text=_("One alternative label per line."))
    description = models.TextField(blank=True)
    broader = models.ManyToManyField(
        "self", symmetrical=False, through="SkillRelation", related_name="narrower",
        through_fields=("narrower", "broader"),
    )

    class Meta:
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label

    @property
    def alt_label_list(self) -> list[str]:
        return [label for label in self.alt_labels.splitlines() if label]

    @property
    def esco_uri(self) -> str:
        # ISCED-F fields (knowledge groups such as "0613") have no UUID in ESCO; the importer
        # gives them a uuid5 of their URI and keeps the field code, so the URI comes from the code.
        if self.kind == self.Kind.GROUP and self.code.isdigit():
            return f"http://data.europa.eu/esco/isced-f/{self.code}"
        return f"http://data.europa.eu/esco/skill/{self.id}"


class SkillRelation(models.Model):
    narrower = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    broader = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["narrower", "broader"], name="skill_relation_unique"),
        ]
        indexes = [models.Index(fields=["broader", "narrower"])]

    def __str__(self) -> str:
        return f"{self.narrower_id} → {self.broader_id}"


class Occupation(models.Model):
    id = models.UUIDField(primary_key=True)
    isco_group = models.CharField(max_length=8, blank=True)
    code = models.CharField(max_length=32, blank=True)
    label = models.CharField(max_length=255, db_index=True)
    alt_labels = models.TextField(blank=True)
    description = models.TextField(blank=True)
    skills = models.ManyToManyField(Skill, through="OccupationSkill", related_name="occupations")

    class Meta:
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label


class OccupationSkill(models.Model):
    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE)
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE)
    essential = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["occupation", "skill"], name="occupation_skill_unique"),
        ]
        indexes = [models.Index(fields=["skill", "essential"])]

    def __str__(self) -> str:
        return f"{self.occupation_id} needs {self.skill_id}"


class TaxonomyImport(models.Model):
    """One row per successful import, so re-running knows what is already loaded."""

    version = models.CharField(max_length=32)
    checksum = models.CharField(max_length=64)
    skills = models.PositiveIntegerField()
    occupations = models.PositiveIntegerField()
    relations = models.PositiveIntegerField()
    occupation_skills = models.PositiveIntegerField(default=0)
    notes = models.JSONField(default=list, blank=True,
                             help_text=_("Rows skipped on import, and why."))
    finished = models.DateTimeField(auto_now_add=True)

    class Meta:
        get_latest_by = "finished"

    def __str__(self) -> str:
        return f"{self.version} ({self.finished:%Y-%m-%d %H:%M})"


class Proficiency(models.TextChoices):
    LEARNING = "learning", _("Learning")
    CAN_APPLY = "can_apply", _("Can apply")
    CAN_TEACH = "can_teach", _("Can teach")


LEVEL_LABELS = {
    1: _("Beginner"),
    2: _("Novice"),
    3: _("Competent"),
    4: _("Proficient"),
    5: _("Expert"),
}


class UserSkill(TimeStampedModel):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="user_skills")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="holders")
    proficiency = models.CharField(max_length=10, choices=Proficiency.choices,
                                   default=Proficiency.LEARNING)
    level = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("Self-rated, 1 (beginner) to 5 (expert)."),
    )
    evidence = models.JSONField(default=list, blank=True,
                                help_text=_("Links that show this skill."))

    class Meta:
        ordering = ["-level", "skill__label"]
        constraints = [
            models.UniqueConstraint(fields=["user", "skill"], name="user_skill_unique"),
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=5),
                                   name="user_skill_level_range"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.skill}"

    @property
    def level_label(self) -> str:
        return str(LEVEL_LABELS.get(self.level, ""))


class LearningGoal(TimeStampedModel):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="learning_goals")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="goals")
    why = models.CharField(max_length=500, blank=True)
    target_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["target_date", "created"]
        constraints = [
            models.UniqueConstraint(fields=["user", "skill"], name="learning_goal_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.skill}"
