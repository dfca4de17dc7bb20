from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.factories import UserFactory

# Chromium fixtures for browser tests anywhere in the suite (one Playwright per process).
pytest_plugins = ["tests.browser.fixtures"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate-limit counters live in the cache; each test starts with none.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def member_client(client, user):
    client.force_login(user)
    client.user = user
    return client
