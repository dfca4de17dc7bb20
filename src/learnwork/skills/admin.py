from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from learnwork.skills import index_cache
from learnwork.skills.models import LearningGoal, Occupation, Skill, TaxonomyImport, UserSkill


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["label", "kind", "reuse", "code"]
    list_filter = ["kind", "reuse"]
    search_fields = ["label", "alt_labels", "=code"]
    readonly_fields = ["id"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        # Labels feed the in-memory search index; an edit by hand should show up there too.
        transaction.on_commit(index_cache.invalidate)


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):
    list_display = ["label", "isco_group", "code"]
    search_fields = ["label", "=code", "=isco_group"]


@admin.register(UserSkill)
class UserSkillAdmin(admin.ModelAdmin):
    list_display = ["user", "skill", "proficiency", "level", "updated"]
    list_filter = ["proficiency", "level"]
    search_fields = ["user__username", "skill__label"]
    raw_id_fields = ["user", "skill"]
    list_select_related = ["user", "skill"]


@admin.register(LearningGoal)
class LearningGoalAdmin(admin.ModelAdmin):
    list_display = ["user", "skill", "target_date", "created"]
    search_fields = ["user__username", "skill__label"]
    raw_id_fields = ["user", "skill"]
    list_select_related = ["user", "skill"]


@admin.register(TaxonomyImport)
class TaxonomyImportAdmin(admin.ModelAdmin):
    list_display = ["version", "finished", "skills", "occupations", "relations",
                    "occupation_skills"]
    readonly_fields = ["version", "checksum", "skills", "occupations", "relations",
                       "occupation_skills", "notes", "finished"]
