"""The demo learner starts with a journey to look at."""

from __future__ import annotations

import pytest

from learnwork.journeys import selectors
from learnwork.journeys.models import LearningRecord
from learnwork.seeding.demo import ensure_demo_account
from learnwork.seeding.sample import create_sample_taxonomy

pytestmark = pytest.mark.django_db


def test_the_demo_account_has_a_journey_with_evidence_and_a_year_of_activity():
    create_sample_taxonomy()
    demo = ensure_demo_account().user
    records = selectors.journey_for(viewer=demo, owner=demo)
    assert {r.status for r in records} == {"finished", "in_progress", "planned"}
    assert any(r.confirmed_by for r in records) and all(r.skills.exists() for r in records)
    rows = selectors.skill_evidence(viewer=None, owner=demo)
    assert {row.strength for row in rows} >= {"verified", "shown"}
    activity = selectors.activity_by_day(viewer=None, owner=demo)
    assert len(activity) >= 8 and min(activity) < max(activity)
    # Re-running the demo leaves the journey as it is.
    ensure_demo_account()
    assert LearningRecord.objects.filter(user=demo).count() == len(records)
