"""Errors the LRS answers with, beyond the shared ones in learnwork.core.errors.

Each carries the HTTP status xAPI prescribes (Communication 3.2 in 1.0.3, 4.1.5 in 2.0); the
views turn them into `{"error": code, "detail": text}` with the version header.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from learnwork.core.errors import (
    Conflict,
    DomainError,
    InvalidInput,
    NotFound,
    PayloadTooLarge,
    PermissionDenied,
    Unauthenticated,
)

__all__ = [
    "BadRequest", "Conflict", "DocumentConflict", "NotFound", "PayloadTooLarge",
    "PermissionDenied", "PreconditionFailed", "StatementConflict", "StatementInvalid",
    "Unauthenticated", "VersionUnsupported",
]


class BadRequest(InvalidInput):
    code = "bad_request"


class StatementInvalid(InvalidInput):
    code = "invalid_statement"


class VersionUnsupported(InvalidInput):
    code = "unsupported_version"
    default_detail = _("Send the header X-Experience-API-Version with 1.0.3 or 2.0.0.")


class StatementConflict(Conflict):
    code = "statement_conflict"


class DocumentConflict(Conflict):
    code = "document_conflict"
    default_detail = _("A document already exists here. Fetch it, then send its ETag in an "
                       "If-Match header to replace it (or If-None-Match: * to create only).")


class PreconditionFailed(DomainError):
    status = 412
    code = "precondition_failed"
    default_detail = _("The document changed since you fetched it (If-Match or If-None-Match "
                       "did not hold); nothing was changed.")
