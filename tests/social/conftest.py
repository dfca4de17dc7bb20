from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.skills.factories import GroupFactory, SkillFactory, SkillRelationFactory


@pytest.fixture
def tree(db):
    """statistics > regression > linear regression, and SQL on its own."""
    stats = GroupFactory(label="statistics")
    regression = SkillFactory(label="regression analysis")
    linear = SkillFactory(label="linear regression")
    sql = SkillFactory(label="SQL")
    SkillRelationFactory(narrower=regression, broader=stats)
    SkillRelationFactory(narrower=linear, broader=regression)
    return SimpleNamespace(stats=stats, regression=regression, linear=linear, sql=sql)
