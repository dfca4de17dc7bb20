"""The home feed in the JSON API: /feed and /me/feed-settings."""

from __future__ import annotations

import pytest

from learnwork.posts import feed_services
from learnwork.posts import services as posts
from learnwork.posts.models import FeedSettings
from learnwork.social import services as social
from tests.api_client import bearer
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana(db):
    user = UserFactory(username="ana")
    user.profile.display_name = "Ana"
    user.profile.save()
    return user


def test_the_feed_needs_authentication(client):
    response = client.get("/api/v1/feed")
    assert response.status_code == 401 and response.json()["error"] == "unauthenticated"


def test_the_feed_returns_posts_with_parts_and_reasons(client, user, ana):
    social.follow(follower=user, followee=ana)
    post = posts.post_publish(author=ana, body="How I read a query plan, step by step.")
    body = client.get("/api/v1/feed", **bearer(user, "read")).json()
    assert body["page"] == 1 and body["caught_up"] is True and body["has_next"] is False
    assert body["shown_today"] == 1 and body["daily_budget"] == 20
    (item,) = body["posts"]
    assert item["id"] == post.pk and item["author"] == {"handle": "ana", "name": "Ana"}
    assert item["reasons"] == ["You follow Ana"]
    assert set(item["parts"]) == {"learning", "goal_relevance", "substance", "bait_penalty",
                                  "freshness"}
    assert item["score"] == pytest.approx(sum(item["parts"].values()), abs=1e-3)
    assert item["new_to_you"] is False and item["seen"] is False


def test_feed_pages_end_within_the_budget(client, user, ana):
    social.follow(follower=user, followee=ana)
    feed_services.feed_settings_update(user=user, daily_budget=11)
    for n in range(15):
        posts.post_publish(author=ana, body=f"Post {n}")
    headers = bearer(user)
    first = client.get("/api/v1/feed", **headers).json()
    assert len(first["posts"]) == 10 and first["has_next"] and not first["caught_up"]
    second = client.get("/api/v1/feed", {"page": 2}, **headers).json()
    assert len(second["posts"]) == 1 and second["caught_up"] and not second["has_next"]
    assert second["shown_today"] == 11
    assert client.get("/api/v1/feed", {"page": 0}, **headers).status_code == 422


def test_feed_settings_read_and_write(client, user):
    headers = bearer(user)
    got = client.get("/api/v1/me/feed-settings", **headers).json()
    assert got == {"mode": "ranked", "preset": "balanced", "weight_freshness": 1.0,
                   "weight_learning": 1.0, "weight_goals": 1.0, "daily_budget": 20,
                   "max_hashtags": None}
    put = client.put("/api/v1/me/feed-settings", {"preset": "fresh", "max_hashtags": 4},
                     content_type="application/json", **headers)
    assert put.status_code == 200
    assert put.json()["preset"] == "fresh" and put.json()["weight_freshness"] == 2.0
    assert put.json()["max_hashtags"] == 4
    cleared = client.put("/api/v1/me/feed-settings", {"max_hashtags": None, "daily_budget": 9},
                         content_type="application/json", **headers).json()
    assert cleared["max_hashtags"] is None and cleared["daily_budget"] == 9
    assert cleared["preset"] == "fresh"


def test_feed_settings_refuse_a_preset_with_weights(client, user):
    response = client.put("/api/v1/me/feed-settings",
                          {"preset": "fresh", "weight_goals": 1.2},
                          content_type="application/json", **bearer(user))
    assert response.status_code == 400
    assert response.json()["error"] == "invalid" and "not both" in response.json()["detail"]
    assert not FeedSettings.objects.filter(user=user).exists()


def test_feed_settings_refuse_out_of_range_values(client, user):
    response = client.put("/api/v1/me/feed-settings", {"daily_budget": 0},
                          content_type="application/json", **bearer(user))
    assert response.status_code == 422 and "daily_budget" in response.json()["detail"]


def test_a_read_only_token_cannot_change_settings(client, user):
    response = client.put("/api/v1/me/feed-settings", {"mode": "chronological"},
                          content_type="application/json", **bearer(user, "read"))
    assert response.status_code == 403 and response.json()["error"] == "read_only_token"


def test_the_feed_is_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    feed = schema["paths"]["/api/v1/feed"]["get"]
    assert {"200", "401", "422", "429"} <= set(feed["responses"])
    parts = schema["components"]["schemas"]["ScoreParts"]["properties"]
    assert set(parts) == {"learning", "goal_relevance", "substance", "bait_penalty",
                          "freshness"}
    assert "reasons" in schema["components"]["schemas"]["FeedPostOut"]["properties"]
    settings_put = schema["paths"]["/api/v1/me/feed-settings"]["put"]
    assert {"200", "400", "403", "401", "422", "429"} <= set(settings_put["responses"])
