"""The learning journey on the profile: the charts inline and as images of their own, the data
download, and account deletion taking every record with it."""

from __future__ import annotations

import json

import pytest
from defusedxml import ElementTree
from django.urls import reverse

from learnwork.accounts import services as accounts
from learnwork.journeys.models import LearningRecord, RecordSkill
from learnwork.social import services as social
from tests.factories import PASSWORD, UserFactory
from tests.journeys.factories import RecordFactory
from tests.skills.factories import SkillFactory, UserSkillFactory

pytestmark = pytest.mark.django_db

NS = {"svg": "http://www.w3.org/2000/svg"}


@pytest.fixture
def ana(db):
    return UserFactory(username="ana")


def test_profile_shows_the_charts_inline_for_everyone(client, ana):
    sql = SkillFactory(label="SQL")
    RecordFactory(user=ana, title="Databases", skills=[sql], confirmed_by="Open Uni")
    page = client.get("/@ana").content.decode()
    assert 'role="img" aria-label="1 learning day in the last year"' in page
    assert 'aria-label="Skills by evidence: 1 verified, 0 shown by records, 0 claimed only"' in (
        page)
    assert "Confirmed by Open Uni" in page and "Verified by Open Uni" in page


def test_charts_as_images_follow_visibility(client, ana):
    stats, secret = SkillFactory(label="statistics"), SkillFactory(label="secret skill")
    RecordFactory(user=ana, skills=[stats])
    RecordFactory(user=ana, skills=[secret], visibility="only_me")

    response = client.get("/@ana/journey/skills.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["Cache-Control"].startswith("private")
    root = ElementTree.fromstring(response.content)
    assert [g.get("data-label") for g in root.findall("svg:g[@class='bar']", NS)] == [
        "statistics"]

    heatmap = ElementTree.fromstring(client.get("/@ANA/journey/heatmap.svg").content)
    assert heatmap.get("aria-label") == "1 learning day in the last year"
    client.force_login(ana)
    mine = ElementTree.fromstring(client.get("/@ana/journey/skills.svg").content)
    assert len(mine.findall("svg:g[@class='bar']", NS)) == 2
    assert client.get("/@nobody/journey/heatmap.svg").status_code == 404


def test_a_blocked_viewer_sees_no_journey(client, ana):
    RecordFactory(user=ana, title="Visible course", skills=[SkillFactory()])
    ben = UserFactory(username="ben")
    social.block(blocker=ana, blocked=ben)
    client.force_login(ben)
    page = client.get("/@ana").content.decode()
    assert "Visible course" not in page and "Learning journey" not in page
    chart = ElementTree.fromstring(client.get("/@ana/journey/skills.svg").content)
    assert chart.get("aria-label") == "No skills with evidence yet"
    heatmap = ElementTree.fromstring(client.get("/@ana/journey/heatmap.svg").content)
    assert heatmap.get("aria-label") == "0 learning days in the last year"


def test_skills_only_through_records_show_even_when_claims_are_private(client, ana):
    python, stats = SkillFactory(label="Python"), SkillFactory(label="statistics")
    UserSkillFactory(user=ana, skill=python)
    RecordFactory(user=ana, title="Stats course", skills=[stats])
    accounts.profile_set_visibility(user=ana, about="everyone", skills="only_me",
                                    goals="only_me")
    page = client.get("/@ana").content.decode()
    assert "Shown by 1 finished record" in page and "statistics" in page
    assert "Python" not in page


def test_export_includes_learning_records(client, ana):
    RecordFactory(user=ana, title="Hidden provider course", origin="provider", hidden=True,
                  reflection="Private thoughts")
    client.force_login(ana)
    data = json.loads(client.get(reverse("profiles:export")).content)
    assert [r["title"] for r in data["learning_records"]] == ["Hidden provider course"]
    assert data["learning_records"][0]["reflection"] == "Private thoughts"


def test_deleting_the_account_removes_its_records(client, ana):
    RecordFactory(user=ana, skills=[SkillFactory()])
    other = RecordFactory(user=UserFactory())
    client.force_login(ana)
    response = client.post(reverse("profiles:delete"), {"password": PASSWORD, "confirm": "ana"})
    assert response.status_code == 302
    assert list(LearningRecord.objects.all()) == [other]
    assert not RecordSkill.objects.filter(record__user_id=ana.pk).exists()


@pytest.mark.parametrize("n", [1, 30])
def test_profile_query_count_does_not_grow_with_records(client, ana, n,
                                                        django_assert_max_num_queries):
    skills = [SkillFactory() for _ in range(4)]
    for i in range(n):
        RecordFactory(user=ana, title=f"course {i}", skills=skills[: i % 4 + 1],
                      confirmed_by="Open Uni" if i % 3 == 0 else "")
    for skill in skills[:2]:
        UserSkillFactory(user=ana, skill=skill)
    # 8 and 14 for the profile and journey, plus 2 for the badges section (the badges, the
    # credentials this instance issued); tests/profiles/test_profile_badges.py holds it constant.
    with django_assert_max_num_queries(10):
        assert client.get("/@ana").status_code == 200
    client.force_login(UserFactory())
    with django_assert_max_num_queries(16):
        assert client.get("/@ana").status_code == 200
