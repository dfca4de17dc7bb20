"""In real Chromium: a new member whose goal is statistics is shown, on their first day, people
whose statistics posts others learned from, with the reason, and follows one for statistics
only."""

from __future__ import annotations

import re

import pytest

from learnwork.recommendations import evidence
from learnwork.social import selectors as social_selectors
from tests.browser.fixtures import sign_in
from tests.posts.factories import PostFactory
from tests.skills.factories import LearningGoalFactory, SkillFactory, SkillRelationFactory

from .conftest import learned_by, person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_new_member_follows_a_suggested_teacher_for_statistics_only(page, live_server,
                                                                       screenshot):
    stats = SkillFactory(label="statistics", kind="knowledge")
    regression = SkillFactory(label="regression analysis", kind="knowledge")
    SkillRelationFactory(narrower=regression, broader=stats)
    ana = person("ana", "Ana Silva")
    ben = person("ben", "Ben Okafor")
    learned_by(PostFactory(author=ana, skills=[regression],
                           body="Plot the residuals before you trust a regression."), 4,
               prefix="learner")
    learned_by(PostFactory(author=ben, skills=[stats],
                           body="The median resists outliers; the mean does not."), 2,
               prefix="reader")
    evidence.rebuild()
    rosa = person("rosa", "Rosa Díaz")  # joined just now: her first day
    LearningGoalFactory(user=rosa, skill=stats)
    sign_in(page, live_server, rosa)

    page.goto("/")
    starter = page.get_by_test_id("starter-suggestions")
    starter.get_by_role("heading", name="People to learn from, for your goals").wait_for()
    card = starter.locator('[data-testid="suggestion"][data-handle="ana"]')
    card.get_by_text("4 people learned from Ana Silva's posts on statistics.").wait_for()
    assert card.get_by_role("link", name="Ana Silva").is_visible()
    assert starter.locator('[data-testid="suggestion"]').first.get_attribute(
        "data-handle") == "ana"
    screenshot(page, "recommendations-starter")

    card.get_by_role("button", name="Follow only for statistics").click()
    done = starter.get_by_test_id("suggestion-done")
    done.get_by_text("You follow @ana for statistics.").wait_for()
    state = social_selectors.follow_state(viewer=rosa, other=ana)
    assert state.following and state.topic_ids == {stats.pk}
    assert not social_selectors.follow_state(viewer=rosa, other=ben).following

    # The full page no longer suggests her for statistics; Ben is still there.
    page.get_by_role("link", name="More people for each of your goals").click()
    page.wait_for_url(re.compile(r"/learn-from/$"))
    goal = page.get_by_test_id("goal-suggestions")
    goal.get_by_role("heading", name="To learn statistics").wait_for()
    assert goal.locator('[data-handle="ben"]').is_visible()
    assert goal.locator('[data-handle="ana"]').count() == 0
    screenshot(page, "recommendations-learn-from")
