"""The follow audit and lists in real Chromium: the audit shows what a follow brought, a bulk
action narrows it to one skill; a list of a person and a skill reads as a feed that ends."""

from __future__ import annotations

import pytest

from learnwork.skills import index_cache
from learnwork.social import services as social
from learnwork.social.models import Follow, FollowList, FollowTopic
from tests.browser.fixtures import sign_in
from tests.skills.factories import SkillFactory

from .test_audit_selectors import learned, person, publish, shown

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_audit_shows_a_follows_figures_and_narrows_it_to_one_skill(page, live_server,
                                                                        screenshot):
    stats = SkillFactory(label="statistics", kind="knowledge")
    cooking = SkillFactory(label="cooking", kind="knowledge")
    reader, ana = person("reader"), person("ana", "Ana")
    social.follow(follower=reader, followee=ana)
    on_stats = [publish(ana, f"How I read a box plot, part {n}", skills=[stats])
                for n in range(3)]
    on_cooking = [publish(ana, f"My sourdough, day {n}", skills=[cooking]) for n in range(5)]
    shown(reader, *on_stats, *on_cooking)
    learned(reader, *on_stats[:2])

    sign_in(page, live_server, reader)
    page.goto("/following/audit/")
    row = page.locator("#audit-ana")
    row.wait_for()
    cells = row.locator("td")
    assert cells.nth(2).inner_text().strip() == "8"  # posts shown
    assert cells.nth(3).inner_text().split() == ["2", "(25%)"]  # learned from, the share
    assert "statistics · 2/3" in cells.nth(4).inner_text()
    assert "Follow only for statistics" in row.inner_text()
    assert "none of their 5 other posts helped" in row.inner_text()
    screenshot(page, "follow-audit")

    row.get_by_label("Select @ana").check()
    assert row.get_by_label("Skill to follow @ana for").input_value() == str(stats.pk)
    page.get_by_label("Action").select_option(label="Follow only for the skill chosen in "
                                                    "their row")
    page.get_by_role("button", name="Apply").click()
    page.get_by_text("Done: 1 now followed for one skill only.").wait_for()
    assert "Only for: statistics" in page.locator("#audit-ana").inner_text()
    follow = Follow.objects.get(follower=reader, followee=ana)
    assert list(FollowTopic.objects.filter(follow=follow).values_list("skill_id", flat=True)) \
        == [stats.pk]


def test_a_list_of_a_person_and_a_skill_reads_as_a_feed_that_ends(page, live_server,
                                                                   screenshot):
    index_cache.invalidate()
    stats = SkillFactory(label="statistics", kind="knowledge")
    cooking = SkillFactory(label="cooking", kind="knowledge")
    reader, ben, cara = person("reader"), person("ben", "Ben"), person("cara", "Cara")
    publish(ben, "Ben's notes on knife skills", skills=[cooking])
    publish(cara, "Cara explains the median", skills=[stats])
    publish(cara, "Cara's holiday photos")

    sign_in(page, live_server, reader)
    page.goto("/lists/")
    page.get_by_label("Name").fill("Worth reading")
    page.get_by_role("button", name="Create list").click()
    page.get_by_text("List “Worth reading” created.").wait_for()

    page.get_by_label("Add a person by @handle").fill("@ben")
    page.get_by_role("button", name="Add person").click()
    page.get_by_text("@ben is on the list.").wait_for()
    page.get_by_label("Find a skill to add").fill("statistics")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("button", name="Add to list — statistics").click()
    page.get_by_text("statistics is on the list, with every narrower skill.").wait_for()

    page.get_by_role("button", name="Read this list").click()
    page.get_by_role("heading", name="Worth reading", exact=True).wait_for()
    cards = page.locator("article.post-card")
    texts = [cards.nth(i).inner_text() for i in range(cards.count())]
    assert len(texts) == 2
    assert any("knife skills" in t for t in texts) and any("the median" in t for t in texts)
    assert not any("holiday" in t for t in texts)
    page.get_by_role("heading", name="You've reached the end of this list").wait_for()
    assert page.get_by_role("link", name="Next").count() == 0
    cards.first.get_by_text("Why am I seeing this?").click()
    page.get_by_text("on your list “Worth reading”", exact=False).first.wait_for()
    assert FollowList.objects.get(owner=reader).members.count() == 2
    screenshot(page, "list-feed")
    index_cache.invalidate()
