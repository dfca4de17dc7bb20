from __future__ import annotations

from django.contrib import admin

from learnwork.social.models import Block, Follow, FollowTopic, Mute, SkillFollow


class FollowTopicInline(admin.TabularInline):
    model = FollowTopic
    raw_id_fields = ["skill"]
    extra = 0


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["follower", "followee", "created"]
    search_fields = ["follower__username", "followee__username"]
    raw_id_fields = ["follower", "followee"]
    list_select_related = ["follower", "followee"]
    inlines = [FollowTopicInline]


@admin.register(SkillFollow)
class SkillFollowAdmin(admin.ModelAdmin):
    list_display = ["user", "skill", "created"]
    search_fields = ["user__username", "skill__label"]
    raw_id_fields = ["user", "skill"]
    list_select_related = ["user", "skill"]


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin):
    list_display = ["blocker", "blocked", "created"]
    search_fields = ["blocker__username", "blocked__username"]
    raw_id_fields = ["blocker", "blocked"]
    list_select_related = ["blocker", "blocked"]


@admin.register(Mute)
class MuteAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "person", "skill", "word", "created"]
    list_filter = ["kind"]
    search_fields = ["user__username", "word"]
    raw_id_fields = ["user", "person", "skill"]
    list_select_related = ["user", "person", "skill"]
