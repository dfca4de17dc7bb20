"""The home feed in real Chromium: the "done" flow of the feed, with htmx doing its part."""

from __future__ import annotations

import pytest

from learnwork.posts import feed_services
from learnwork.posts import services as posts
from learnwork.posts.models import FeedSettings, Reaction
from learnwork.social import services as social
from tests.browser.fixtures import sign_in
from tests.factories import UserFactory
from tests.skills.factories import SkillFactory

from .test_feed import BAIT, SUBSTANTIVE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_follow_for_a_skill_see_why_learn_and_reach_the_end(page, live_server, screenshot):
    stats = SkillFactory(label="statistics", kind="knowledge")
    ana = UserFactory(username="ana")
    ana.profile.display_name = "Ana"
    ana.profile.save()
    reader = UserFactory(username="reader")
    social.follow(follower=reader, followee=ana, topic_skill_ids=[stats.pk])
    feed_services.feed_settings_update(user=reader, daily_budget=3)
    bait = posts.post_publish(author=ana, body=BAIT, skill_ids=[stats.pk])
    substantive = posts.post_publish(author=ana, body=SUBSTANTIVE, skill_ids=[stats.pk])
    posts.post_publish(author=ana, body="A short note on variance.", skill_ids=[stats.pk])

    sign_in(page, live_server, reader)
    page.goto("/")
    cards = page.locator("article.post-card")
    cards.first.wait_for()
    assert cards.count() == 3
    first, last = cards.nth(0), cards.nth(2)
    assert "median" in first.inner_text()
    assert "Comment YES" in last.inner_text()  # the bait comes last

    first.get_by_text("Why am I seeing this?").click()
    first.get_by_text("You follow Ana for statistics").wait_for()
    last.get_by_text("Why am I seeing this?").click()
    last.get_by_text("Ranked lower:", exact=False).wait_for()

    first.get_by_role("button", name="I learned from this").click()
    first.get_by_role("button", name="You learned from this ✓").wait_for()
    assert Reaction.objects.filter(user=reader, post=substantive, kind="learned").exists()
    assert not Reaction.objects.filter(post=bait).exists()

    page.get_by_role("heading", name="You're caught up").wait_for()
    assert page.get_by_role("link", name="Next").count() == 0
    screenshot(page, "feed-caught-up")


def test_tuning_the_feed_swaps_it_in_place(page, live_server):
    reader = UserFactory(username="reader")
    sign_in(page, live_server, reader)
    page.goto("/feed/")
    page.get_by_text("Tune your feed").click()
    page.get_by_label("Deep learning: what people learned most from").check()
    page.get_by_label("Newest first, without ranking").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Your feed settings are saved.").wait_for()
    assert page.url.endswith("/feed/")
    saved = FeedSettings.objects.get(user=reader)
    assert saved.mode == "chronological" and saved.weight_learning == 2.0

    page.get_by_text("Tune your feed").click()
    slider = page.get_by_label("Goal relevance")
    slider.fill("0.4")
    page.locator("output[for='tune-weight_goals']").filter(has_text="0.4").wait_for()
    assert page.get_by_label("My own mix (the sliders below)").is_checked()
    # The first save's message is still on the page: wait for this save's own response.
    with page.expect_response(lambda r: r.request.method == "POST"):
        page.get_by_role("button", name="Save").click()
    page.get_by_text("Your feed settings are saved.").wait_for()
    saved.refresh_from_db()
    assert saved.weight_goals == 0.4 and saved.weight_learning == 2.0
