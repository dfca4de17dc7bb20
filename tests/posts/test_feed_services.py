"""Feed settings and impressions: the writes behind the home feed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from learnwork.core.errors import InvalidInput
from learnwork.posts import services as posts
from learnwork.posts.feed_services import feed_settings_update, record_impressions
from learnwork.posts.models import FeedImpression, FeedSettings
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_defaults_are_created_on_first_change(user):
    saved = feed_settings_update(user=user, daily_budget=12)
    assert saved.pk and saved.daily_budget == 12
    assert (saved.weight_freshness, saved.weight_learning, saved.weight_goals) == (1, 1, 1)
    assert saved.mode == "ranked" and saved.max_hashtags is None


@pytest.mark.parametrize(("preset", "weights"), [
    ("balanced", (1.0, 1.0, 1.0)),
    ("fresh", (2.0, 0.6, 1.0)),
    ("deep_learning", (0.3, 2.0, 1.5)),
    ("my_goals", (1.0, 1.0, 2.0)),
])
def test_presets(user, preset, weights):
    saved = feed_settings_update(user=user, preset=preset)
    assert (saved.weight_freshness, saved.weight_learning, saved.weight_goals) == weights


def test_only_what_is_passed_changes(user):
    feed_settings_update(user=user, preset="fresh", max_hashtags=3, mode="chronological")
    saved = feed_settings_update(user=user, weight_goals=0.5)
    assert (saved.weight_freshness, saved.weight_goals, saved.max_hashtags) == (2.0, 0.5, 3)
    assert saved.mode == "chronological"
    assert feed_settings_update(user=user, max_hashtags=None).max_hashtags is None


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"preset": "viral"}, "preset"),
    ({"preset": "fresh", "weight_goals": 1.0}, "preset"),
    ({"weight_freshness": 2.5}, "weight_freshness"),
    ({"weight_learning": -0.1}, "weight_learning"),
    ({"weight_goals": float("nan")}, "weight_goals"),
    ({"weight_goals": "lots"}, "weight_goals"),
    ({"mode": "viral"}, "mode"),
    ({"daily_budget": 0}, "daily_budget"),
    ({"daily_budget": 201}, "daily_budget"),
    ({"daily_budget": 2.5}, "daily_budget"),
    ({"daily_budget": True}, "daily_budget"),
    ({"max_hashtags": -1}, "max_hashtags"),
    ({"max_hashtags": 51}, "max_hashtags"),
])
def test_bad_values_are_refused_with_the_field_and_nothing_written(user, kwargs, field):
    with pytest.raises(InvalidInput) as caught:
        feed_settings_update(user=user, **kwargs)
    assert caught.value.field == field and caught.value.detail
    assert not FeedSettings.objects.filter(user=user).exists()


def test_impressions_keep_the_first_time_a_post_was_shown(user):
    post = posts.post_publish(author=UserFactory(), body="Hello")
    earlier = timezone.now() - timedelta(days=1)
    record_impressions(user=user, post_ids=[post.pk, post.pk], at=earlier)
    record_impressions(user=user, post_ids=[post.pk])
    assert FeedImpression.objects.get(user=user, post=post).shown_at == earlier
    assert record_impressions(user=user, post_ids=[]) == 0


@pytest.mark.django_db(transaction=True)
def test_impressions_written_outside_a_transaction_are_kept_and_leave_the_session_as_it_was():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    reader = UserFactory()
    post = posts.post_publish(author=UserFactory(), body="Hello")
    with CaptureQueriesContext(connection) as captured:
        assert record_impressions(user=reader, post_ids=[post.pk]) == 1
    assert len(captured) == 1  # one round trip, whatever the database
    assert FeedImpression.objects.filter(user=reader, post=post).exists()
    if connection.vendor == "postgresql":
        assert "synchronous_commit TO OFF" in captured.captured_queries[0]["sql"]
        with connection.cursor() as cursor:
            # The relaxed commit was the insert's own, not the connection's.
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone()[0] == "on"
