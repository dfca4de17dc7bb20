"""LRS credentials: Basic auth with a key and secret, cached once verified, scoped."""

from __future__ import annotations

import base64
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from learnwork.providers import auth, keys, services
from learnwork.providers.auth import LrsPrincipal, authenticate_basic
from learnwork.providers.models import LrsCredential

from .factories import basic, credential_for

pytestmark = pytest.mark.django_db


def test_valid_credential_gives_the_provider_and_scopes(provider):
    credential, header = credential_for(provider, scopes=["statements/write", "state"])
    principal = authenticate_basic(header)
    assert principal == LrsPrincipal(
        provider_id=provider.pk, credential_id=credential.pk,
        scopes=frozenset({"statements/write", "state"}), authority={},
    )
    assert principal.authority == {
        "objectType": "Agent", "name": "Open Academy",
        "account": {"homePage": "http://127.0.0.1:8000/providers/", "name": "open-academy"},
    }
    credential.refresh_from_db()
    assert credential.last_used is not None


def test_only_the_digest_is_stored(provider):
    credential, header = credential_for(provider)
    secret = base64.b64decode(header.split()[1]).decode().split(":", 1)[1]
    assert secret.startswith("lws_") and len(secret) > 40
    assert secret not in credential.secret_digest
    assert credential.secret_digest == keys.digest(secret)


@pytest.mark.parametrize("header", [
    None, "", "Bearer abc", "Basic", "Basic !!!not-base64!!!",
    "Basic " + base64.b64encode(b"no-colon").decode(),
    "Basic " + base64.b64encode(b"\xff\xfe:\xff").decode(),
    "Basic " + base64.b64encode(b"lwk_unknown:lws_whatever").decode(),
    "Basic " + "A" * 5000,
])
def test_malformed_or_unknown_headers_are_refused(provider, header):
    assert authenticate_basic(header) is None


def test_wrong_secret_is_refused(provider):
    credential, _header = credential_for(provider)
    assert authenticate_basic(basic(credential.key, "lws_" + "x" * 43)) is None


def test_revoked_credential_is_refused_even_when_cached(provider):
    credential, header = credential_for(provider)
    assert authenticate_basic(header) is not None  # now cached
    services.credential_revoke(actor=None, credential=credential)
    assert authenticate_basic(header) is None


def test_a_cache_hit_needs_no_query_and_no_lookup(provider, django_assert_num_queries):
    _credential, header = credential_for(provider)
    first = authenticate_basic(header)
    with django_assert_num_queries(0), \
            mock.patch.object(LrsCredential.objects, "select_related") as lookup:
        again = authenticate_basic(header)
    assert again == first
    lookup.assert_not_called()


def test_last_used_is_written_at_most_once_a_minute(provider, django_assert_num_queries):
    credential, header = credential_for(provider)
    authenticate_basic(header)
    credential.refresh_from_db()
    first_use = credential.last_used
    with django_assert_num_queries(0):
        authenticate_basic(header)
    later = timezone.now() + timedelta(minutes=2)
    with mock.patch("learnwork.providers.auth.timezone.now", return_value=later), \
            django_assert_num_queries(1):
        authenticate_basic(header)
    credential.refresh_from_db()
    assert credential.last_used == later and credential.last_used > first_use


def test_scope_implications():
    def principal(*scopes):
        return LrsPrincipal(provider_id=1, credential_id=1, scopes=frozenset(scopes),
                            authority={})

    assert principal("all").allows("statements/write")
    assert principal("all").allows("state")
    assert principal("all/read").allows("statements/read")
    assert principal("all/read").allows("statements/read/mine")
    assert not principal("all/read").allows("statements/write")
    assert principal("statements/read").allows("statements/read/mine")
    assert not principal("statements/read/mine").allows("statements/read")
    assert not principal("statements/write").allows("statements/read/mine")


def test_new_credentials_get_the_default_scopes_and_unknown_scopes_are_refused(provider):
    credential, _header = credential_for(provider)
    assert credential.scopes == list(auth.DEFAULT_SCOPES)
    from learnwork.core.errors import InvalidInput

    with pytest.raises(InvalidInput, match="Unknown scope"):
        services.credential_create(actor=None, provider=provider, scopes=["statements/delete"])
    with pytest.raises(InvalidInput):
        services.credential_create(actor=None, provider=provider, scopes=[])


def test_only_provider_admins_create_or_revoke(provider, ana, ben):
    from learnwork.providers.errors import NotProviderAdmin

    with pytest.raises(NotProviderAdmin):
        services.credential_create(actor=ana, provider=provider)
    credential, _secret = services.credential_create(actor=ben, provider=provider, label="lms")
    with pytest.raises(NotProviderAdmin):
        services.credential_revoke(actor=ana, credential=credential)
    credential.refresh_from_db()
    assert credential.revoked_at is None
