from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from learnwork.credentials.models import ImportedBadge, IssuedCredential, IssuerKey

# --- issued credentials ----------------------------------------------------------------------

@admin.register(IssuerKey)
class IssuerKeyAdmin(admin.ModelAdmin):
    list_display = ["key_id", "public_key_multibase", "created", "retired_at"]
    # Keys are recorded by the signing code; a changed public key would break old credentials.
    readonly_fields = ["key_id", "public_key_multibase", "created", "updated"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(IssuedCredential)
class IssuedCredentialAdmin(admin.ModelAdmin):
    list_display = ["achievement_name", "recipient", "issued_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["id", "achievement_name", "recipient__username"]
    raw_id_fields = ["recipient", "record"]
    list_select_related = ["recipient"]
    # What was signed cannot be edited; staff revoke through the site (or revoked_at here).
    readonly_fields = ["id", "recipient", "record", "achievement_name", "document", "key",
                       "issued_at", "created", "updated"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


# --- imported badges -------------------------------------------------------------------------

@admin.register(ImportedBadge)
class ImportedBadgeAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "issuer_name", "status", "spec", "source", "checked_at"]
    list_filter = ["status", "spec", "source"]
    search_fields = ["name", "issuer_name", "user__username", "source_url"]
    raw_id_fields = ["user", "record"]
    list_select_related = ["user"]
    # What was received and what checking it found are facts; people recheck from the site.
    readonly_fields = ["user", "record", "spec", "source", "source_url", "raw", "fingerprint",
                       "issuer_url", "criteria_url", "issued_on", "expires", "status",
                       "status_detail", "checked_at", "image", "created", "updated"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
