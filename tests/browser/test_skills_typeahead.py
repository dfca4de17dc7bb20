"""The typeahead flow in real Chromium: type with typos, add a skill and a goal, edit, remove.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.fixtures import sign_in
from tests.factories import UserFactory
from tests.skills.factories import SkillFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typeahead_add_skill_and_goal(page, live_server, screenshot):  # noqa: F811
    SkillFactory(label="Python (computer programming)", alt_labels="Py3K", kind="knowledge")
    SkillFactory(label="statistics", kind="knowledge")
    sign_in(page, live_server, UserFactory())
    page.goto("/skills/mine/")

    search = page.get_by_label("Find a skill, a knowledge area or a topic")
    search.press_sequentially("pyhton progr", delay=30)
    results = page.locator("#add-results")
    results.get_by_role("link", name="Python (computer programming)").wait_for()
    screenshot(page, "skills-typeahead")
    results.get_by_role("button", name="Add as skill — Python (computer programming)").click()

    page.wait_for_url(re.compile(r"/skills/mine/#skills$"))
    skills = page.locator("#skills")
    skills.get_by_role("link", name="Python (computer programming)").wait_for()

    search = page.get_by_label("Find a skill, a knowledge area or a topic")
    search.press_sequentially("statistcs", delay=30)
    page.get_by_role("button", name="Add as goal — statistics").click()
    page.locator("#goals").get_by_role("link", name="statistics").wait_for()

    skills.get_by_text("Edit Python (computer programming)").click()
    skills.get_by_label("Level", exact=True).select_option("4")
    skills.get_by_role("button", name="Save").click()
    page.locator("#skills").get_by_role("img", name="Level 4 of 5").wait_for()
    screenshot(page, "skills-mine")

    page.get_by_role("button", name="Remove — statistics").click()
    page.get_by_text("Goal removed.").wait_for()
    assert page.locator("#goals").get_by_role("link", name="statistics").count() == 0

    page.locator("#skills").get_by_role("link", name="Python (computer programming)").click()
    page.get_by_role("heading", name="You have this skill").wait_for()
    page.get_by_role("button", name="Add as learning goal").click()
    page.get_by_text("Learning this is one of your goals.").wait_for()
    screenshot(page, "skills-detail")
