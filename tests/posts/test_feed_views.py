"""The home feed pages, with and without JavaScript (htmx)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from learnwork.posts import feed_services
from learnwork.posts import services as posts
from learnwork.posts.models import FeedImpression, FeedSettings
from learnwork.social import services as social
from tests.factories import UserFactory
from tests.skills.factories import SkillFactory

pytestmark = pytest.mark.django_db

FEED = reverse("feed:home")
TUNE = reverse("feed:settings")


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def ana(db):
    user = UserFactory(username="ana")
    user.profile.display_name = "Ana"
    user.profile.save()
    return user


def publish(author, body="Something worth reading.", hours=1.0, skills=()):
    return posts.post_publish(author=author, body=body, skill_ids=[s.pk for s in skills],
                              created=timezone.now() - timedelta(hours=hours))


def test_anonymous_people_get_the_welcome_page_at_the_root(client):
    page = html(client.get("/"))
    assert "A network for what you learn" in page and "Your feed" not in page


def test_the_feed_needs_a_sign_in(client):
    response = client.get(FEED)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_signed_in_people_get_their_feed_at_the_root(member_client, ana):
    social.follow(follower=member_client.user, followee=ana)
    post = publish(ana, "Today I learned how **indexes** work.")
    page = html(member_client.get("/"))
    assert "Your feed" in page and "<strong>indexes</strong>" in page
    assert "Why am I seeing this?" in page and "You follow Ana" in page
    assert reverse("posts:react", kwargs={"post_id": post.pk, "kind": "learned"}) in page
    assert FeedImpression.objects.filter(user=member_client.user, post=post).exists()


def test_the_feed_pages_with_a_next_link_and_ends_caught_up(member_client, ana):
    social.follow(follower=member_client.user, followee=ana)
    feed_services.feed_settings_update(user=member_client.user, daily_budget=12)
    for n in range(20):
        publish(ana, f"Post number {n}", hours=n + 1)
    first = html(member_client.get(FEED))
    assert first.count('class="post-card') == 10
    assert f'href="{FEED}?page=2"' in first and f'hx-get="{FEED}?page=2"' in first
    assert "revealed" not in first and "infinite" not in first
    assert "You're caught up" not in first

    second = html(member_client.get(FEED, {"page": 2}))
    assert second.count('class="post-card') == 2
    assert "You're caught up" in second and "?page=3" not in second
    assert "Those were today's 12 posts worth your time." in second
    assert reverse("posts:saved") in second

    # Back later today: the feed opens at the caught-up end, with a way back to today's posts.
    later = html(member_client.get(FEED))
    assert "You're caught up" in later and 'class="post-card' not in later
    assert f"{FEED}?page=1" in later


def test_htmx_gets_only_the_next_page(member_client, ana):
    social.follow(follower=member_client.user, followee=ana)
    for n in range(12):
        publish(ana, f"Post number {n}", hours=n + 1)
    member_client.get(FEED)
    response = member_client.get(FEED, {"page": 2}, HTTP_HX_REQUEST="true")
    page = html(response)
    assert "<html" not in page and 'id="feed-page"' in page
    assert page.count('class="post-card') == 2 and "You're caught up" in page
    assert "HX-Request" in response.get("Vary", "")


def test_htmx_history_restore_gets_the_whole_page(member_client):
    page = html(member_client.get(FEED, HTTP_HX_REQUEST="true",
                                  HTTP_HX_HISTORY_RESTORE_REQUEST="true"))
    assert "<html" in page


def test_an_empty_feed_says_what_to_do_instead(member_client):
    page = html(member_client.get(FEED))
    assert "You're caught up" in page and "Set a learning goal" in page
    assert "Nothing new from the people and skills you follow." in page


def test_running_out_of_posts_before_the_budget_says_so(member_client, ana):
    social.follow(follower=member_client.user, followee=ana)
    publish(ana)
    page = html(member_client.get(FEED))
    assert "That's everything new from the people and skills you follow, for now." in page


def test_discovery_posts_are_labelled_new_to_you(member_client, ana):
    stats = SkillFactory(label="statistics")
    from learnwork.skills import services as skills

    skills.goal_add(user=member_client.user, skill_id=stats.pk)
    post = publish(ana, "A long explanation of the median.", skills=[stats])
    posts.react(user=UserFactory(), post=post, kind="learned")
    page = html(member_client.get(FEED))
    assert "New to you" in page
    assert "New from someone you don&#x27;t follow yet" in page  # a reason: escaped


def settings_of(user) -> FeedSettings:
    return FeedSettings.objects.get(user=user)


def test_tuning_without_javascript_saves_and_redirects(member_client):
    response = member_client.post(TUNE, {
        "preset": "custom", "weight_freshness": "0.5", "weight_learning": "1.5",
        "weight_goals": "2", "chronological": "on", "daily_budget": "30", "max_hashtags": "3",
    })
    assert response.status_code == 302 and response["Location"] == FEED
    saved = settings_of(member_client.user)
    assert (saved.weight_freshness, saved.weight_learning, saved.weight_goals) == (0.5, 1.5, 2)
    assert saved.mode == "chronological" and saved.daily_budget == 30 and saved.max_hashtags == 3
    page = html(member_client.get(FEED))
    assert "Your feed settings are saved." in page


def test_picking_a_preset_sets_the_weights(member_client):
    member_client.post(TUNE, {"preset": "deep_learning", "weight_freshness": "1",
                              "weight_learning": "1", "weight_goals": "1", "daily_budget": "20"})
    saved = settings_of(member_client.user)
    assert (saved.weight_freshness, saved.weight_learning, saved.weight_goals) == (0.3, 2, 1.5)
    assert saved.mode == "ranked" and saved.max_hashtags is None
    page = html(member_client.get(FEED))
    assert re.search(r'value="deep_learning"[^>]*checked', page)


def test_moving_a_slider_without_touching_the_preset_means_my_own_mix(member_client):
    feed_services.feed_settings_update(user=member_client.user, preset="fresh")
    member_client.post(TUNE, {"preset": "fresh", "weight_freshness": "2",
                              "weight_learning": "0.6", "weight_goals": "0.4",
                              "daily_budget": "20"})
    assert settings_of(member_client.user).weight_goals == 0.4


def test_a_bad_value_shows_next_to_its_field(member_client):
    response = member_client.post(TUNE, {"preset": "custom", "weight_freshness": "1",
                                         "weight_learning": "1", "weight_goals": "1",
                                         "daily_budget": "5000"})
    page = html(response)
    assert response.status_code == 400
    assert "Choose from 1 to 200 posts a day." in page and "<details" in page
    assert not FeedSettings.objects.filter(user=member_client.user).exists()


def test_tuning_with_htmx_swaps_the_feed(member_client, ana):
    social.follow(follower=member_client.user, followee=ana)
    publish(ana)
    response = member_client.post(TUNE, {"preset": "my_goals", "daily_budget": "20"},
                                  HTTP_HX_REQUEST="true")
    page = html(response)
    assert response.status_code == 200 and "<html" not in page
    assert 'id="feed"' in page and "Your feed settings are saved." in page
    assert 'class="post-card' in page
    assert settings_of(member_client.user).weight_goals == 2


def test_htmx_errors_come_back_in_the_form(member_client):
    response = member_client.post(TUNE, {"preset": "custom", "weight_goals": "7",
                                         "daily_budget": "20"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Give a number from 0 to 2." in html(response)


def test_the_tune_panel_is_accessible(member_client):
    page = html(member_client.get(FEED))
    for name in ("weight_freshness", "weight_learning", "weight_goals"):
        assert f'<label for="tune-{name}">' in page
        assert f'<output for="tune-{name}"' in page
        assert f'type="range" name="{name}"' in page
    assert "<legend>" in page and 'role="switch"' in page
