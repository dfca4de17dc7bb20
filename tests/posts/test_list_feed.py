"""A list read as its own feed: what comes in, what never does, the order, and the end."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from learnwork.core.errors import NotFound
from learnwork.posts import feed_services
from learnwork.posts import services as posts
from learnwork.posts.list_feed import NEWEST, PAGE_SIZE, RANKED, list_feed
from learnwork.posts.models import FeedImpression, Post
from learnwork.social import lists
from learnwork.social import services as social
from tests.api_client import API, bearer
from tests.factories import UserFactory
from tests.skills.factories import GroupFactory, SkillFactory, SkillRelationFactory

from .test_feed import BAIT, SUBSTANTIVE

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(db):
    """statistics > regression analysis; cooking elsewhere."""
    stats = GroupFactory(label="statistics")
    regression = SkillFactory(label="regression analysis")
    cooking = SkillFactory(label="cooking")
    SkillRelationFactory(narrower=regression, broader=stats)
    return SimpleNamespace(stats=stats, regression=regression, cooking=cooking)


@pytest.fixture
def people(db):
    found = {}
    for handle, name in (("reader", "Reader"), ("ana", "Ana"), ("ben", "Ben"),
                         ("cara", "Cara")):
        user = UserFactory(username=handle)
        user.profile.display_name = name
        user.profile.save()
        found[handle] = user
    return SimpleNamespace(**found)


@pytest.fixture
def stats_list(people, tree):
    return lists.list_create(owner=people.reader, name="Stats", people=[people.ana],
                             skill_ids=[tree.stats.pk])


def publish(author, body="A post with something to say.", *, skills=(), hours=1.0,
            visibility=Post.Visibility.EVERYONE):
    return posts.post_publish(author=author, body=body, skill_ids=[s.pk for s in skills],
                              visibility=visibility,
                              created=timezone.now() - timedelta(hours=hours))


def ids(page):
    return [item.post.pk for item in page.items]


def test_the_lists_people_and_skills_come_in_with_their_reasons(people, tree, stats_list):
    by_ana = publish(people.ana, "Ana on cooking", skills=[tree.cooking], hours=1)
    narrower = publish(people.ben, "Ben on regression", skills=[tree.regression], hours=2)
    publish(people.ben, "Ben on cooking", skills=[tree.cooking], hours=3)
    publish(people.cara, "Cara, untagged", hours=4)

    page = list_feed(reader=people.reader, list_id=stats_list.pk, order=NEWEST)
    assert ids(page) == [by_ana.pk, narrower.pk]
    assert page.items[0].reasons[0] == "Ana is on your list “Stats”"
    assert page.items[1].reasons[0] == "Your list “Stats” has the skill statistics"
    assert page.reached_end and not page.has_next and page.total == 2


def test_what_the_reader_may_not_or_will_not_see_never_comes_in(people, tree, stats_list):
    dave = UserFactory(username="dave")
    lists.list_add(owner=people.reader, list_id=stats_list.pk, people=[people.ben, dave])
    visible = publish(people.ana, "Ana, public", skills=[tree.stats])
    publish(people.ben, "Ben, for followers", visibility=Post.Visibility.FOLLOWERS)
    publish(people.cara, "Cara on statistics, muted person", skills=[tree.stats])
    publish(dave, "Dave, soon gone", skills=[tree.stats])
    publish(people.ana, "Ana on crypto, a muted word", skills=[tree.stats])
    publish(people.ana, "Ana, too old", hours=15 * 24)
    publish(people.reader, "My own post on statistics", skills=[tree.stats])
    social.mute_person(user=people.reader, person=people.cara)
    social.mute_word(user=people.reader, word="crypto")
    dave.is_active = False
    dave.save()

    page = list_feed(reader=people.reader, list_id=stats_list.pk)
    assert ids(page) == [visible.pk]

    # Following Ben opens his followers-only posts, as everywhere else.
    social.follow(follower=people.reader, followee=people.ben)
    assert len(list_feed(reader=people.reader, list_id=stats_list.pk).items) == 2


def test_blocks_and_muted_skills_hide_posts(people, tree, stats_list):
    lists.list_add(owner=people.reader, list_id=stats_list.pk, skill_ids=[tree.cooking.pk])
    publish(people.ben, "Ben on regression", skills=[tree.regression])
    keep = publish(people.cara, "Cara on cooking", skills=[tree.cooking])
    social.mute_skill(user=people.reader, skill_id=tree.regression.pk)
    social.block(blocker=people.ana, blocked=people.reader)
    publish(people.ana, "Ana, now blocking the reader", skills=[tree.cooking])

    assert ids(list_feed(reader=people.reader, list_id=stats_list.pk)) == [keep.pk]


def test_ranked_like_the_home_feed_or_newest_first(people, tree, stats_list):
    substantive = publish(people.ana, SUBSTANTIVE, skills=[tree.stats], hours=5)
    bait = publish(people.ana, BAIT, skills=[tree.stats], hours=1)
    posts.react(user=people.ben, post=substantive, kind="learned")

    ranked = list_feed(reader=people.reader, list_id=stats_list.pk, order=RANKED)
    assert ids(ranked) == [substantive.pk, bait.pk] and ranked.order == RANKED
    assert any(r.startswith("Ranked lower:") for r in ranked.items[1].reasons)
    assert "1 person learned from this" in ranked.items[0].reasons

    newest = list_feed(reader=people.reader, list_id=stats_list.pk, order=NEWEST)
    assert ids(newest) == [bait.pk, substantive.pk]

    # Without an order, the reader's home feed mode decides.
    assert list_feed(reader=people.reader, list_id=stats_list.pk).order == RANKED
    feed_services.feed_settings_update(user=people.reader, mode="chronological")
    assert list_feed(reader=people.reader, list_id=stats_list.pk).order == NEWEST


def test_pages_of_ten_that_end(people, tree, stats_list):
    made = [publish(people.ana, f"Note {n} on statistics", skills=[tree.stats], hours=n + 1)
            for n in range(PAGE_SIZE + 2)]
    first = list_feed(reader=people.reader, list_id=stats_list.pk, order=NEWEST)
    assert ids(first) == [p.pk for p in made[:PAGE_SIZE]]
    assert first.has_next and first.remaining == 2 and first.total == PAGE_SIZE + 2
    second = list_feed(reader=people.reader, list_id=stats_list.pk, order=NEWEST, page=2)
    assert ids(second) == [p.pk for p in made[PAGE_SIZE:]] and second.reached_end
    beyond = list_feed(reader=people.reader, list_id=stats_list.pk, order=NEWEST, page=9)
    assert beyond.items == [] and beyond.reached_end


def test_an_empty_list_and_someone_elses_list(people, tree):
    empty = lists.list_create(owner=people.reader, name="Empty")
    page = list_feed(reader=people.reader, list_id=empty.pk)
    assert page.empty_list and page.items == [] and page.reached_end
    with pytest.raises(NotFound):
        list_feed(reader=people.ana, list_id=empty.pk)


def test_a_fixed_number_of_queries_however_big_the_list(people, tree, stats_list):
    def count(list_id):
        with CaptureQueriesContext(connection) as captured:
            page = list_feed(reader=people.reader, list_id=list_id, order=RANKED)
        return len(captured), len(page.items)

    for n in range(3):
        publish(people.ana, f"Ana {n}", skills=[tree.stats], hours=n + 1)
    small = count(stats_list.pk)
    crowd = [UserFactory() for _ in range(8)]
    big = lists.list_create(owner=people.reader, name="Big", people=[people.ana, *crowd],
                            skill_ids=[tree.stats.pk, tree.cooking.pk])
    for n, author in enumerate(crowd):
        publish(author, f"Crowd {n}", skills=[tree.cooking], hours=n + 1)
    large = count(big.pk)
    assert small[1] == 3 and large[1] == PAGE_SIZE
    assert large[0] == small[0] <= 18


def test_the_page_ends_records_nothing_and_the_api_matches(client, people, tree, stats_list):
    post = publish(people.ana, "Ana on statistics", skills=[tree.stats])
    client.force_login(people.reader)
    url = reverse("list_feed:detail", kwargs={"list_id": stats_list.pk})
    page = client.get(url).content.decode()
    assert "Ana on statistics" in page and "You've reached the end of this list" in page
    assert "Why am I seeing this?" in page and "Ana is on your list “Stats”" in page
    assert 'role="button" href' not in page  # no Next link
    assert not FeedImpression.objects.exists()

    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and 'id="feed-page"' in fragment

    body = client.get(f"{API}/lists/{stats_list.pk}/feed", {"order": "newest"},
                      **bearer(people.reader)).json()
    assert [p["id"] for p in body["posts"]] == [post.pk]
    assert body["reached_end"] and body["order"] == "newest" and body["name"] == "Stats"
    assert body["posts"][0]["reasons"][0] == "Ana is on your list “Stats”"
    assert not FeedImpression.objects.exists()
