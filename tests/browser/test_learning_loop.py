"""The feed's promise in real Chromium: one person posts about a skill; another, who follows
them only for that skill, sees it with the reason and marks "I learned from this"; the author
then sees that someone learned from it."""

from __future__ import annotations

import re

import pytest

from learnwork.skills import index_cache
from learnwork.social import services as social
from tests.browser.fixtures import sign_in
from tests.factories import UserFactory
from tests.skills.factories import SkillFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

POST = (
    "The median is the value in the middle once you sort the data. Unlike the mean it barely "
    "moves when one value is extreme, which is why salary reports use it: one billionaire "
    "moves the mean a lot, the median not at all. For example, 1, 2, 3, 4 and 100 have a "
    "mean of 22 but a median of 3. Try it on your own data in statistics class."
)


def _browser_as(chromium, live_server, user):
    context = chromium.new_context(base_url=live_server.url)
    context.set_default_timeout(15_000)
    sign_in(context, live_server, user)
    return context


def test_post_follow_for_skill_learn_and_author_sees_count(chromium, live_server, screenshot):
    index_cache.invalidate()
    stats = SkillFactory(label="statistics", kind="knowledge")
    SkillFactory(label="SQL", kind="knowledge")
    ana = UserFactory(username="ana")
    ana.profile.display_name = "Ana"
    ana.profile.save()
    ben = UserFactory(username="ben")
    social.follow(follower=ben, followee=ana, topic_skill_ids=[stats.pk])

    author = _browser_as(chromium, live_server, ana)
    page = author.new_page()
    page.goto("/posts/new/")
    page.get_by_label("What did you learn, or what can others learn from you?").fill(POST)
    page.get_by_role("button", name="Suggest skills from my text").click()
    suggestion = page.locator("#skill-suggestions").get_by_role(
        "checkbox", name=re.compile("statistics"))
    suggestion.wait_for()
    if not suggestion.is_checked():
        suggestion.check()
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("Published.").wait_for()
    post_url = page.url

    reader = _browser_as(chromium, live_server, ben).new_page()
    reader.goto("/")
    card = reader.locator("article.post-card", has_text="The median is the value")
    card.wait_for()
    card.get_by_text("Why am I seeing this?").click()
    card.get_by_text("You follow Ana for statistics").wait_for()
    card.get_by_role("button", name="I learned from this").click()
    card.get_by_role("button", name="You learned from this ✓").wait_for()
    screenshot(reader, "feed-reader-learned")

    page.goto(post_url)
    page.get_by_text("1 person learned from this").wait_for()
    screenshot(page, "author-sees-learned-count")
    index_cache.invalidate()
