from __future__ import annotations

from types import SimpleNamespace

import pytest

from learnwork.accounts.models import Profile
from learnwork.recommendations import evidence
from tests.factories import UserFactory
from tests.posts.factories import PostFactory, ReactionFactory
from tests.skills.factories import (
    LearningGoalFactory,
    SkillFactory,
    SkillRelationFactory,
    UserSkillFactory,
)


def person(handle: str, name: str | None = None, **kwargs):
    user = UserFactory(username=handle, **kwargs)
    Profile.objects.update_or_create(user=user, defaults={"display_name": name or ""})
    return user


def learned_by(post, count: int, *, prefix: str):
    """`count` new people who mark `post` "I learned from this"; returns them."""
    learners = [person(f"{prefix}{i}") for i in range(count)]
    for learner in learners:
        ReactionFactory(post=post, user=learner)
    return learners


@pytest.fixture
def tree(db):
    """statistics > regression analysis > linear regression; SQL on its own."""
    stats = SkillFactory(label="statistics", kind="knowledge")
    regression = SkillFactory(label="regression analysis", kind="knowledge")
    linear = SkillFactory(label="linear regression", kind="knowledge")
    sql = SkillFactory(label="SQL", kind="knowledge")
    SkillRelationFactory(narrower=regression, broader=stats)
    SkillRelationFactory(narrower=linear, broader=regression)
    return SimpleNamespace(stats=stats, regression=regression, linear=linear, sql=sql)


@pytest.fixture
def rosa(tree):
    """A reader whose goal is statistics."""
    rosa = person("rosa", "Rosa Díaz")
    LearningGoalFactory(user=rosa, skill=tree.stats)
    return rosa


@pytest.fixture
def community(tree, rosa):
    """Ana teaches regression (three learned from her post), Ben statistics (one learner), Cleo
    only says she can teach linear regression, Dan teaches SQL (not a goal of Rosa's)."""
    ana = person("ana", "Ana Silva")
    ben = person("ben", "Ben Okafor")
    cleo = person("cleo", "Cleo Martin")
    dan = person("dan", "Dan Wu")
    ana_post = PostFactory(author=ana, skills=[tree.regression],
                           body="Residuals first: plot them before trusting any fit.")
    ben_post = PostFactory(author=ben, skills=[tree.stats],
                           body="The median resists outliers; the mean does not.")
    dan_post = PostFactory(author=dan, skills=[tree.sql], body="Window functions beat self joins.")
    ana_learners = learned_by(ana_post, 3, prefix="ana_learner")
    ben_learners = learned_by(ben_post, 1, prefix="ben_learner")
    learned_by(dan_post, 5, prefix="dan_learner")
    UserSkillFactory(user=cleo, skill=tree.linear, proficiency="can_teach", level=5)
    evidence.rebuild()
    return SimpleNamespace(ana=ana, ben=ben, cleo=cleo, dan=dan, ana_post=ana_post,
                           ben_post=ben_post, dan_post=dan_post, ana_learners=ana_learners,
                           ben_learners=ben_learners)
