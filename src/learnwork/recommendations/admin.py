from __future__ import annotations

from django.contrib import admin

from learnwork.recommendations.models import Dismissal, EvidenceRun, TeacherEvidence


@admin.register(TeacherEvidence)
class TeacherEvidenceAdmin(admin.ModelAdmin):
    list_display = ["person", "skill", "score", "learners", "learned_marks", "posts", "records",
                    "badges", "followers", "updated"]
    search_fields = ["person__username", "skill__label"]
    raw_id_fields = ["person", "skill", "declared_skill"]
    list_select_related = ["person", "skill"]
    readonly_fields = ["learner_ids"]


@admin.register(EvidenceRun)
class EvidenceRunAdmin(admin.ModelAdmin):
    list_display = ["finished", "people", "rows", "started"]


@admin.register(Dismissal)
class DismissalAdmin(admin.ModelAdmin):
    list_display = ["reader", "person", "skill", "created"]
    search_fields = ["reader__username", "person__username"]
    raw_id_fields = ["reader", "person", "skill"]
    list_select_related = ["reader", "person", "skill"]
