from __future__ import annotations

import json

import pytest
from django.urls import reverse

from learnwork.social.models import Follow, FollowTopic, Mute, SkillFollow
from tests.factories import UserFactory
from tests.skills.factories import UserSkillFactory

from .factories import BlockFactory, FollowFactory, MuteFactory, SkillFollowFactory

pytestmark = pytest.mark.django_db

FOLLOWING = reverse("social:following")


def html(response) -> str:
    return response.content.decode()


def act(handle, action):
    return reverse("social:person_action", kwargs={"handle": handle, "action": action})


def skill_act(skill, action):
    return reverse("social:skill_action", kwargs={"skill_id": skill.pk, "action": action})


@pytest.fixture
def ana_client(client, ana):
    client.force_login(ana)
    return client


@pytest.fixture
def ben_skills(ben, tree):
    UserSkillFactory(user=ben, skill=tree.stats)
    UserSkillFactory(user=ben, skill=tree.sql)


def test_profile_offers_follow_for_chosen_skills(ana_client, ben, ben_skills):
    page = html(ana_client.get("/@ben"))
    assert "Follow @ben" in page and "Follow @ben only for:" in page
    assert 'name="topics"' in page and "statistics" in page
    assert 'aria-live="polite"' in page and "<legend>" in page
    assert "Mute @ben" in page and "Block @ben" in page


def test_owner_and_anonymous_get_no_follow_buttons(client, ben):
    page = html(client.get("/@ben"))
    assert "Follow @ben" not in page and "Log in</a> to follow @ben" in page
    client.force_login(ben)
    page = html(client.get("/@ben"))
    assert "Follow @ben" not in page and reverse("social:following") in page


def test_follow_without_javascript_redirects_back(ana_client, ana, ben):
    response = ana_client.post(act("ben", "follow"), {"next": "/@ben"})
    assert response.status_code == 302 and response["Location"] == "/@ben"
    assert Follow.objects.filter(follower=ana, followee=ben).exists()
    page = html(ana_client.get("/@ben"))
    assert "You follow @ben." in page and "You follow @ben for everything" in page
    assert "1 follower" in page


def test_follow_for_topics_then_change_them(ana_client, ana, ben, tree, ben_skills):
    ana_client.post(act("ben", "follow"), {"topics": [str(tree.sql.pk)], "next": "/@ben"})
    follow = Follow.objects.get(follower=ana, followee=ben)
    assert list(FollowTopic.objects.filter(follow=follow).values_list("skill_id", flat=True)) \
        == [tree.sql.pk]
    page = html(ana_client.get("/@ben"))
    assert "You follow @ben only for these skills" in page

    ana_client.post(act("ben", "topics"), {"topics": [str(tree.stats.pk)], "next": "/@ben"})
    assert set(FollowTopic.objects.filter(follow=follow).values_list("skill_id", flat=True)) \
        == {tree.stats.pk}
    ana_client.post(act("ben", "topics"), {"next": "/@ben"})
    assert not FollowTopic.objects.exists()


def test_follow_with_htmx_returns_the_control(ana_client, ana, ben):
    response = ana_client.post(act("ben", "follow"), {"next": "/@ben"}, HTTP_HX_REQUEST="true")
    page = html(response)
    assert response.status_code == 200 and "<html" not in page
    assert "You follow @ben." in page and "Unfollow @ben" in page and 'role="status"' in page
    assert 'value="/@ben"' in page  # the refreshed forms still return to the profile

    response = ana_client.post(act("ben", "unfollow"), HTTP_HX_REQUEST="true")
    assert "Follow @ben" in html(response) and not Follow.objects.exists()


def test_refusal_with_htmx_is_shown_in_the_control_and_writes_nothing(ana_client, ana, ben):
    response = ana_client.post(act("ana", "follow"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "You can&#x27;t follow yourself." in html(response)
    assert 'role="alert"' in html(response)

    BlockFactory(blocker=ana, blocked=ben)
    response = ana_client.post(act("ben", "follow"), HTTP_HX_REQUEST="true")
    page = html(response)
    assert "Unblock them first" in page and "Unblock @ben" in page
    assert not Follow.objects.exists()


def test_refusal_without_javascript_is_a_message_after_redirect(ana_client, ben, ana):
    BlockFactory(blocker=ben, blocked=ana)
    response = ana_client.post(act("ben", "follow"), {"next": "/@ben"}, follow=True)
    assert "@ben has blocked you" in html(response)
    assert not Follow.objects.exists()


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example/", "http://evil.example/@ben",
    "javascript:alert(1)", "https:///evil.example",
])
def test_next_pointing_off_site_is_refused(ana_client, ben, target):
    response = ana_client.post(act("ben", "follow"), {"next": target})
    assert response.status_code == 302 and response["Location"] == "/@ben"
    response = ana_client.post(act("ben", "unfollow"), {"next": target})
    assert response["Location"] == "/@ben"


def test_anonymous_post_goes_to_login_and_writes_nothing(client, ben):
    response = client.post(act("ben", "follow"), {"next": "/@ben"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert "next=/%40ben" in response["Location"] or "next=/@ben" in response["Location"]
    assert not Follow.objects.exists()


def test_bad_actions_handles_and_methods(ana_client, ben):
    assert ana_client.post(act("ben", "befriend")).status_code == 404
    assert ana_client.post(act("nobody", "follow")).status_code == 404
    assert ana_client.get(act("ben", "follow")).status_code == 405


def test_mute_and_block_from_the_profile(ana_client, ana, ben):
    FollowFactory(follower=ana, followee=ben)
    ana_client.post(act("ben", "mute"))
    assert Mute.objects.filter(user=ana, person=ben).exists()
    assert "Unmute @ben" in html(ana_client.get("/@ben"))
    ana_client.post(act("ben", "unmute"))
    assert not Mute.objects.exists()

    ana_client.post(act("ben", "block"))
    assert not Follow.objects.exists()
    page = html(ana_client.get("/@ben"))
    assert "You blocked @ben" in page and "Unblock @ben" in page
    assert "Follow @ben" not in page
    ana_client.post(act("ben", "unblock"))
    assert "Follow @ben" in html(ana_client.get("/@ben"))


def test_someone_blocked_by_the_owner_sees_no_sections_or_controls(client, ana, ben, tree):
    UserSkillFactory(user=ben, skill=tree.sql)
    BlockFactory(blocker=ben, blocked=ana)
    client.force_login(ana)
    page = html(client.get("/@ben"))
    assert "not available to you" in page
    assert "Follow @ben" not in page and "Block @ben" not in page and "SQL" not in page
    assert client.get("/api/v1/profiles/ben").json()["skills"] is None


def test_skill_page_follow_and_mute(ana_client, ana, tree):
    url = reverse("skills:detail", kwargs={"skill_id": tree.stats.pk})
    page = html(ana_client.get(url))
    assert "Follow skill" in page and "Mute skill" in page

    response = ana_client.post(skill_act(tree.stats, "follow"), {"next": url})
    assert response["Location"] == url
    assert SkillFollow.objects.filter(user=ana, skill=tree.stats).exists()
    page = html(ana_client.get(url))
    assert "You follow this skill." in page and "1 person follows this skill" in page

    response = ana_client.post(skill_act(tree.stats, "mute"), HTTP_HX_REQUEST="true")
    assert "<html" not in html(response) and "Unmute skill" in html(response)
    response = ana_client.post(skill_act(tree.stats, "unfollow"),
                               {"next": "https://evil.example/"})
    assert response["Location"] == url
    assert not SkillFollow.objects.exists()


def test_skill_page_for_anonymous_asks_to_log_in(client, tree):
    page = html(client.get(reverse("skills:detail", kwargs={"skill_id": tree.stats.pk})))
    assert "to follow this skill" in page and "Follow skill" not in page


def test_following_page_lists_everything(ana_client, ana, ben, tree):
    follow = FollowFactory(follower=ana, followee=ben)
    FollowTopic.objects.create(follow=follow, skill=tree.sql)
    FollowFactory(follower=ana, followee=UserFactory(username="cleo"))
    SkillFollowFactory(user=ana, skill=tree.stats)
    MuteFactory(user=ana, word="crypto")
    Mute.objects.create(user=ana, kind="skill", skill=tree.linear)
    Mute.objects.create(user=ana, kind="person", person=UserFactory(username="loud"))
    BlockFactory(blocker=ana, blocked=UserFactory(username="troll"))

    page = html(ana_client.get(FOLLOWING))

    for text in ("@ben", "Only for:", "SQL", "@cleo", "Everything they post.", "statistics",
                 "crypto", "linear regression", "@loud", "@troll", "Unblock",
                 reverse("social:person", kwargs={"handle": "ben"})):
        assert text in page, text


def test_following_page_query_count_does_not_grow(ana_client, ana, tree,
                                                  django_assert_max_num_queries):
    def count_queries(n):
        for _ in range(n):
            FollowTopic.objects.create(follow=FollowFactory(follower=ana), skill=tree.sql)
        with django_assert_max_num_queries(20) as captured:
            assert ana_client.get(FOLLOWING).status_code == 200
        return len(captured)

    assert count_queries(2) == count_queries(30)


def test_following_page_needs_login(client):
    response = client.get(FOLLOWING)
    assert response.status_code == 302 and "login" in response["Location"]


def test_mute_word_form(ana_client, ana):
    response = ana_client.post(reverse("social:mute_word"), {"word": "  Hot TAKE "})
    assert response.status_code == 302
    assert Mute.objects.get(user=ana).word == "hot take"

    response = ana_client.post(reverse("social:mute_word"), {"word": "hot take"})
    assert response.status_code == 400
    assert "You already mute “hot take”." in html(response)
    assert 'aria-invalid="true"' in html(response)

    response = ana_client.post(reverse("social:mute_word"), {"word": " "})
    assert response.status_code == 400 and "Type a word or phrase" in html(response)
    assert Mute.objects.count() == 1


def test_remove_mute(ana_client, ana):
    mute = MuteFactory(user=ana, word="crypto")
    other = MuteFactory(word="mine")
    response = ana_client.post(reverse("social:unmute", kwargs={"mute_id": mute.pk}))
    assert response.status_code == 302 and response["Location"].startswith(FOLLOWING)
    response = ana_client.post(reverse("social:unmute", kwargs={"mute_id": other.pk}),
                               follow=True)
    assert "does not exist, or is not yours" in html(response)
    assert list(Mute.objects.all()) == [other]


def test_person_page_edits_topics(ana_client, ana, ben, tree, ben_skills):
    FollowFactory(follower=ana, followee=ben)
    page = html(ana_client.get(reverse("social:person", kwargs={"handle": "ben"})))
    assert "Change what you follow them for" in page and "statistics" in page


def test_data_export_includes_social(ana_client, ana, ben):
    FollowFactory(follower=ana, followee=ben)
    data = json.loads(ana_client.get(reverse("profiles:export")).content)
    assert data["following"][0]["handle"] == "ben"
    assert data["mutes"] == [] and data["blocks"] == []
