"""Staff tools: verify providers, look at credentials (never their secrets), identities,
courses and the webhook delivery log."""

from __future__ import annotations

from django.contrib import admin

from learnwork.providers.models import (
    Course,
    LinkedIdentity,
    LrsCredential,
    Provider,
    Webhook,
    WebhookDelivery,
)


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "verified", "website", "created"]
    list_filter = ["verified"]
    list_editable = ["verified"]
    search_fields = ["name", "slug", "website"]
    filter_horizontal = ["admins"]


@admin.register(LrsCredential)
class LrsCredentialAdmin(admin.ModelAdmin):
    list_display = ["key", "provider", "label", "scopes", "revoked_at", "last_used"]
    list_select_related = ["provider"]
    search_fields = ["key", "label", "provider__name"]
    # The digest is useless to read and must not be edited: creating a credential is the
    # provider dashboard's or `learnwork provider credential`'s job, so the secret is shown.
    readonly_fields = ["provider", "key", "secret_digest", "scopes", "last_used", "created"]

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(LinkedIdentity)
class LinkedIdentityAdmin(admin.ModelAdmin):
    list_display = ["user", "provider", "kind", "email", "account_name", "verified_at"]
    list_filter = ["kind"]
    list_select_related = ["user", "provider"]
    search_fields = ["email", "account_name", "user__username"]
    raw_id_fields = ["user", "provider"]


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "provider", "format", "cost_amount", "cost_currency", "published"]
    list_filter = ["format", "published"]
    list_select_related = ["provider"]
    search_fields = ["title", "activity_id", "provider__name"]
    raw_id_fields = ["provider", "skills"]


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    list_display = ["url", "provider", "events", "active", "created"]
    list_select_related = ["provider"]
    exclude = ["secret"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["event", "webhook", "status", "attempts", "last_response_status",
                    "next_attempt_at", "created"]
    list_filter = ["status", "event"]
    list_select_related = ["webhook"]
    readonly_fields = ["webhook", "event", "payload", "attempts", "log", "delivered_at"]
