from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from learnwork.accounts.models import AccessToken, Profile, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("Learnwork", {"fields": ("timezone",)}))  # type: ignore[misc]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "display_name", "headline", "created"]
    search_fields = ["user__username", "display_name", "headline"]
    raw_id_fields = ["user"]


@admin.register(AccessToken)
class AccessTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "scope", "prefix", "created", "last_used", "revoked_at"]
    search_fields = ["user__username", "name", "prefix"]
    raw_id_fields = ["user"]
    readonly_fields = ["prefix", "digest", "last_used"]
