"""Domain errors: each carries the HTTP status and a machine-readable code.

Services raise these; the API turns them into `{"error": code, "detail": text}` and the HTML
views into a form error or a friendly page. The detail is written for a person to act on.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    status: int = 400
    code: str = "invalid"
    default_detail = _("The request could not be processed.")

    def __init__(self, detail: str | None = None, *, code: str | None = None,
                 field: str | None = None) -> None:
        self.detail = str(detail if detail is not None else self.default_detail)
        if code:
            self.code = code
        self.field = field
        super().__init__(self.detail)


class InvalidInput(DomainError):
    status = 400
    code = "invalid"


class Unauthenticated(DomainError):
    status = 401
    code = "unauthenticated"
    default_detail = _("Sign in or send a valid access token.")


class PermissionDenied(DomainError):
    status = 403
    code = "forbidden"
    default_detail = _("You do not have permission to do that.")


class NotFound(DomainError):
    status = 404
    code = "not_found"
    default_detail = _("Nothing was found there.")


class Conflict(DomainError):
    status = 409
    code = "conflict"
    default_detail = _("That already exists.")


class PayloadTooLarge(DomainError):
    status = 413
    code = "too_large"
    default_detail = _("That is too large.")


class RateLimited(DomainError):
    status = 429
    code = "rate_limited"
    default_detail = _("Too many requests. Wait a minute and try again.")
