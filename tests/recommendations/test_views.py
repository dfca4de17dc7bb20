"""The pages: people for each goal with reasons and buttons, the actions with and without
htmx, the dismissed list, and the starter suggestions on the home feed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from learnwork.recommendations import evidence
from learnwork.recommendations.models import Dismissal
from learnwork.social import selectors as social_selectors
from learnwork.social.models import Follow
from tests.skills.factories import LearningGoalFactory

from .conftest import person

pytestmark = pytest.mark.django_db

PAGE = reverse("recommendations:learn_from")
HTMX = {"HTTP_HX_REQUEST": "true"}


def act(handle, action):
    return reverse("recommendations:act", kwargs={"handle": handle, "action": action})


@pytest.fixture
def rosa_client(client, rosa):
    client.force_login(rosa)
    return client


def html(response) -> str:
    return response.content.decode()


def test_the_page_lists_people_per_goal_with_reasons_and_buttons(rosa_client, community):
    response = rosa_client.get(PAGE)
    page = html(response)
    assert response.status_code == 200
    assert "To learn statistics" in page
    assert "3 people learned from Ana Silva&#x27;s posts on statistics." in page
    assert "Says they can teach linear regression." in page
    assert "Follow only for statistics" in page and "Follow for everything" in page
    assert "Dismiss" in page and 'name="csrfmiddlewaretoken"' in page
    assert page.index("Ana Silva") < page.index("Ben Okafor") < page.index("Cleo Martin")
    assert "Dan Wu" not in page


def test_without_goals_the_page_says_how_to_get_suggestions(client, db):
    client.force_login(person("lone"))
    page = html(client.get(PAGE))
    assert "you have none yet" in page and reverse("skills:mine") in page


def test_signed_out_visitors_are_sent_to_log_in(client, db):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.post(act("ana", "follow"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_follow_for_the_goal_skill_without_javascript(rosa_client, rosa, community, tree):
    response = rosa_client.post(act("ana", "follow_skill"),
                                {"skill": str(tree.stats.pk), "next": PAGE})
    assert response.status_code == 302 and response["Location"] == PAGE
    state = social_selectors.follow_state(viewer=rosa, other=community.ana)
    assert state.following and state.topic_ids == {tree.stats.pk}
    page = html(rosa_client.get(PAGE))
    assert "You follow @ana for statistics." in page
    assert "Ana Silva" not in page.split("To learn statistics")[1]


def test_follow_for_everything_with_htmx_swaps_the_card(rosa_client, rosa, community):
    response = rosa_client.post(act("ben", "follow"), {"next": PAGE}, **HTMX)
    page = html(response)
    assert response.status_code == 200
    assert 'data-testid="suggestion-done"' in page
    assert "You follow @ben for everything they post." in page
    assert social_selectors.follow_state(viewer=rosa, other=community.ben).everything


def test_dismiss_then_undo_with_htmx(rosa_client, rosa, community, tree):
    response = rosa_client.post(act("ana", "dismiss"), {"skill": str(tree.stats.pk)}, **HTMX)
    page = html(response)
    assert "@ana won&#x27;t be suggested for statistics again." in page
    assert act("ana", "undismiss") in page and "Undo" in page
    assert Dismissal.objects.filter(reader=rosa, person=community.ana, skill=tree.stats).exists()
    assert "Ana Silva" not in html(rosa_client.get(PAGE))

    page = html(rosa_client.post(act("ana", "undismiss"), {"skill": str(tree.stats.pk)},
                                 **HTMX))
    assert "@ana may be suggested again." in page
    assert not Dismissal.objects.exists()


def test_refusals_are_said_in_the_card_or_as_a_message(rosa_client, rosa, community, tree):
    page = html(rosa_client.post(act("rosa", "follow"), **HTMX))
    assert "You can&#x27;t follow yourself." in page and 'role="alert"' in page
    response = rosa_client.post(act("ana", "follow_skill"), {"next": PAGE})
    assert response.status_code == 302
    assert "Choose the skill" in html(rosa_client.get(PAGE))
    response = rosa_client.post(act("ana", "dismiss"), {"skill": "not-a-skill"})
    assert response.status_code == 302 and not Dismissal.objects.exists()
    assert not Follow.objects.exists()


def test_unknown_people_and_actions_are_not_found(rosa_client, community):
    assert rosa_client.post(act("nobody_here", "follow")).status_code == 404
    assert rosa_client.post(act("ana", "explode")).status_code == 404
    assert rosa_client.get(act("ana", "follow")).status_code == 405


def test_next_must_stay_on_this_site(rosa_client, community, tree):
    response = rosa_client.post(act("ana", "follow"), {"next": "https://evil.example/"})
    assert response["Location"] == PAGE


def test_actions_need_the_csrf_token(rosa, community):
    client = Client(enforce_csrf_checks=True)
    client.force_login(rosa)
    assert client.post(act("ana", "follow")).status_code == 403
    assert not Follow.objects.exists()


def test_the_dismissed_page_lists_them_with_suggest_again(rosa_client, rosa, community, tree):
    Dismissal.objects.create(reader=rosa, person=community.ana, skill=tree.stats)
    Dismissal.objects.create(reader=rosa, person=community.ben)
    page = html(rosa_client.get(reverse("recommendations:dismissed")))
    assert "Not suggested for statistics." in page and "Not suggested for any goal." in page
    response = rosa_client.post(act("ben", "undismiss"),
                                {"next": reverse("recommendations:dismissed")})
    assert response.status_code == 302
    assert list(Dismissal.objects.values_list("person__username", flat=True)) == ["ana"]


def test_a_new_member_sees_starter_suggestions_on_the_home_feed(rosa_client, community):
    page = html(rosa_client.get("/"))
    assert 'data-testid="starter-suggestions"' in page
    assert "People to learn from, for your goals" in page
    assert "3 people learned from Ana Silva&#x27;s posts on statistics." in page
    assert "Follow only for statistics" in page


def test_after_the_first_day_the_feed_only_links_to_the_page(rosa_client, rosa, community):
    rosa.date_joined = timezone.now() - timedelta(days=3)
    rosa.save()
    page = html(rosa_client.get("/"))
    assert 'data-testid="starter-suggestions"' not in page
    assert PAGE in page and "Who can I learn from?" in page


def test_a_new_member_without_goals_is_asked_for_one(client, db):
    client.force_login(person("fresh"))
    page = html(client.get("/"))
    assert 'data-testid="starter-suggestions"' in page and "Add a learning goal" in page


def test_a_new_member_whose_goal_nobody_teaches_yet_is_told_so(client, tree):
    loner = person("loner")
    LearningGoalFactory(user=loner, skill=tree.sql)
    evidence.rebuild()
    client.force_login(loner)
    page = html(client.get("/"))
    assert "Nobody here has shown they can teach your goals yet." in page
