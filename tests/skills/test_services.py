from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from learnwork.core.errors import Conflict, InvalidInput, NotFound
from learnwork.skills import services
from learnwork.skills.models import LearningGoal, UserSkill
from tests.factories import UserFactory

from .factories import LearningGoalFactory, SkillFactory, UserSkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def skill():
    return SkillFactory(label="statistics")


def test_user_skill_set_creates_then_updates_in_place(user, skill):
    created = services.user_skill_set(user=user, skill_id=skill.pk, proficiency="can_apply",
                                      level=3, evidence=["https://example.org/report"])
    updated = services.user_skill_set(user=user, skill_id=str(skill.pk),
                                      proficiency="can_teach", level=5, evidence=[])

    assert updated.pk == created.pk
    assert UserSkill.objects.get().proficiency == "can_teach"
    assert UserSkill.objects.get().level == 5


@pytest.mark.parametrize(("changes", "field"), [
    ({"level": 0}, "level"),
    ({"level": 6}, "level"),
    ({"level": "3"}, "level"),
    ({"proficiency": "guru"}, "proficiency"),
    ({"evidence": ["ftp://example.org/x"]}, "evidence"),
    ({"evidence": ["not a link"]}, "evidence"),
    ({"evidence": [f"https://example.org/{n}" for n in range(6)]}, "evidence"),
])
def test_user_skill_set_rejects_bad_input_naming_the_field(user, skill, changes, field):
    values = {"proficiency": "learning", "level": 1, "evidence": [], **changes}
    with pytest.raises(InvalidInput) as caught:
        services.user_skill_set(user=user, skill_id=skill.pk, **values)
    assert caught.value.field == field
    assert not UserSkill.objects.exists()


def test_evidence_is_deduplicated_and_blank_lines_dropped(user, skill):
    us = services.user_skill_set(user=user, skill_id=skill.pk, evidence=[
        "https://a.example/1", "", "https://a.example/1", "http://b.example"])
    assert us.evidence == ["https://a.example/1", "http://b.example"]


def test_unknown_or_malformed_skill_id_says_what_to_do(user):
    with pytest.raises(NotFound, match="Search for the skill by name"):
        services.user_skill_set(user=user, skill_id=uuid.uuid4())
    with pytest.raises(InvalidInput, match="not a skill id") as caught:
        services.user_skill_set(user=user, skill_id="python")
    assert caught.value.field == "skill_id"


def test_must_be_new_conflicts_when_held(user, skill):
    UserSkillFactory(user=user, skill=skill)
    with pytest.raises(Conflict, match="already one of your skills"):
        services.user_skill_set(user=user, skill_id=skill.pk, must_be_new=True)


def test_user_skill_remove(user, skill):
    UserSkillFactory(user=user, skill=skill)
    UserSkillFactory(skill=skill)  # someone else's stays
    services.user_skill_remove(user=user, skill_id=skill.pk)
    assert UserSkill.objects.count() == 1
    with pytest.raises(NotFound):
        services.user_skill_remove(user=user, skill_id=skill.pk)


def test_goal_add_validates_date_and_duplicates(user, skill):
    today = timezone.localdate()
    with pytest.raises(InvalidInput) as caught:
        services.goal_add(user=user, skill_id=skill.pk, target_date=today - timedelta(days=1))
    assert caught.value.field == "target_date"

    goal = services.goal_add(user=user, skill_id=skill.pk, why="  For my thesis ",
                             target_date=today)
    assert (goal.why, goal.target_date) == ("For my thesis", today)
    with pytest.raises(Conflict, match="already one of your goals"):
        services.goal_add(user=user, skill_id=skill.pk)
    with pytest.raises(InvalidInput):
        services.goal_add(user=user, skill_id=SkillFactory().pk, why="x" * 501)


def test_goal_update_changes_only_given_fields_and_can_clear_the_date(user, skill):
    goal = LearningGoalFactory(user=user, skill=skill, why="old",
                               target_date=timezone.localdate() + timedelta(days=30))
    services.goal_update(user=user, goal_id=goal.pk, why="new")
    goal.refresh_from_db()
    assert goal.why == "new" and goal.target_date is not None

    services.goal_update(user=user, goal_id=goal.pk, target_date=None)
    goal.refresh_from_db()
    assert goal.target_date is None and goal.why == "new"

    with pytest.raises(InvalidInput):
        services.goal_update(user=user, goal_id=goal.pk,
                             target_date=timezone.localdate() - timedelta(days=2))


def test_someone_elses_goal_is_not_found(user, skill):
    theirs = LearningGoalFactory(user=UserFactory(), skill=skill)
    with pytest.raises(NotFound):
        services.goal_update(user=user, goal_id=theirs.pk, why="mine now")
    with pytest.raises(NotFound):
        services.goal_remove(user=user, goal_id=theirs.pk)
    assert LearningGoal.objects.filter(pk=theirs.pk).exists()


def test_goal_remove(user, skill):
    goal = LearningGoalFactory(user=user, skill=skill)
    services.goal_remove(user=user, goal_id=goal.pk)
    assert not LearningGoal.objects.exists()
