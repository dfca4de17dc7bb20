"""Factories for the skills app's rows."""

from __future__ import annotations

import uuid

import factory

from learnwork.skills.models import (
    LearningGoal,
    Occupation,
    OccupationSkill,
    Skill,
    SkillRelation,
    UserSkill,
)
from tests.factories import UserFactory


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill

    id = factory.LazyFunction(uuid.uuid4)
    kind = Skill.Kind.SKILL
    reuse = "cross-sector"
    label = factory.Sequence(lambda n: f"skill number {n}")
    alt_labels = ""
    description = factory.LazyAttribute(lambda s: f"About {s.label}.")


class GroupFactory(SkillFactory):
    kind = Skill.Kind.GROUP
    reuse = ""
    code = factory.Sequence(lambda n: f"S{n}")
    label = factory.Sequence(lambda n: f"group number {n}")


class SkillRelationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkillRelation

    narrower = factory.SubFactory(SkillFactory)
    broader = factory.SubFactory(GroupFactory)


class OccupationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Occupation

    id = factory.LazyFunction(uuid.uuid4)
    isco_group = "2512"
    label = factory.Sequence(lambda n: f"occupation number {n}")


class OccupationSkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OccupationSkill

    occupation = factory.SubFactory(OccupationFactory)
    skill = factory.SubFactory(SkillFactory)
    essential = True


class UserSkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UserSkill

    user = factory.SubFactory(UserFactory)
    skill = factory.SubFactory(SkillFactory)
    proficiency = "can_apply"
    level = 3
    evidence = factory.LazyFunction(list)


class LearningGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearningGoal

    user = factory.SubFactory(UserFactory)
    skill = factory.SubFactory(SkillFactory)
    why = "To build things"
