from __future__ import annotations

import pytest

from .factories import ProviderFactory
from .hook_server import hook_server  # noqa: F401 (a fixture for the tests here)


@pytest.fixture
def provider(db, ben):
    """A provider ben manages."""
    made = ProviderFactory(name="Open Academy", slug="open-academy")
    made.admins.add(ben)
    return made
