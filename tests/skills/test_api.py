from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from learnwork.skills.models import LearningGoal, UserSkill
from tests.api_client import API, bearer, send
from tests.factories import UserFactory

from .factories import LearningGoalFactory, SkillFactory, UserSkillFactory

pytestmark = pytest.mark.django_db

@pytest.fixture
def python():
    return SkillFactory(label="Python (computer programming)", alt_labels="Py3K",
                        kind="knowledge")


def test_search_is_public_and_forgiving(client, python):
    response = client.get(f"{API}/skills/search", {"q": "programing pyhton", "limit": 5})
    assert response.status_code == 200
    assert response.json()[0] == {"id": str(python.pk), "label": python.label,
                                  "kind": "knowledge", "matched_alt_label": None}
    assert client.get(f"{API}/skills/search", {"q": "py3k"}).json()[0]["matched_alt_label"] \
        == "Py3K"


def test_search_limit_is_validated(client):
    response = client.get(f"{API}/skills/search", {"q": "x", "limit": 500})
    assert response.status_code == 422
    assert response.json()["error"] == "invalid"


def test_skill_detail_is_public_and_404_is_json(client, python):
    response = client.get(f"{API}/skills/{python.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["label"] == python.label and body["alt_labels"] == ["Py3K"]
    assert body["occupations"]["essential_count"] == 0

    response = client.get(f"{API}/skills/{uuid.uuid4()}")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found" and response.json()["detail"]


def test_my_skills_need_auth(client):
    assert client.get(f"{API}/me/skills").status_code == 401
    response = send(client, "post", "/me/skills", {"skill_id": str(uuid.uuid4())})
    assert response.status_code == 401 and response.json()["error"] == "unauthenticated"


def test_read_only_token_reads_but_cannot_write(client, user, python):
    UserSkillFactory(user=user, skill=python, level=2)
    headers = bearer(user, scope="read")

    listed = client.get(f"{API}/me/skills", **headers)
    assert listed.status_code == 200 and listed.json()[0]["skill"]["label"] == python.label

    response = send(client, "post", "/me/skills", {"skill_id": str(python.pk)}, **headers)
    assert response.status_code == 403 and response.json()["error"] == "read_only_token"
    response = send(client, "delete", f"/me/skills/{python.pk}", **headers)
    assert response.status_code == 403
    assert UserSkill.objects.count() == 1


def test_add_update_remove_a_skill(client, user, python):
    headers = bearer(user)
    body = {"skill_id": str(python.pk), "proficiency": "can_apply", "level": 3,
            "evidence": ["https://example.org/repo"]}

    created = send(client, "post", "/me/skills", body, **headers)
    assert created.status_code == 201
    assert created.json()["level_label"] == "Competent"
    assert send(client, "post", "/me/skills", body, **headers).status_code == 409

    updated = send(client, "put", f"/me/skills/{python.pk}",
                   {"proficiency": "can_teach", "level": 5, "evidence": []}, **headers)
    assert updated.status_code == 200 and updated.json()["proficiency"] == "can_teach"

    assert send(client, "delete", f"/me/skills/{python.pk}", **headers).status_code == 204
    assert send(client, "delete", f"/me/skills/{python.pk}", **headers).status_code == 404


@pytest.mark.parametrize(("body", "status"), [
    ({"level": 9}, 422),
    ({"proficiency": "guru"}, 422),
    ({"skill_id": "python"}, 422),
    ({"evidence": ["javascript:alert(1)"]}, 400),
    ({"skill_id": "00000000-0000-4000-8000-000000000000"}, 404),
])
def test_bad_skill_input_is_a_json_error(client, user, python, body, status):
    payload = {"skill_id": str(python.pk), **body}
    response = send(client, "post", "/me/skills", payload, **bearer(user))
    assert response.status_code == status
    assert set(response.json()) == {"error", "detail"}
    assert not UserSkill.objects.exists()


def test_goals_crud_with_the_session(member_client, python):
    soon = (timezone.localdate() + timedelta(days=30)).isoformat()
    created = send(member_client, "post", "/me/goals",
                   {"skill_id": str(python.pk), "why": "data work", "target_date": soon})
    assert created.status_code == 201
    goal_id = created.json()["id"]
    assert send(member_client, "post", "/me/goals",
                {"skill_id": str(python.pk)}).status_code == 409

    patched = send(member_client, "patch", f"/me/goals/{goal_id}", {"target_date": None})
    assert patched.status_code == 200
    assert patched.json()["target_date"] is None and patched.json()["why"] == "data work"

    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = send(member_client, "patch", f"/me/goals/{goal_id}", {"target_date": past})
    assert response.status_code == 400 and response.json()["error"] == "invalid"

    assert [g["id"] for g in member_client.get(f"{API}/me/goals").json()] == [goal_id]
    assert send(member_client, "delete", f"/me/goals/{goal_id}").status_code == 204
    assert not LearningGoal.objects.exists()


def test_other_peoples_goals_are_404(client, user, python):
    theirs = LearningGoalFactory(user=UserFactory(), skill=python)
    response = send(client, "patch", f"/me/goals/{theirs.pk}", {"why": "x"}, **bearer(user))
    assert response.status_code == 404
    assert send(client, "delete", f"/me/goals/{theirs.pk}", **bearer(user)).status_code == 404
