"""Dismissing suggestions and following a suggested person for everything or one skill."""

from __future__ import annotations

import uuid

import pytest

from learnwork.core.errors import InvalidInput, NotFound, PermissionDenied
from learnwork.recommendations import services
from learnwork.recommendations.models import Dismissal
from learnwork.social import selectors as social_selectors
from learnwork.social import services as social
from learnwork.social.models import Follow
from tests.social.factories import BlockFactory

from .conftest import person

pytestmark = pytest.mark.django_db


def topics(reader, other) -> set:
    return set(social_selectors.follow_state(viewer=reader, other=other).topic_ids)


def test_dismiss_for_a_goal_or_everywhere_and_again_is_the_same(rosa, tree):
    ana = person("ana")
    first = services.dismiss(reader=rosa, person=ana, skill_id=tree.stats.pk)
    again = services.dismiss(reader=rosa, person=ana, skill_id=str(tree.stats.pk))
    everywhere = services.dismiss(reader=rosa, person=ana)
    assert first.pk == again.pk and first.skill == tree.stats
    assert everywhere.skill is None
    assert Dismissal.objects.filter(reader=rosa).count() == 2


def test_dismiss_refuses_oneself_unknown_skills_and_deactivated_people(rosa, tree):
    with pytest.raises(InvalidInput) as self_:
        services.dismiss(reader=rosa, person=rosa)
    assert self_.value.code == "self"
    ana = person("ana")
    with pytest.raises(NotFound) as unknown:
        services.dismiss(reader=rosa, person=ana, skill_id=uuid.uuid4())
    assert unknown.value.code == "skill_not_found"
    with pytest.raises(InvalidInput):
        services.dismiss(reader=rosa, person=ana, skill_id="statistics")
    gone = person("gone", is_active=False)
    with pytest.raises(NotFound):
        services.dismiss(reader=rosa, person=gone)
    assert not Dismissal.objects.exists()


def test_undismiss_by_id_or_by_person_and_skill(rosa, tree):
    ana, ben = person("ana"), person("ben")
    row = services.dismiss(reader=rosa, person=ana, skill_id=tree.stats.pk)
    services.dismiss(reader=rosa, person=ben)
    services.undismiss(reader=rosa, dismissal_id=row.pk)
    services.undismiss_person(reader=rosa, person=ben)
    assert not Dismissal.objects.exists()
    with pytest.raises(NotFound):
        services.undismiss(reader=rosa, dismissal_id=row.pk)
    with pytest.raises(NotFound):
        services.undismiss_person(reader=rosa, person=ana, skill_id=tree.stats.pk)


def test_someone_elses_dismissal_cannot_be_taken_back(rosa, tree):
    ana, ben = person("ana"), person("ben")
    theirs = services.dismiss(reader=ben, person=ana)
    with pytest.raises(NotFound):
        services.undismiss(reader=rosa, dismissal_id=theirs.pk)
    assert Dismissal.objects.filter(pk=theirs.pk).exists()


def test_follow_for_one_skill_adds_to_the_skills_already_followed(rosa, tree):
    ana = person("ana")
    services.follow_suggested(reader=rosa, person=ana, skill_id=tree.stats.pk)
    assert topics(rosa, ana) == {tree.stats.pk}
    social.follow(follower=rosa, followee=ana, topic_skill_ids=[tree.sql.pk, tree.stats.pk])
    services.follow_suggested(reader=rosa, person=ana, skill_id=tree.regression.pk)
    assert topics(rosa, ana) == {tree.sql.pk, tree.stats.pk, tree.regression.pk}


def test_follow_for_one_skill_keeps_a_follow_for_everything(rosa, tree):
    ana = person("ana")
    services.follow_suggested(reader=rosa, person=ana)
    services.follow_suggested(reader=rosa, person=ana, skill_id=tree.stats.pk)
    state = social_selectors.follow_state(viewer=rosa, other=ana)
    assert state.everything


def test_follow_for_everything_replaces_skills(rosa, tree):
    ana = person("ana")
    services.follow_suggested(reader=rosa, person=ana, skill_id=tree.stats.pk)
    services.follow_suggested(reader=rosa, person=ana)
    assert social_selectors.follow_state(viewer=rosa, other=ana).everything


def test_follow_refusals_leave_nothing_behind(rosa, tree):
    ana = person("ana")
    BlockFactory(blocker=ana, blocked=rosa)
    with pytest.raises(PermissionDenied):
        services.follow_suggested(reader=rosa, person=ana, skill_id=tree.stats.pk)
    with pytest.raises(NotFound):
        services.follow_suggested(reader=rosa, person=person("ben"), skill_id=uuid.uuid4())
    with pytest.raises(InvalidInput):
        services.follow_suggested(reader=rosa, person=rosa)
    assert not Follow.objects.exists()
