from __future__ import annotations

from allauth.account.models import EmailAddress

from learnwork.accounts.models import User
from learnwork.seeding.demo import (
    DEMO_EMAIL,
    DEMO_HANDLE,
    DEMO_PASSWORD,
    ensure_admin,
    ensure_demo_account,
)
from learnwork.skills.models import LearningGoal, UserSkill
from tests.seeding.conftest import TODAY


def test_demo_account_is_ready_to_sign_in_and_kept_on_rerun(taxonomy):
    first = ensure_demo_account(today=TODAY)
    user = User.objects.get(username=DEMO_HANDLE)
    assert first.created
    assert user.check_password(DEMO_PASSWORD)
    assert EmailAddress.objects.get(user=user).verified
    assert EmailAddress.objects.get(user=user).primary
    assert user.profile.display_name and user.profile.headline and user.profile.bio_html
    assert user.timezone
    skills = sorted(UserSkill.objects.filter(user=user).values_list("skill_id", "level"))
    goals = sorted(LearningGoal.objects.filter(user=user).values_list("skill_id", flat=True))
    assert len(skills) >= 3 and 1 <= len(goals) <= 3

    user.set_password("changed-by-the-visitor-1")
    user.save()
    second = ensure_demo_account(today=TODAY)

    assert not second.created
    assert User.objects.filter(username=DEMO_HANDLE).count() == 1
    assert User.objects.get(username=DEMO_HANDLE).check_password("changed-by-the-visitor-1")
    assert sorted(UserSkill.objects.filter(user=user).values_list("skill_id", "level")) == skills
    assert sorted(
        LearningGoal.objects.filter(user=user).values_list("skill_id", flat=True)
    ) == goals
    assert EmailAddress.objects.filter(email=DEMO_EMAIL).count() == 1


def test_admin_is_created_once(taxonomy):
    created = ensure_admin(password="admin-password-123")
    assert created.password == "admin-password-123"
    assert created.user.is_superuser and created.user.is_staff
    assert EmailAddress.objects.get(user=created.user).verified

    again = ensure_admin()

    assert again.password is None
    assert again.user == created.user
    assert User.objects.filter(is_superuser=True).count() == 1


def test_admin_password_is_generated_when_not_given(db):
    admin = ensure_admin()
    assert admin.password and len(admin.password) >= 12
    assert admin.user.check_password(admin.password)
