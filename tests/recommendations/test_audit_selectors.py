"""The follow audit's figures: from the reader's impressions and reactions, in a fixed number
of queries."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from learnwork.posts import services as posts
from learnwork.posts.models import FeedImpression
from learnwork.recommendations import audit
from learnwork.recommendations.audit_selectors import follow_audit, sorted_rows
from learnwork.social import services as social
from tests.factories import UserFactory
from tests.skills.factories import SkillFactory

pytestmark = pytest.mark.django_db


def person(handle, name=""):
    user = UserFactory(username=handle)
    if name:
        user.profile.display_name = name
        user.profile.save()
    return user


def publish(author, body="A post with something to say.", *, skills=(), days=1.0):
    return posts.post_publish(author=author, body=body, skill_ids=[s.pk for s in skills],
                              created=timezone.now() - timedelta(days=days))


def shown(reader, *posts_shown, days=1.0):
    """The reader was shown these posts in their feed, `days` ago."""
    at = timezone.now() - timedelta(days=days)
    FeedImpression.objects.bulk_create(
        [FeedImpression(user=reader, post=post, shown_at=at) for post in posts_shown])


def learned(reader, *posts_learned):
    for post in posts_learned:
        posts.react(user=reader, post=post, kind="learned")


def make_net():
    """The reader follows Ana (stats and cooking), Ben (silent for 40 days) and Cara (muted)."""
    stats = SkillFactory(label="statistics")
    cooking = SkillFactory(label="cooking")
    reader = person("reader")
    ana, ben, cara = person("ana", "Ana"), person("ben", "Ben"), person("cara")
    for other in (ana, ben, cara):
        social.follow(follower=reader, followee=other)
    social.mute_person(user=reader, person=cara)
    return SimpleNamespace(reader=reader, ana=ana, ben=ben, cara=cara, stats=stats,
                           cooking=cooking)


@pytest.fixture
def net(db):
    return make_net()


def row_of(result, user):
    return next(row for row in result.rows if row.person_id == user.pk)


def test_figures_count_what_was_shown_and_learned_in_the_window(net):
    on_stats = [publish(net.ana, f"stats {n}", skills=[net.stats]) for n in range(3)]
    on_cooking = publish(net.ana, "cooking", skills=[net.cooking])
    untagged = publish(net.ana, "untagged")
    never_shown = publish(net.ana, "never shown", skills=[net.stats])
    old = publish(net.ana, "shown long ago", skills=[net.stats], days=20)
    shown(net.reader, *on_stats, on_cooking, untagged)
    shown(net.reader, old, days=31)
    learned(net.reader, on_stats[0], on_stats[1], never_shown, old)
    # Someone else learning, or the reader learning from someone they don't follow: no matter.
    other = person("other")
    learned(other, on_cooking)
    stranger_post = publish(person("stranger"), "not followed")
    shown(net.reader, stranger_post)
    learned(net.reader, stranger_post)
    publish(net.ben, "Ben, long ago", days=40)

    result = follow_audit(reader=net.reader)
    assert {row.handle for row in result.rows} == {"ana", "ben", "cara"}
    ana = row_of(result, net.ana)
    assert (ana.name, ana.figures.shown, ana.figures.learned, ana.figures.posted) == (
        "Ana", 5, 2, 7)
    assert ana.share_percent == 40
    assert [(s.label, s.shown, s.learned) for s in ana.figures.skills] == [
        ("statistics", 3, 2), ("cooking", 1, 0)]
    assert ana.suggestion.action == audit.KEEP

    ben = row_of(result, net.ben)
    assert ben.figures.silent and ben.suggestion.action == audit.UNFOLLOW
    assert ben.last_posted is not None and (timezone.now() - ben.last_posted).days == 40
    cara = row_of(result, net.cara)
    assert cara.figures.muted and cara.last_posted is None and cara.name == "cara"
    assert result.counts == {"keep": 1, "focus": 0, "mute": 0, "unfollow": 2}


def test_topics_and_a_focus_suggestion(net):
    social.follow(follower=net.reader, followee=net.ana,
                  topic_skill_ids=[net.stats.pk, net.cooking.pk])
    on_stats = [publish(net.ana, f"stats {n}", skills=[net.stats]) for n in range(3)]
    on_cooking = [publish(net.ana, f"cooking {n}", skills=[net.cooking]) for n in range(5)]
    shown(net.reader, *on_stats, *on_cooking)
    learned(net.reader, *on_stats[:2])

    ana = row_of(follow_audit(reader=net.reader), net.ana)
    assert [label for _pk, label in ana.topics] == ["cooking", "statistics"]
    assert ana.figures.topic_ids == {net.stats.pk, net.cooking.pk}
    assert ana.suggestion.action == audit.FOCUS and ana.suggestion.skill_id == net.stats.pk
    assert [s.label for s in ana.focus_choices] == ["statistics", "cooking"]


def test_deactivated_and_unfollowed_accounts_are_not_in_the_audit(net):
    net.cara.is_active = False
    net.cara.save()
    social.unfollow(follower=net.reader, followee=net.ben)
    assert [row.handle for row in follow_audit(reader=net.reader).rows] == ["ana"]
    assert follow_audit(reader=person("lonely")).rows == []


def test_a_fixed_number_of_queries_however_many_are_followed(net):
    def count():
        with CaptureQueriesContext(connection) as captured:
            result = follow_audit(reader=net.reader)
        return len(captured), len(result.rows)

    post = publish(net.ana, "one", skills=[net.stats])
    shown(net.reader, post)
    few = count()
    for n in range(25):
        someone = person(f"many{n}")
        social.follow(follower=net.reader, followee=someone, topic_skill_ids=[net.stats.pk])
        post = publish(someone, f"post {n}", skills=[net.stats, net.cooking])
        shown(net.reader, post)
        if n % 3:
            learned(net.reader, post)
        if n % 5 == 0:
            social.mute_person(user=net.reader, person=someone)
    many = count()
    assert few[1] == 3 and many[1] == 28
    assert few[0] == many[0] == 7


def test_sorting_and_filtering(net):
    for n in range(12):
        post = publish(net.ana, f"a{n}")
        shown(net.reader, post)
    rows = follow_audit(reader=net.reader).rows
    by_suggestion = sorted_rows(rows)
    # Ben and Cara are silent (unfollow), Ana was shown 12 posts and taught nothing (mute).
    assert [r.handle for r in by_suggestion] == ["ben", "cara", "ana"]
    assert [r.suggestion.action for r in by_suggestion] == ["unfollow", "unfollow", "mute"]
    assert [r.handle for r in sorted_rows(rows, sort="name")] == ["ana", "ben", "cara"]
    assert [r.handle for r in sorted_rows(rows, sort="shown")][0] == "ana"
    assert [r.handle for r in sorted_rows(rows, suggestion="mute")] == ["ana"]
    assert [r.handle for r in sorted_rows(rows, sort="nonsense")] == ["ben", "cara", "ana"]
