from __future__ import annotations

import pytest

from learnwork.skills import index_cache
from tests.factories import UserFactory

from .factories import ProviderFactory
from .hook_server import hook_server  # noqa: F401 (a fixture for the tests here)


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
def provider(db, ben):
    """A provider ben manages."""
    made = ProviderFactory(name="Open Academy", slug="open-academy")
    made.admins.add(ben)
    return made
