"""Pieces every API router uses: the error body, the error responses, and their handlers."""

from __future__ import annotations

from typing import Any

from django.db.utils import DataError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from learnwork.core.errors import DomainError


class ErrorOut(Schema):
    error: str
    detail: str


def errors(*codes: int) -> dict[int, Any]:
    """Response declarations for the error codes an endpoint can return."""
    return dict.fromkeys(codes, ErrorOut)


# Every endpoint can be rejected for auth, rate or a malformed body, so these are always declared.
COMMON_ERRORS = (401, 422, 429)


def _describe(errors_list: list[dict[str, Any]]) -> str:
    parts = []
    for err in errors_list:
        loc = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body", "payload", "query"))
        msg = err.get("msg", "is invalid")
        parts.append(f"{loc}: {msg}" if loc else msg)
    return "; ".join(parts) or "The request is not valid."


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return api.create_response(
            request, {"error": exc.code, "detail": exc.detail}, status=exc.status
        )

    @api.exception_handler(NinjaValidationError)
    def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return api.create_response(
            request, {"error": "invalid", "detail": _describe(exc.errors)}, status=422
        )

    @api.exception_handler(AuthenticationError)
    def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return api.create_response(
            request,
            {"error": "unauthenticated", "detail": "Sign in or send a valid access token."},
            status=401,
        )

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return api.create_response(
            request, {"error": "error", "detail": str(exc)}, status=exc.status_code
        )

    @api.exception_handler(OverflowError)
    def out_of_range(request: HttpRequest, exc: OverflowError) -> HttpResponse:
        # An id or offset beyond what the database can store cannot match anything real.
        return api.create_response(
            request, {"error": "invalid", "detail": "A number in the request is out of range."},
            status=422,
        )

    @api.exception_handler(DataError)
    def unstorable(request: HttpRequest, exc: DataError) -> HttpResponse:
        # PostgreSQL refuses NUL characters in text (SQLite stores them); the write was rolled
        # back with its transaction, so the request simply fails as bad input.
        if "NUL" in str(exc) or "\\u0000" in str(exc):
            return api.create_response(
                request, {"error": "invalid",
                          "detail": "Text in the request contains a NUL character (\\u0000)."},
                status=422,
            )
        return unexpected(request, exc)

    @api.exception_handler(Exception)
    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        import logging

        logging.getLogger("learnwork.api").exception("Unhandled API error")
        return api.create_response(
            request,
            {"error": "server_error", "detail": "Something went wrong on our side."},
            status=500,
        )
