from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from learnwork.skills.models import LearningGoal, UserSkill

from .factories import (
    GroupFactory,
    LearningGoalFactory,
    OccupationSkillFactory,
    SkillFactory,
    SkillRelationFactory,
    UserSkillFactory,
)

pytestmark = pytest.mark.django_db

MINE = reverse("skills:mine")


@pytest.fixture
def python():
    return SkillFactory(label="Python (computer programming)", alt_labels="Py3K",
                        kind="knowledge")


def html(response) -> str:
    return response.content.decode()


def test_browse_lists_top_groups_and_a_search_box(client):
    root = GroupFactory(label="transversal skills")
    SkillRelationFactory(narrower=GroupFactory(label="thinking skills"), broader=root)

    page = html(client.get(reverse("skills:browse")))

    assert "Transversal skills" in page and "Thinking skills" in page
    assert "<search>" in page and 'aria-live="polite"' in page


def test_search_without_javascript_renders_a_full_page(client, python):
    response = client.get(reverse("skills:search"), {"q": "pyhton"})
    page = html(response)
    assert response.status_code == 200
    assert "<html" in page and "Python (computer programming)" in page
    assert reverse("skills:detail", kwargs={"skill_id": python.pk}) in page


def test_search_with_htmx_renders_only_the_results(client, python):
    response = client.get(reverse("skills:search"), {"q": "py3k"}, HTTP_HX_REQUEST="true")
    page = html(response)
    assert "<html" not in page
    assert "Python (computer programming)" in page and "Py3K" in page
    assert "Add as skill" not in page  # anonymous: links only


def test_search_in_add_mode_offers_add_buttons_to_members(member_client, python):
    page = html(member_client.get(reverse("skills:search"), {"q": "python", "mode": "add"},
                                  HTTP_HX_REQUEST="true"))
    assert "Add as skill" in page and "Add as goal" in page and "csrfmiddlewaretoken" in page


def test_search_with_no_match_says_so(client, python):
    page = html(client.get(reverse("skills:search"), {"q": "qqqqqq"}, HTTP_HX_REQUEST="true"))
    assert "No skill matches" in page


def test_detail_page_shows_the_concept(client, python):
    group = GroupFactory(label="programming languages")
    SkillRelationFactory(narrower=python, broader=group)
    SkillRelationFactory(narrower=SkillFactory(label="Django framework"), broader=python)
    OccupationSkillFactory(skill=python, occupation__label="software developer")

    page = html(client.get(reverse("skills:detail", kwargs={"skill_id": python.pk})))

    for text in ("Python (computer programming)", "Py3K", "Programming languages",
                 "Django framework", "Software developer", "Log in"):
        assert text in page


def test_detail_of_unknown_skill_is_404(client):
    response = client.get(reverse("skills:detail", kwargs={"skill_id": uuid.uuid4()}))
    assert response.status_code == 404


def test_member_adds_skill_and_goal_from_the_detail_page(member_client, python):
    url = reverse("skills:detail", kwargs={"skill_id": python.pk})
    response = member_client.post(url, {"action": "skill_save", "proficiency": "can_teach",
                                        "level": "4", "evidence": "https://example.org/talk"})
    assert response.status_code == 302 and response["Location"] == url
    us = UserSkill.objects.get(user=member_client.user)
    assert (us.proficiency, us.level, us.evidence) == ("can_teach", 4,
                                                       ["https://example.org/talk"])

    past = (timezone.localdate() - timedelta(days=3)).isoformat()
    response = member_client.post(url, {"action": "goal_add", "why": "x", "target_date": past})
    assert response.status_code == 400
    assert "Pick a target date from today on." in html(response)
    assert not LearningGoal.objects.exists()

    response = member_client.post(url, {"action": "goal_add", "why": "Teach others"})
    assert response.status_code == 302
    assert "Learning this is one of your goals." in html(member_client.get(url))


def test_anonymous_post_on_detail_goes_to_login(client, python):
    url = reverse("skills:detail", kwargs={"skill_id": python.pk})
    response = client.post(url, {"action": "skill_save"})
    assert response.status_code == 302 and "login" in response["Location"]


def test_mine_requires_login(client):
    response = client.get(MINE)
    assert response.status_code == 302 and "login" in response["Location"]


def test_mine_lists_skills_and_goals(member_client):
    UserSkillFactory(user=member_client.user, skill__label="statistics", level=4)
    LearningGoalFactory(user=member_client.user, skill__label="Python", why="data work")

    page = html(member_client.get(MINE))

    assert "statistics" in page and "Python" in page and "data work" in page
    assert 'hx-trigger="input changed delay:200ms, search"' in page


def test_mine_search_without_javascript_offers_add_buttons(member_client, python):
    page = html(member_client.get(MINE, {"q": "python", "mode": "add"}))
    assert "Python (computer programming)" in page and "Add as skill" in page


def test_quick_add_then_edit_then_remove_a_skill(member_client, python):
    response = member_client.post(MINE, {"action": "skill_add", "skill_id": str(python.pk)})
    assert response.status_code == 302 and response["Location"] == f"{MINE}#skills"
    assert UserSkill.objects.get().level == 1

    response = member_client.post(MINE, {"action": "skill_add", "skill_id": str(python.pk)})
    assert response.status_code == 400
    assert "already one of your skills" in html(response)

    response = member_client.post(MINE, {"action": "skill_save", "skill_id": str(python.pk),
                                         "proficiency": "can_apply", "level": "3",
                                         "evidence": "ftp://nope"})
    assert response.status_code == 400
    page = html(response)
    assert "is not a web address" in page
    # The error sits with the evidence field of that skill's form.
    assert page.index("is not a web address") > page.index(f"skill_save-{python.pk}-evidence")
    assert UserSkill.objects.get().level == 1

    member_client.post(MINE, {"action": "skill_save", "skill_id": str(python.pk),
                              "proficiency": "can_apply", "level": "3", "evidence": ""})
    assert UserSkill.objects.get().level == 3

    response = member_client.post(MINE, {"action": "skill_remove", "skill_id": str(python.pk)})
    assert response.status_code == 302 and not UserSkill.objects.exists()


def test_goal_add_edit_remove_without_javascript(member_client, python):
    member_client.post(MINE, {"action": "goal_add", "skill_id": str(python.pk)})
    goal = LearningGoal.objects.get()

    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = member_client.post(MINE, {"action": "goal_update", "goal_id": goal.pk,
                                         "why": "career", "target_date": past})
    assert response.status_code == 400 and "Pick a target date" in html(response)

    soon = (timezone.localdate() + timedelta(days=60)).isoformat()
    response = member_client.post(MINE, {"action": "goal_update", "goal_id": goal.pk,
                                         "why": "career", "target_date": soon})
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.why == "career" and goal.target_date.isoformat() == soon

    response = member_client.post(MINE, {"action": "goal_remove", "goal_id": goal.pk})
    assert response.status_code == 302 and not LearningGoal.objects.exists()


def test_unknown_action_or_bad_ids_never_500(member_client):
    assert member_client.post(MINE, {"action": "drop_tables"}).status_code == 400
    response = member_client.post(MINE, {"action": "skill_add", "skill_id": str(uuid.uuid4())})
    assert response.status_code == 400 and "Search for the skill by name" in html(response)
    response = member_client.post(MINE, {"action": "goal_remove", "goal_id": "999999"})
    assert response.status_code == 400
