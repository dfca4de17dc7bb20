from __future__ import annotations

import pytest

from tests.factories import UserFactory
from tests.journeys.factories import RecordFactory
from tests.skills.factories import SkillFactory

# --- issuing ---------------------------------------------------------------------------------


@pytest.fixture
def learner(db):
    return UserFactory(username="lena", email="Lena@Example.org")


@pytest.fixture
def sql_skill(db):
    return SkillFactory(label="SQL")


@pytest.fixture
def confirmed_record(learner, sql_skill):
    """A course `learner` finished and its provider confirmed: it can earn a credential."""
    return RecordFactory(user=learner, title="SQL for analysts", source_name="Data School",
                         url="https://data-school.example/sql", skills=[sql_skill],
                         confirmed_by="Data School")
