from __future__ import annotations

import datetime as dt

import pytest

from learnwork.seeding.sample import create_sample_taxonomy

# Fixed, so goal target dates are comparable between runs inside one test.
TODAY = dt.date(2030, 1, 15)


@pytest.fixture
def taxonomy(db):
    create_sample_taxonomy()
