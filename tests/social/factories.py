"""Factories for the social app's rows."""

from __future__ import annotations

import factory

from learnwork.social.models import Block, Follow, Mute, SkillFollow
from tests.factories import UserFactory
from tests.skills.factories import SkillFactory


class FollowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Follow

    follower = factory.SubFactory(UserFactory)
    followee = factory.SubFactory(UserFactory)


class SkillFollowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkillFollow

    user = factory.SubFactory(UserFactory)
    skill = factory.SubFactory(SkillFactory)


class BlockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Block

    blocker = factory.SubFactory(UserFactory)
    blocked = factory.SubFactory(UserFactory)


class MuteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mute

    user = factory.SubFactory(UserFactory)
    kind = Mute.Kind.WORD
    word = factory.Sequence(lambda n: f"word{n}")
