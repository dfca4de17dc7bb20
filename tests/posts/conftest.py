from __future__ import annotations

import pytest

from learnwork.skills import index_cache


@pytest.fixture(autouse=True)
def _fresh_search_index():
    # The skill index is process-wide; each test builds its own from its own rows.
    index_cache.invalidate()
    yield
    index_cache.invalidate()
