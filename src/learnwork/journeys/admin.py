from __future__ import annotations

from django.contrib import admin

from learnwork.journeys.models import LearningRecord, RecordSkill


class RecordSkillInline(admin.TabularInline):
    model = RecordSkill
    raw_id_fields = ["skill"]
    extra = 0


@admin.register(LearningRecord)
class LearningRecordAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "kind", "status", "origin", "confirmed_by", "visibility",
                    "hidden", "created"]
    list_filter = ["kind", "status", "origin", "visibility", "hidden"]
    search_fields = ["title", "source_name", "user__username", "confirmed_by"]
    raw_id_fields = ["user", "shared_post"]
    list_select_related = ["user"]
    readonly_fields = ["reflection_html", "created", "updated"]
    inlines = [RecordSkillInline]
