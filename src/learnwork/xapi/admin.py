"""Read-only views of the store for operators: statements are immutable (they are voided,
never edited), and documents belong to the providers that wrote them."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from learnwork.xapi.models import ActivityDefinition, Document, Statement


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Statement)
class StatementAdmin(ReadOnly):
    list_display = ["statement_id", "provider_id", "credential_id", "stored", "voided",
                    "voiding"]
    list_filter = ["voided", "voiding"]
    search_fields = ["=statement_id"]
    ordering = ["-seq"]
    show_full_result_count = False


@admin.register(Document)
class DocumentAdmin(ReadOnly):
    list_display = ["document_id", "kind", "provider_id", "activity_iri", "agent_key",
                    "content_type", "updated"]
    list_filter = ["kind"]
    search_fields = ["document_id", "activity_iri", "agent_key"]
    exclude = ["content"]


@admin.register(ActivityDefinition)
class ActivityDefinitionAdmin(ReadOnly):
    list_display = ["activity_iri", "provider_id", "updated"]
    search_fields = ["activity_iri"]
