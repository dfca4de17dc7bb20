"""The demo learner's profile, as someone trying Learnwork from the README first sees it: the
journey with both charts, and a confirmed course ready to become a credential."""

from __future__ import annotations

import pytest
from django.urls import reverse

from learnwork.credentials.models import IssuedCredential
from learnwork.seeding.demo import ensure_demo_account
from learnwork.seeding.sample import create_sample_taxonomy

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    create_sample_taxonomy()
    return ensure_demo_account().user


def test_visitors_see_the_demo_journey_with_its_charts(client, demo):
    page = client.get(reverse("profiles:detail", kwargs={"handle": demo.username}))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="journey-heatmap"' in html and 'data-testid="skills-chart"' in html
    assert "Skills by evidence:" in html and "learning days in the last year" in html
    assert html.count('data-testid="record"') >= 3
    # Nothing to show in badges yet, so visitors get no empty section.
    assert 'id="badges"' not in html


def test_the_demo_learner_can_add_badges_and_issue_a_credential(client, demo):
    client.force_login(demo)
    html = client.get(reverse("profiles:detail", kwargs={"handle": demo.username})).content
    assert b"Add the Open Badges you earned elsewhere" in html
    overview = client.get(reverse("credentials:list")).content.decode()
    assert 'data-testid="eligible-records"' in overview
    record_id = overview.split('name="record_id" value="')[1].split('"')[0]
    response = client.post(reverse("credentials:issue"), {"record_id": record_id})
    credential = IssuedCredential.objects.get(recipient=demo)
    assert response.status_code == 302
    html = client.get(reverse("profiles:detail", kwargs={"handle": demo.username})).content
    assert reverse("credentials:detail", kwargs={"credential_id": credential.pk}).encode() in html
