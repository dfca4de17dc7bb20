"""Who learns from whom: follows (a person, a skill, or a person for chosen skills only),
blocks, and mutes (people, words, skills)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from learnwork.skills.models import Skill


class Follow(models.Model):
    """`follower` reads `followee`. With topics, only posts on those skills (or narrower
    ones) come through; without topics, everything does."""

    follower = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                 related_name="following")
    followee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                 related_name="followers")
    topics = models.ManyToManyField(Skill, through="FollowTopic", related_name="+", blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["follower", "followee"], name="follow_unique"),
            models.CheckConstraint(condition=~Q(follower=F("followee")), name="follow_not_self"),
        ]
        indexes = [models.Index(fields=["followee", "follower"])]

    def __str__(self) -> str:
        return f"{self.follower_id} → {self.followee_id}"


class FollowTopicQuerySet(models.QuerySet[Any]):
    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> Any:
        objs = list(objs)
        _fill_followers(objs)
        return super().bulk_create(objs, *args, **kwargs)


class FollowTopic(models.Model):
    follow = models.ForeignKey(Follow, on_delete=models.CASCADE, related_name="topic_links")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    # The follow's follower, copied (it never changes): a reader's topics are then one range
    # of an index rather than one lookup per follow, which for thousands of follows cost the
    # feed more than the rest of its reading graph. Filled in from the follow on save.
    follower = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                 related_name="+", editable=False)

    objects = FollowTopicQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["follow", "skill"], name="follow_topic_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.follow_id}: {self.skill_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        _fill_followers([self])
        super().save(*args, **kwargs)


def _fill_followers(topics: list[FollowTopic]) -> None:
    missing: list[FollowTopic] = []
    for topic in topics:
        if topic.follower_id is not None:
            continue
        if FollowTopic.follow.is_cached(topic):
            topic.follower_id = topic.follow.follower_id
        else:
            missing.append(topic)
    if not missing:
        return
    followers = dict(Follow.objects.filter(pk__in={topic.follow_id for topic in missing})
                     .values_list("pk", "follower_id"))
    for topic in missing:
        topic.follower_id = followers.get(topic.follow_id)  # type: ignore[assignment]


class SkillFollow(models.Model):
    """Following a skill brings posts tagged with it or with any narrower skill."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="skill_follows")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="followers")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "skill"], name="skill_follow_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.skill_id}"


class Block(models.Model):
    """A block hides each from the other and forbids following."""

    blocker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="blocking")
    blocked = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="blocked_by")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_unique"),
            models.CheckConstraint(condition=~Q(blocker=F("blocked")), name="block_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.blocker_id} ⊘ {self.blocked_id}"


class Mute(models.Model):
    """One muted thing: a person, a word (or phrase), or a skill. The muted never learn of it."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        WORD = "word", _("Word")
        SKILL = "skill", _("Skill")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="mutes")
    kind = models.CharField(max_length=6, choices=Kind.choices)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True,
                               blank=True, related_name="+")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, null=True, blank=True,
                              related_name="+")
    word = models.CharField(max_length=100, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="mute_one_target",
                condition=(
                    Q(kind="person", person__isnull=False, skill__isnull=True, word="")
                    | Q(kind="skill", skill__isnull=False, person__isnull=True, word="")
                    | Q(kind="word", person__isnull=True, skill__isnull=True) & ~Q(word="")
                ),
            ),
            models.UniqueConstraint(fields=["user", "person"], condition=Q(kind="person"),
                                    name="mute_person_unique"),
            models.UniqueConstraint(fields=["user", "skill"], condition=Q(kind="skill"),
                                    name="mute_skill_unique"),
            models.UniqueConstraint(fields=["user", "word"], condition=Q(kind="word"),
                                    name="mute_word_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} mutes {self.kind}"


class FollowList(models.Model):
    """A named set of people and skills, read as its own feed. Private to its owner: nobody
    else sees it, and nobody is told they are on one."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="follow_lists")
    name = models.CharField(max_length=80)
    description = models.CharField(max_length=280, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("name"), "owner", name="follow_list_name_unique"),
        ]
        indexes = [models.Index(fields=["owner", "name"])]

    def __str__(self) -> str:
        return f"{self.owner_id}: {self.name}"


class FollowListMember(models.Model):
    """One member of a list: a person (everything they post) or a skill (and every narrower
    one)."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        SKILL = "skill", _("Skill")

    follow_list = models.ForeignKey(FollowList, on_delete=models.CASCADE, related_name="members")
    kind = models.CharField(max_length=6, choices=Kind.choices)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True,
                               blank=True, related_name="+")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, null=True, blank=True,
                              related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="follow_list_member_one_target",
                condition=(Q(kind="person", person__isnull=False, skill__isnull=True)
                           | Q(kind="skill", skill__isnull=False, person__isnull=True)),
            ),
            models.UniqueConstraint(fields=["follow_list", "person"], condition=Q(kind="person"),
                                    name="follow_list_person_unique"),
            models.UniqueConstraint(fields=["follow_list", "skill"], condition=Q(kind="skill"),
                                    name="follow_list_skill_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.follow_list_id}: {self.kind}"
