"""API authentication: a personal access token, or the browser session (with CSRF)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from ninja.security import APIKeyCookie, HttpBearer

from learnwork.accounts import selectors
from learnwork.core import ratelimit
from learnwork.core.errors import PermissionDenied

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def _no_response(request: HttpRequest) -> HttpResponse:
    # CsrfViewMiddleware wants a view; only its verdict is used, so this is never called.
    return HttpResponse(status=204)


def client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", "unknown"))


class TokenAuth(HttpBearer):
    openapi_description = "A personal access token: `Authorization: Bearer lw_…`."

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        ratelimit.hit(f"api-ip:{client_ip(request)}", settings.API_RATE_LIMIT)
        access = selectors.access_token_for_secret(secret=token)
        if access is None:
            return None
        request.user = access.user
        request.access_token = access  # type: ignore[attr-defined]
        ratelimit.hit(f"api-user:{access.user_id}", settings.API_RATE_LIMIT)
        return access.user


class SessionAuth(APIKeyCookie):
    """The signed-in browser session; unsafe methods must carry the CSRF token."""

    param_name = settings.SESSION_COOKIE_NAME
    openapi_description = "The browser session cookie (writes need the X-CSRFToken header)."

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if request.method not in SAFE_METHODS:
            check = CsrfViewMiddleware(_no_response)
            check.process_request(request)
            if check.process_view(request, _no_response, (), {}) is not None:
                raise PermissionDenied("CSRF check failed: send the X-CSRFToken header.",
                                       code="csrf_failed")
        request.access_token = None  # type: ignore[attr-defined]
        ratelimit.hit(f"api-user:{user.pk}", settings.API_RATE_LIMIT)
        return user


def anonymous_ok(request: HttpRequest) -> Any:
    """For public read endpoints: anyone may call them, within the anonymous rate limit."""
    ratelimit.hit(f"api-anon:{client_ip(request)}", settings.API_ANON_RATE_LIMIT)
    return True


# CSRF is checked inside SessionAuth, so a failure gets Learnwork's own JSON error body.
api_auth = [TokenAuth(), SessionAuth(csrf=False)]
public_auth = [TokenAuth(), SessionAuth(csrf=False), anonymous_ok]
# OpenAPI spells "authentication optional" as an empty requirement beside the real ones.
public_openapi: dict[str, Any] = {"security": [{"TokenAuth": []}, {"SessionAuth": []}, {}]}


def require_write(request: HttpRequest) -> None:
    """Writes need a session or a token with write scope."""
    token = getattr(request, "access_token", None)
    if token is not None and not token.can_write:
        raise PermissionDenied("This access token is read-only.", code="read_only_token")
