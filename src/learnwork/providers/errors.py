"""Errors the providers app raises beyond the shared ones in learnwork.core.errors."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from learnwork.core.errors import InvalidInput, NotFound, PermissionDenied


class ProviderNotFound(NotFound):
    default_detail = _("There is no course provider here.")


class NotProviderAdmin(PermissionDenied):
    code = "not_provider_admin"
    default_detail = _("Only the people who manage this provider can do that.")


class ScopeMissing(PermissionDenied):
    code = "scope_missing"
    default_detail = _("This credential's scopes do not allow that.")


class CourseNotFound(NotFound):
    default_detail = _("There is no course here, or it is not published.")


class LinkInvalid(InvalidInput):
    code = "link_invalid"
    default_detail = _("This link is not valid: it may have expired or been used already. Ask "
                       "for a new one.")
