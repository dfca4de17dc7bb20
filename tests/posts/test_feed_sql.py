"""The feed's candidate scans: each plan gives the same posts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from learnwork.core.rawsql import fetch_batch
from learnwork.posts import feed_sql
from learnwork.posts import services as posts
from learnwork.posts.models import Post
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _newest(authors, *, since, limit, exclude=frozenset(), recent=None) -> list[int]:
    statement = feed_sql.newest_by_authors(
        author_ids=[a.pk for a in authors], since=since, exclude=set(exclude), limit=limit,
        with_body=False, recent=recent)
    rows = feed_sql.candidates_from(fetch_batch([statement])[0], with_body=False)
    # The moment each post was created, to the microsecond, however the SQL carried it.
    created = dict(Post.objects.filter(pk__in=[row["id"] for row in rows])
                   .values_list("pk", "created"))
    assert all(row["created"] == created[row["id"]] and row["created"].tzinfo for row in rows)
    return [row["id"] for row in rows]


@pytest.mark.parametrize("few, many", [(1, 1000), (1000, 1000), (1000, 1)])
def test_every_plan_for_followed_peoples_posts_gives_the_newest_in_order(monkeypatch, few, many):
    # Force each of PostgreSQL's three plans in turn (SQLite has one): the newest days first,
    # one range per author, and the walk down the newest posts.
    monkeypatch.setattr(feed_sql, "SOME_AUTHORS", few)
    monkeypatch.setattr(feed_sql, "MANY_AUTHORS", many)
    now = timezone.now()
    authors = UserFactory.create_batch(4)
    stranger = UserFactory()
    made = []
    for hours in (1, 5, 20, 30, 47, 49, 70, 100, 200, 300, 400):
        for n, author in enumerate(authors):
            post = posts.post_publish(author=author, body=f"Post {hours} {n}",
                                      created=now - timedelta(hours=hours, minutes=n,
                                                              microseconds=n * 7 + 1))
            made.append((post.created, post.pk, author))
    posts.post_publish(author=stranger, body="Not followed", created=now - timedelta(hours=2))
    since = now - timedelta(days=14)
    followed = authors[:3]
    expected = [pk for created, pk, author in sorted(made, key=lambda m: m[0], reverse=True)
                if author in followed and created >= since]
    assert len(expected) == 30  # the 400-hour-old posts are out of the window
    recent = now - timedelta(days=2)
    for limit in (5, 15, 18, 40):  # all within two days, exactly those, and reaching back
        assert _newest(followed, since=since, limit=limit, recent=recent) == expected[:limit]
        assert _newest(followed, since=since, limit=limit) == expected[:limit]
    skipped = set(expected[1:4])
    assert _newest(followed, since=since, limit=10, recent=recent, exclude=skipped) == \
        [pk for pk in expected if pk not in skipped][:10]
    assert _newest(followed, since=now - timedelta(hours=60), limit=40, recent=recent) == \
        expected[:18]
