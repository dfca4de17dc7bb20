from __future__ import annotations

import pytest
from django.core.cache import cache

from learnwork.skills import index_cache
from tests.factories import UserFactory

# Chromium fixtures for browser tests anywhere in the suite (one Playwright per process).
pytest_plugins = ["tests.browser.fixtures"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate-limit counters live in the cache; each test starts with none.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_search_index():
    # The skill index is process-wide; each test builds its own from its own rows.
    index_cache.invalidate()
    yield
    index_cache.invalidate()


@pytest.fixture
def ana(db):
    return UserFactory(username="ana")


@pytest.fixture
def ben(db):
    return UserFactory(username="ben")


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def member_client(client, user):
    client.force_login(user)
    client.user = user
    return client
