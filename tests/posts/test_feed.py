"""The home feed selector: who sees what, in which order, and where the day ends."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from learnwork.posts import feed, feed_services, ranking
from learnwork.posts import services as posts
from learnwork.posts.feed import home_feed
from learnwork.posts.models import FeedImpression, Post
from learnwork.skills import services as skills
from learnwork.social import services as social
from tests.factories import UserFactory
from tests.skills.factories import GroupFactory, SkillFactory, SkillRelationFactory

pytestmark = pytest.mark.django_db

SUBSTANTIVE = (
    "Here's how I finally understood the median: sort the values and take the middle one. "
    "It beats the mean for skewed data because one huge salary cannot drag it up. For example "
    "with 1, 2, 3, 4 and 100 the mean is 22 but the median is 3, which means the median tells "
    "you what a typical person earns. The trade-off: it ignores how far the outliers are."
)
BAIT = ("The median is underrated.\nMost people get this wrong.\nI did too.\nNot anymore.\n"
        "Agree?\nComment YES if you learned something!\nTag a friend who needs this.")


@pytest.fixture
def tree(db):
    """mathematics > statistics > descriptive statistics > the median; cooking elsewhere."""
    maths = GroupFactory(label="mathematics")
    stats = SkillFactory(label="statistics")
    descriptive = SkillFactory(label="descriptive statistics")
    median = SkillFactory(label="median")
    cooking = SkillFactory(label="cooking")
    SkillRelationFactory(narrower=stats, broader=maths)
    SkillRelationFactory(narrower=descriptive, broader=stats)
    SkillRelationFactory(narrower=median, broader=descriptive)
    return SimpleNamespace(maths=maths, stats=stats, descriptive=descriptive, median=median,
                           cooking=cooking)


@pytest.fixture
def reader(db):
    return UserFactory(username="reader")


@pytest.fixture
def ana(db):
    user = UserFactory(username="ana")
    user.profile.display_name = "Ana"
    user.profile.save()
    return user


def publish(author, body="A post with something to say.", *, skills=(), hours=1.0,
            visibility=Post.Visibility.EVERYONE):
    return posts.post_publish(author=author, body=body, skill_ids=[s.pk for s in skills],
                              visibility=visibility,
                              created=timezone.now() - timedelta(hours=hours))


def ids(page) -> list[int]:
    return [item.post.pk for item in page.items]


def item(page, post):
    return next(i for i in page.items if i.post.pk == post.pk)


def test_a_followed_persons_post_shows_with_its_reason(reader, ana):
    social.follow(follower=reader, followee=ana)
    post = publish(ana)
    page = home_feed(reader=reader)
    assert ids(page) == [post.pk]
    assert item(page, post).reasons[0] == "You follow Ana"
    assert set(item(page, post).parts) == {"learning", "goal_relevance", "substance",
                                           "bait_penalty", "freshness"}


def test_a_person_followed_for_a_topic_brings_only_that_topic_and_narrower(reader, ana, tree):
    social.follow(follower=reader, followee=ana, topic_skill_ids=[tree.stats.pk])
    on_topic = publish(ana, skills=[tree.stats])
    narrower = publish(ana, skills=[tree.median])
    off_topic = publish(ana, skills=[tree.cooking])
    untagged = publish(ana)
    page = home_feed(reader=reader)
    assert set(ids(page)) == {on_topic.pk, narrower.pk}
    assert off_topic.pk not in ids(page) and untagged.pk not in ids(page)
    assert item(page, on_topic).reasons[0] == "You follow Ana for statistics"
    assert item(page, narrower).reasons[0] == "You follow Ana for median"


def test_a_followed_skill_brings_posts_on_narrower_skills(reader, ana, tree):
    social.skill_follow(user=reader, skill_id=tree.stats.pk)
    narrower = publish(ana, skills=[tree.descriptive])
    broader = publish(ana, skills=[tree.maths])
    page = home_feed(reader=reader)
    assert ids(page) == [narrower.pk]
    assert broader.pk not in ids(page)
    assert item(page, narrower).reasons[0] == "You follow the skill descriptive statistics"


def test_mutes_of_people_words_and_skills_hide_posts(reader, ana, tree):
    ben = UserFactory(username="ben")
    for person in (ana, ben):
        social.follow(follower=reader, followee=person)
    kept = publish(ana, "Notes on pivot tables.")
    by_ben = publish(ben, "Ben's thoughts.")
    with_word = publish(ana, "Everything about Crypto today.")
    part_of_a_word = publish(ana, "Cryptography is not the muted word.")
    on_skill = publish(ana, skills=[tree.median])
    social.mute_person(user=reader, person=ben)
    social.mute_word(user=reader, word="crypto")
    social.mute_skill(user=reader, skill_id=tree.descriptive.pk)
    shown = set(ids(home_feed(reader=reader)))
    assert shown == {kept.pk, part_of_a_word.pk}
    assert not shown & {by_ben.pk, with_word.pk, on_skill.pk}


def test_posts_with_more_hashtags_than_the_reader_allows_are_hidden(reader, ana):
    social.follow(follower=reader, followee=ana)
    few = publish(ana, "Learning #python and #sql this week, slowly.")
    many = publish(ana, "Post #a1 #b2x #c3x #d4x #e5x #f6x about nothing")
    assert set(ids(home_feed(reader=reader))) == {few.pk, many.pk}
    feed_services.feed_settings_update(user=reader, max_hashtags=2)
    assert ids(home_feed(reader=reader)) == [few.pk]


def test_blocked_authors_never_appear_either_way(reader, ana, tree):
    ben = UserFactory(username="ben")
    social.skill_follow(user=reader, skill_id=tree.stats.pk)
    social.follow(follower=reader, followee=ana)
    by_ana = publish(ana, skills=[tree.stats])
    by_ben = publish(ben, skills=[tree.stats])
    assert set(ids(home_feed(reader=reader))) == {by_ana.pk, by_ben.pk}
    social.block(blocker=reader, blocked=ana)
    social.block(blocker=ben, blocked=reader)
    assert ids(home_feed(reader=reader)) == []


def test_followers_only_posts_reach_followers_only(reader, ana, tree):
    social.skill_follow(user=reader, skill_id=tree.stats.pk)
    private = publish(ana, skills=[tree.stats], visibility=Post.Visibility.FOLLOWERS)
    members = publish(ana, skills=[tree.stats], visibility=Post.Visibility.MEMBERS)
    assert ids(home_feed(reader=reader)) == [members.pk]
    social.follow(follower=reader, followee=ana, topic_skill_ids=[tree.cooking.pk])
    assert set(ids(home_feed(reader=reader))) == {private.pk, members.pk}


def test_goal_discovery_is_marked_and_bounded(reader, ana, tree):
    skills.goal_add(user=reader, skill_id=tree.stats.pk)
    social.follow(follower=reader, followee=ana)
    feed_services.feed_settings_update(user=reader, daily_budget=10)
    followed = [publish(ana, f"Followed post {n}", hours=n) for n in range(1, 8)]
    strangers = [UserFactory() for _ in range(5)]
    learner = UserFactory()
    discovered = []
    for n, stranger in enumerate(strangers):
        post = publish(stranger, SUBSTANTIVE, skills=[tree.descriptive], hours=2 + n)
        posts.react(user=learner, post=post, kind="learned")
        discovered.append(post)
    nobody_learned = publish(UserFactory(), SUBSTANTIVE, skills=[tree.stats])
    off_goal = publish(strangers[0], SUBSTANTIVE, skills=[tree.cooking])
    posts.react(user=learner, post=off_goal, kind="learned")

    day = [*home_feed(reader=reader, page=1).items, *home_feed(reader=reader, page=2).items]
    new_to_you = [i for i in day if i.new_to_you]
    assert len(new_to_you) == 2  # 20% of a budget of ten
    assert {i.post.pk for i in new_to_you} <= {p.pk for p in discovered}
    assert all(i.reasons[0].startswith("New from someone you don't follow yet: others "
                                       "learning statistics learned from it")
               for i in new_to_you)
    shown = {i.post.pk for i in day}
    assert {p.pk for p in followed} <= shown
    assert nobody_learned.pk not in shown and off_goal.pk not in shown


def test_no_goal_discovery_in_chronological_mode(reader, ana, tree):
    skills.goal_add(user=reader, skill_id=tree.stats.pk)
    social.follow(follower=reader, followee=ana)
    stranger_post = publish(UserFactory(), SUBSTANTIVE, skills=[tree.stats])
    posts.react(user=UserFactory(), post=stranger_post, kind="learned")
    old, new = publish(ana, hours=5), publish(ana, hours=1)
    assert stranger_post.pk in ids(home_feed(reader=reader))
    feed_services.feed_settings_update(user=reader, mode="chronological")
    assert ids(home_feed(reader=reader)) == [new.pk, old.pk]


def read_page(reader, page=None):
    shown = home_feed(reader=reader, page=page)
    feed_services.record_impressions(user=reader, post_ids=shown.post_ids)
    return shown


def test_the_daily_budget_ends_in_caught_up(reader, ana):
    social.follow(follower=reader, followee=ana)
    feed_services.feed_settings_update(user=reader, daily_budget=15)
    for n in range(30):
        publish(ana, f"Post number {n}", hours=n + 1)
    first = read_page(reader)
    assert len(first.items) == 10 and first.has_next and not first.caught_up
    second = read_page(reader, 2)
    assert len(second.items) == 5 and not second.has_next and second.caught_up
    assert not set(first.post_ids) & set(second.post_ids)
    assert FeedImpression.objects.filter(user=reader).count() == 15

    # Coming back later the same day: the feed opens where the day ended, with nothing new.
    again = home_feed(reader=reader)
    assert again.caught_up and again.items == [] and again.page == 3
    # Today's posts can still be read again, and page 1 is what it was.
    assert home_feed(reader=reader, page=1).post_ids == first.post_ids
    assert FeedImpression.objects.filter(user=reader).count() == 15


def test_the_feed_opens_at_the_first_page_with_something_new(reader, ana):
    social.follow(follower=reader, followee=ana)
    for n in range(12):
        publish(ana, f"Post number {n}", hours=n + 1)
    first = read_page(reader)
    newest = publish(ana, "Just now", hours=0)
    resumed = home_feed(reader=reader)
    assert resumed.page == 2
    assert newest.pk in resumed.post_ids
    assert not set(first.post_ids) & set(resumed.post_ids)


def test_few_candidates_mean_caught_up_at_once(reader, ana):
    social.follow(follower=reader, followee=ana)
    publish(ana)
    page = home_feed(reader=reader)
    assert page.caught_up and not page.has_next and len(page.items) == 1


def test_posts_shown_on_earlier_days_do_not_come_back(reader, ana):
    social.follow(follower=reader, followee=ana)
    yesterday_post = publish(ana, "Seen yesterday", hours=30)
    today_post = publish(ana, "Seen today", hours=2)
    FeedImpression.objects.create(user=reader, post=yesterday_post,
                                  shown_at=timezone.now() - timedelta(days=1, hours=1))
    FeedImpression.objects.create(user=reader, post=today_post, shown_at=timezone.now())
    page = home_feed(reader=reader, page=1)
    assert page.post_ids == [today_post.pk]
    assert page.shown_today == 1 and item(page, today_post).seen


def test_today_starts_at_the_readers_own_midnight(reader, ana):
    now = timezone.now()
    assert feed.local_midnight(now=now, tz_name="Pacific/Kiritimati") != feed.local_midnight(
        now=now, tz_name="Pacific/Pago_Pago")
    midnight = feed.local_midnight(now=now, tz_name="Europe/Lisbon")
    assert midnight <= now < midnight + timedelta(days=1, hours=1)
    assert feed.local_midnight(now=now, tz_name="Not/AZone").tzinfo is not None


def test_a_followed_accounts_bait_ranks_below_its_substantive_post(reader, ana, tree):
    social.follow(follower=reader, followee=ana)
    bait = publish(ana, BAIT, skills=[tree.stats], hours=1)
    substantive = publish(ana, SUBSTANTIVE, skills=[tree.stats], hours=3)
    for _ in range(3):
        learner = UserFactory()
        posts.react(user=learner, post=bait, kind="learned")
        posts.react(user=learner, post=substantive, kind="learned")
    bait.refresh_from_db()
    assert bait.bait_score > 0.5
    page = home_feed(reader=reader)
    assert ids(page) == [substantive.pk, bait.pk]
    assert any(r.startswith("Ranked lower: ") for r in item(page, bait).reasons)
    assert not any(r.startswith("Ranked lower") for r in item(page, substantive).reasons)


def test_a_post_published_now_is_in_the_followers_next_request(reader, ana):
    social.follow(follower=reader, followee=ana)
    publish(ana, "An older post", hours=5)
    home_feed(reader=reader)
    fresh = posts.post_publish(author=ana, body="Published this very second.")
    assert home_feed(reader=reader).post_ids[0] == fresh.pk


def test_posts_older_than_the_window_and_own_posts_stay_out(reader, ana):
    social.follow(follower=reader, followee=ana)
    publish(ana, "Too old", hours=24 * 15)
    publish(reader, "My own post")
    assert ids(home_feed(reader=reader)) == []


def test_the_done_flow_post_follow_for_skill_learn(reader, ana, tree):
    skills.goal_add(user=reader, skill_id=tree.stats.pk)
    social.follow(follower=reader, followee=ana, topic_skill_ids=[tree.stats.pk])
    post = posts.post_publish(author=ana, body=SUBSTANTIVE, skill_ids=[tree.stats.pk])
    page = home_feed(reader=reader)
    assert item(page, post).reasons == ["You follow Ana for statistics",
                                        "It matches your goal “statistics”"]
    posts.react(user=reader, post=post, kind="learned")
    classmate = UserFactory()
    skills.goal_add(user=classmate, skill_id=tree.stats.pk)
    posts.react(user=classmate, post=post, kind="learned")
    posts.react(user=UserFactory(), post=post, kind="learned")
    after = item(home_feed(reader=reader), post)
    assert "learned" in after.reactions
    assert after.reasons[1] == "3 people learned from this, 1 of them learning statistics like you"
    assert after.scored.parts["learning"] > item(page, post).scored.parts["learning"]


def test_a_narrower_post_names_the_goal_it_belongs_to(reader, ana, tree):
    skills.goal_add(user=reader, skill_id=tree.stats.pk)
    social.follow(follower=reader, followee=ana)
    post = publish(ana, skills=[tree.median])
    reasons = item(home_feed(reader=reader), post).reasons
    assert reasons[1] == "It is about median, part of your goal “statistics”"


def _count_queries(reader) -> int:
    cache.clear()  # the worst case: the goals' neighbourhood is not cached yet
    with CaptureQueriesContext(connection) as ctx:
        home_feed(reader=reader, page=1)
    return len(ctx.captured_queries)


def test_the_query_count_does_not_grow_with_page_size_or_follows(reader, tree, monkeypatch,
                                                                django_assert_max_num_queries):
    skills.goal_add(user=reader, skill_id=tree.stats.pk)
    social.skill_follow(user=reader, skill_id=tree.stats.pk)
    social.mute_word(user=reader, word="crypto")
    learner = UserFactory()
    authors = [UserFactory() for _ in range(12)]
    social.follow(follower=reader, followee=authors[0])
    social.follow(follower=reader, followee=authors[1], topic_skill_ids=[tree.stats.pk])
    for n, author in enumerate(authors):
        for k in range(3):
            post = publish(author, SUBSTANTIVE, skills=[tree.descriptive], hours=n + k)
            posts.react(user=learner, post=post, kind="learned")
    few = _count_queries(reader)
    for author in authors[2:8]:
        social.follow(follower=reader, followee=author)
    for author in authors[8:10]:  # the last two stay unfollowed: they come through the skill
        social.follow(follower=reader, followee=author, topic_skill_ids=[tree.stats.pk])
    many = _count_queries(reader)
    monkeypatch.setattr(feed, "PAGE_SIZE", 3)
    small_page = _count_queries(reader)
    assert few == many == small_page
    monkeypatch.undo()
    cache.clear()
    with django_assert_max_num_queries(25):
        page = home_feed(reader=reader)
        feed_services.record_impressions(user=reader, post_ids=page.post_ids)
    assert len(page.items) == 10
    # Once the goals' neighbourhood is cached, the hierarchy is not walked again.
    assert _count_queries_warm(reader) < few


def _count_queries_warm(reader) -> int:
    home_feed(reader=reader)
    with CaptureQueriesContext(connection) as ctx:
        home_feed(reader=reader, page=1)
    return len(ctx.captured_queries)


def test_a_new_goal_counts_at_once(reader, ana, tree):
    social.follow(follower=reader, followee=ana)
    skills.goal_add(user=reader, skill_id=tree.cooking.pk)
    post = publish(ana, skills=[tree.median])
    assert item(home_feed(reader=reader), post).scored.goal is None
    skills.goal_add(user=reader, skill_id=tree.stats.pk)
    scored = item(home_feed(reader=reader), post).scored
    assert scored.goal is not None and scored.goal.goal_id == tree.stats.pk


def test_a_new_post_nobody_learned_from_yet_still_gets_a_place_near_the_top(reader, ana, tree):
    skills.goal_add(user=reader, skill_id=tree.stats.pk)
    social.follow(follower=reader, followee=ana)
    feed_services.feed_settings_update(user=reader, daily_budget=4)
    learners = [UserFactory() for _ in range(6)]
    popular = []
    for n in range(8):
        post = publish(ana, SUBSTANTIVE, skills=[tree.stats], hours=30 + n)
        for learner in learners:
            posts.react(user=learner, post=post, kind="learned")
        popular.append(post)
    fresh = posts.post_publish(author=ana, body="A first note on the median.",
                               skill_ids=[tree.cooking.pk])
    baity = posts.post_publish(author=ana, body=BAIT, skill_ids=[tree.cooking.pk])
    page = home_feed(reader=reader)
    assert len(page.items) == 4
    assert page.post_ids.index(fresh.pk) <= feed.NEW_FIRST_SLOT  # on merit it would not fit
    assert baity.pk not in page.post_ids  # bait gets no place kept for it
    assert item(page, fresh).reasons[1].startswith("It is new:")
    assert not any(r.startswith("It is new") for i in page.items if i.post.pk != fresh.pk
                   for r in i.reasons)


def test_new_posts_come_no_lower_than_their_kept_places():
    now = timezone.now()

    def scored(pk, score, hours):
        candidate = ranking.CandidatePost(id=pk, author_id=1, created=now - timedelta(hours=hours),
                                          followed_person=True)
        return ranking.ScoredPost(post=candidate, score=score, parts={})

    established = [scored(pk, 10.0 - pk / 10, hours=40) for pk in range(1, 11)]  # 9.9 … 9.0
    new = [scored(101, 9.95, hours=1), scored(102, 0.5, hours=2), scored(103, 0.4, hours=3)]
    ranked = sorted([*established, *new], key=lambda s: s.score, reverse=True)
    listed = feed._day_list(ranked, shown_today={}, budget=8, now=now)
    # A quarter of 8 places is kept for the two newest: 101 is in on its score anyway (first),
    # 102 only for being new, at the next kept place (index 2 + 3 · 1); 103 is not in.
    assert [s.id for s in listed.posts] == [101, 1, 2, 3, 4, 102, 5, 6]
    assert listed.kept_for_new == frozenset({102})
    chronological = feed._day_list(sorted(ranked, key=lambda s: s.post.created, reverse=True),
                                   shown_today={}, budget=8, now=now, ranked_mode=False)
    assert chronological.kept_for_new == frozenset()


def test_the_page_gives_each_post_its_skills_in_label_order_without_more_queries(
        reader, ana, tree, django_assert_num_queries):
    social.follow(follower=reader, followee=ana)
    post = publish(ana, SUBSTANTIVE, skills=[tree.stats, tree.median, tree.descriptive])
    shown = item(home_feed(reader=reader), post).post
    with django_assert_num_queries(0):
        labels = [skill.label for skill in shown.skills.all()]
        assert shown.author.profile.name == ana.profile.name
    assert labels == sorted(skill.label for skill in (tree.stats, tree.median, tree.descriptive))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="round trips are PostgreSQL's")
def test_on_postgresql_the_feed_is_five_round_trips_however_much_the_reader_follows(
        reader, ana, tree, monkeypatch):
    from learnwork.skills import hierarchy

    monkeypatch.setattr(hierarchy, "_cache_in_tests", True)
    skills.goal_add(user=reader, skill_id=tree.stats.pk)
    social.skill_follow(user=reader, skill_id=tree.stats.pk)
    social.follow(follower=reader, followee=ana, topic_skill_ids=[tree.stats.pk])
    for author in UserFactory.create_batch(30):
        social.follow(follower=reader, followee=author)
        publish(author, SUBSTANTIVE, skills=[tree.descriptive])
    home_feed(reader=reader)  # the goals' neighbourhood and the hierarchy, once
    with CaptureQueriesContext(connection) as ctx:
        page = home_feed(reader=reader, page=1)
    assert len(page.items) == 10
    assert len(ctx.captured_queries) == 5
