"""Seeding against the database, on a small sample taxonomy."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress

from learnwork.accounts.models import Profile, User
from learnwork.seeding import SkillsNotImported, seed
from learnwork.seeding.people import EMAIL_DOMAIN, plan_people
from learnwork.seeding.taxonomy import load_taxonomy
from learnwork.skills.models import LearningGoal, OccupationSkill, UserSkill
from tests.factories import UserFactory
from tests.seeding.conftest import TODAY


def snapshot() -> dict[str, tuple]:
    """What determinism promises: handles, skills with levels, goals."""
    return {
        user.username: (
            sorted((str(s.skill_id), s.proficiency, s.level) for s in user.user_skills.all()),
            sorted((str(g.skill_id), g.why, g.target_date) for g in user.learning_goals.all()),
            (user.profile.display_name, user.profile.headline, user.profile.location,
             user.timezone),
        )
        for user in User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}")
        .select_related("profile").prefetch_related("user_skills", "learning_goals")
    }


def test_seed_writes_complete_believable_people(taxonomy):
    report = seed(tier="XS", seed=1, people=30, today=TODAY)

    assert report.people_created == 30
    people = {p.handle: p for p in report.people}
    users = User.objects.filter(username__in=people)
    assert users.count() == 30
    occupation_skills = {
        (str(o), str(s)) for o, s in OccupationSkill.objects.values_list("occupation", "skill")
    }
    for user in users.select_related("profile"):
        plan = people[user.username]
        assert user.email == f"{user.username}@{EMAIL_DOMAIN}"
        assert not user.has_usable_password()
        assert EmailAddress.objects.filter(user=user, email=user.email, verified=True,
                                           primary=True).count() == 1
        assert user.timezone == plan.city.timezone
        assert user.profile.location == plan.city.location
        assert user.profile.headline and user.profile.bio
        assert "<" in user.profile.bio_html  # rendered, so the profile page can show it
        skills = list(UserSkill.objects.filter(user=user))
        assert len(skills) >= 3
        assert all(1 <= s.level <= 5 for s in skills)
        assert all((plan.occupation_id, str(s.skill_id)) in occupation_skills for s in skills)
        goals = list(LearningGoal.objects.filter(user=user))
        assert 1 <= len(goals) <= 3
        assert all(g.target_date and g.target_date > TODAY and g.why for g in goals)
    assert report.user_ids.keys() == people.keys()


def test_second_run_adds_nothing_and_loses_nothing(taxonomy):
    seed(tier="XS", seed=1, people=25, today=TODAY)
    before = snapshot()

    again = seed(tier="XS", seed=1, people=25, today=TODAY)

    assert again.people_created == 0
    assert again.created_total == 0
    assert again.stages["people"].existing == 25
    assert snapshot() == before
    assert len(again.user_ids) == 25  # later stages still get every person's id


def test_a_larger_run_adds_only_the_missing_people(taxonomy):
    seed(tier="XS", seed=1, people=10, today=TODAY)
    small = snapshot()

    report = seed(tier="XS", seed=1, people=25, today=TODAY)

    assert report.people_created == 15
    assert report.stages["people"].existing == 10
    large = snapshot()
    assert len(large) == 25
    assert {h: large[h] for h in small} == small


def test_same_tier_and_seed_give_identical_data(taxonomy):
    seed(tier="XS", seed=3, people=20, today=TODAY)
    first = snapshot()
    User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").delete()
    assert not Profile.objects.exists()

    seed(tier="XS", seed=3, people=20, today=TODAY)

    assert snapshot() == first


def test_a_handle_taken_by_a_member_is_skipped_not_overwritten(taxonomy):
    first = plan_people(seed=1, count=1, taxonomy=load_taxonomy())[0]
    member = UserFactory(username=first.handle)

    report = seed(tier="XS", seed=1, people=5, today=TODAY)

    assert report.stages["people"].skipped == 1
    assert report.people_created == 4
    member.refresh_from_db()
    assert member.email.endswith("@example.org")
    assert first.handle not in report.user_ids


def test_seeded_people_can_share_a_password_for_load_tests(taxonomy):
    seed(tier="XS", seed=1, people=3, today=TODAY, password="load-test-password-1")
    users = User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}")
    assert all(u.check_password("load-test-password-1") for u in users)
    assert len({u.password for u in users}) == 1  # hashed once, not once per person


@pytest.mark.django_db
def test_seeding_needs_the_skills_imported():
    with pytest.raises(SkillsNotImported, match="learnwork import-skills"):
        seed(tier="XS", seed=1)
