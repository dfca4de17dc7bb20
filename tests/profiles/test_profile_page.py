import json
import uuid

import pytest
from django.urls import reverse

from learnwork.accounts import services
from learnwork.skills.models import LearningGoal, Skill, UserSkill
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana(db):
    user = UserFactory(username="ana")
    services.profile_update(user=user, display_name="Ana Silva", headline="Analyst",
                            bio="I like *tables*.", location="Lisbon")
    stats = Skill.objects.create(id=uuid.uuid4(), kind="skill", label="statistics")
    sql = Skill.objects.create(id=uuid.uuid4(), kind="skill", label="SQL")
    UserSkill.objects.create(user=user, skill=sql, proficiency="can_teach", level=4)
    LearningGoal.objects.create(user=user, skill=stats, why="For A/B tests")
    return user


def test_public_profile_shows_sections(client, ana):
    page = client.get("/@ana").content.decode()
    assert "Ana Silva" in page and "Analyst" in page
    assert "<em>tables</em>" in page
    assert "SQL" in page and "Can teach" in page
    # Goals default to members only.
    assert "statistics" not in page


def test_handle_lookup_ignores_case_and_unknown_is_404(client, ana):
    assert client.get("/@ANA").status_code == 200
    response = client.get("/@nobody")
    assert response.status_code == 404
    assert "couldn" in response.content.decode()


def test_members_see_members_sections(client, ana):
    client.force_login(UserFactory())
    page = client.get("/@ana").content.decode()
    assert "statistics" in page and "For A/B tests" in page


def test_only_me_sections_are_hidden_from_others_on_page_and_api(client, ana):
    services.profile_set_visibility(user=ana, about="only_me", skills="only_me",
                                    goals="only_me")
    client.force_login(UserFactory())
    page = client.get("/@ana").content.decode()
    assert "SQL" not in page and "tables" not in page and "Lisbon" not in page
    data = client.get("/api/v1/profiles/ana").json()
    assert data["skills"] is None and data["goals"] is None and data["bio_html"] is None
    assert data["location"] is None
    # The owner still sees everything, marked as private.
    client.force_login(ana)
    page = client.get("/@ana").content.decode()
    assert "SQL" in page and "Visible to: Only me" in page


def test_public_api_for_anonymous(client, ana):
    data = client.get("/api/v1/profiles/ana").json()
    assert data["display_name"] == "Ana Silva"
    assert data["skills"][0]["label"] == "SQL"
    assert data["goals"] is None and data["goals_visible"] is False
    missing = client.get("/api/v1/profiles/nobody")
    assert missing.status_code == 404
    assert missing.json()["error"] == "not_found"


def test_export_contains_everything_but_secrets(client, ana):
    _t, secret = services.access_token_create(user=ana, name="t", scope="read")
    client.force_login(ana)
    response = client.get(reverse("profiles:export"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["profile"]["display_name"] == "Ana Silva"
    assert data["account"]["emails"][0]["email"] == "ana@example.org"
    assert secret not in response.content.decode()
    dumped = json.dumps(data)
    assert "statistics" in dumped and "SQL" in dumped


def test_delete_needs_password_and_handle_and_then_removes_everything(client, ana):
    client.force_login(ana)
    response = client.post(reverse("profiles:delete"), {"password": "wrong", "confirm": "ana"})
    assert response.status_code == 400
    assert client.get("/@ana").status_code == 200

    response = client.post(reverse("profiles:delete"), {"password": PASSWORD, "confirm": "@ana"})
    assert response.status_code == 302
    assert client.get("/@ana").status_code == 404
    assert client.get("/api/v1/profiles/ana").status_code == 404
    assert not UserSkill.objects.filter(user_id=ana.pk).exists()
    assert not LearningGoal.objects.filter(user_id=ana.pk).exists()
    assert "_auth_user_id" not in client.session


def test_profile_page_query_count_is_bounded(client, ana, django_assert_max_num_queries):
    for i in range(20):
        skill = Skill.objects.create(id=uuid.uuid4(), kind="skill", label=f"skill {i}")
        UserSkill.objects.create(user=ana, skill=skill, level=2)
    # 8, plus 2 for the badges section: imported badges and issued credentials.
    with django_assert_max_num_queries(10):
        client.get("/@ana")
