"""Admin for moderation: posts, comments and reactions can be read and deleted here. Text is
read-only, since the derived fields (rendered HTML, bait, substance) are computed by the
services when a person writes; counters follow the reaction services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from learnwork.posts import services
from learnwork.posts.models import Comment, FeedSettings, Post, PostSkill, Reaction


class PostSkillInline(admin.TabularInline):
    model = PostSkill
    raw_id_fields = ["skill"]
    readonly_fields = ["created"]
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["pk", "author", "created", "visibility", "learned_count", "helpful_count",
                    "comment_count", "bait_score", "substance", "edited_at"]
    list_filter = ["visibility"]
    search_fields = ["author__username", "body"]
    date_hierarchy = "created"
    raw_id_fields = ["author"]
    list_select_related = ["author"]
    readonly_fields = ["author", "body", "created", "edited_at", "hashtag_count", "bait_score",
                       "substance", "learned_count", "helpful_count", "comment_count",
                       "learn_weight"]
    inlines = [PostSkillInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class _RecountOnDelete(admin.ModelAdmin):
    """Deleting comments or reactions here goes around the services, so the posts' counters
    are recomputed from what is left."""

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        post_id = obj.post_id
        super().delete_model(request, obj)
        services.posts_recount(post_ids=[post_id])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        post_ids = set(queryset.values_list("post_id", flat=True))
        super().delete_queryset(request, queryset)
        services.posts_recount(post_ids=post_ids)


@admin.register(Comment)
class CommentAdmin(_RecountOnDelete):
    list_display = ["pk", "post", "author", "created", "edited_at"]
    search_fields = ["author__username", "body"]
    raw_id_fields = ["post", "author", "parent"]
    list_select_related = ["author"]
    readonly_fields = ["post", "author", "parent", "body", "created", "edited_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Reaction)
class ReactionAdmin(_RecountOnDelete):
    list_display = ["user", "kind", "post", "created", "weight"]
    list_filter = ["kind"]
    search_fields = ["user__username"]
    raw_id_fields = ["user", "post"]
    readonly_fields = ["user", "post", "kind", "created", "weight"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(FeedSettings)
class FeedSettingsAdmin(admin.ModelAdmin):
    list_display = ["user", "mode", "daily_budget", "max_hashtags", "updated"]
    list_filter = ["mode"]
    raw_id_fields = ["user"]
