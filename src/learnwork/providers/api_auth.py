"""API authentication for provider-facing endpoints: the LRS credential (HTTP Basic), beside
a member's personal access token or browser session."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBasicAuth

from learnwork.accounts.auth import SessionAuth, TokenAuth, client_ip, require_write
from learnwork.core import ratelimit
from learnwork.providers import auth
from learnwork.providers.auth import LrsPrincipal
from learnwork.providers.errors import NotProviderAdmin, ScopeMissing
from learnwork.providers.models import Provider
from learnwork.providers.selectors import provider_by_slug
from learnwork.providers.services import check_admin


class LrsBasicAuth(HttpBasicAuth):
    openapi_description = ("A provider's LRS credential: HTTP Basic with the key as user name "
                           "and the secret as password.")

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization")
        if not header or not header.lower().startswith("basic "):
            return None
        ratelimit.hit(f"api-ip:{client_ip(request)}", settings.API_RATE_LIMIT)
        principal = auth.authenticate_basic(header)
        if principal is None:
            return None
        request.lrs_principal = principal  # type: ignore[attr-defined]
        ratelimit.hit(f"api-provider:{principal.provider_id}", settings.API_RATE_LIMIT)
        return principal

    def authenticate(self, request: HttpRequest, username: str, password: str) -> Any:
        return auth.authenticate_key(username, password)  # pragma: no cover (see __call__)


provider_auth = [LrsBasicAuth(), TokenAuth(), SessionAuth(csrf=False)]


def principal_of(request: HttpRequest) -> LrsPrincipal | None:
    return getattr(request, "lrs_principal", None)


def acting_for(request: HttpRequest, slug: str, *, scope: str | None = None,
               write: bool = True) -> tuple[Provider, Any]:
    """The provider at `slug` and the actor for its services: None for the provider's own
    credential (holding `scope`), the member for someone who manages it."""
    provider = provider_by_slug(slug=slug)
    principal = principal_of(request)
    if principal is not None:
        if principal.provider_id != provider.pk:
            raise NotProviderAdmin(code="other_provider")
        if scope is not None and not principal.allows(scope):
            raise ScopeMissing(_("This needs a credential with the “%(scope)s” scope (or “all”).")
                               % {"scope": scope})
        return provider, None
    if write:
        require_write(request)
    check_admin(actor=request.user, provider=provider)  # type: ignore[arg-type]
    return provider, request.user
