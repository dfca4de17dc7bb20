"""Posts, threaded comments, learning reactions, and each reader's feed settings."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from learnwork.core.models import TimeStampedModel
from learnwork.skills.models import Skill

POST_MAX_CHARS = 5000
COMMENT_MAX_CHARS = 2000


class Post(models.Model):
    class Visibility(models.TextChoices):
        EVERYONE = "everyone", _("Everyone")
        MEMBERS = "members", _("Signed-in members")
        FOLLOWERS = "followers", _("My followers")

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="posts")
    body = models.TextField(max_length=POST_MAX_CHARS)
    body_html = models.TextField(editable=False)
    visibility = models.CharField(max_length=10, choices=Visibility.choices,
                                  default=Visibility.EVERYONE)
    skills = models.ManyToManyField(Skill, through="PostSkill", related_name="posts")
    created = models.DateTimeField(db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    # Derived from the text when it is saved, so the feed can filter and rank without
    # re-reading bodies: see posts/bait.py and posts/ranking.py.
    hashtag_count = models.PositiveSmallIntegerField(default=0)
    bait_score = models.FloatField(default=0.0)
    substance = models.FloatField(default=0.0)
    # Kept current by the reaction services, so ranking reads one row per post.
    learned_count = models.PositiveIntegerField(default=0)
    helpful_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    learn_weight = models.FloatField(
        default=0.0, help_text=_("Sum of the standing, in the post's skills, of everyone who "
                                 "learned from it."))

    class Meta:
        ordering = ["-created"]
        indexes = [
            models.Index(fields=["author", "-created"]),
            models.Index(fields=["visibility", "-created"]),
        ]

    def __str__(self) -> str:
        return f"Post {self.pk} by {self.author_id}"


class PostSkill(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="skill_links")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="post_links")
    # Denormalised from the post, so "recent posts on these skills" is one index range scan.
    created = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "skill"], name="post_skill_unique"),
        ]
        indexes = [models.Index(fields=["skill", "-created"])]

    def __str__(self) -> str:
        return f"{self.post_id}: {self.skill_id}"


class Comment(TimeStampedModel):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="comments")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="replies")
    body = models.TextField(max_length=COMMENT_MAX_CHARS)
    body_html = models.TextField(editable=False)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created"]
        indexes = [models.Index(fields=["post", "created"])]

    def __str__(self) -> str:
        return f"Comment {self.pk} on {self.post_id}"


class Reaction(models.Model):
    """Reactions are about learning. `saved` is private: only its owner ever sees it."""

    class Kind(models.TextChoices):
        LEARNED = "learned", _("I learned from this")
        HELPFUL = "helpful", _("Helpful")
        SAVED = "saved", _("Saved for later")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="reactions")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    created = models.DateTimeField(db_index=True)
    # What this reaction added to the post's learn_weight, so taking it back subtracts exactly
    # that, however the reader's skills or the post's tags have changed since.
    weight = models.FloatField(default=0.0, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "post", "kind"], name="reaction_unique"),
        ]
        indexes = [
            models.Index(fields=["post", "kind"]),
            models.Index(fields=["user", "kind", "-created"]),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.post_id}"


class FeedSettings(TimeStampedModel):
    """How one reader tunes their home feed."""

    class Mode(models.TextChoices):
        RANKED = "ranked", _("Ranked by what you can learn")
        CHRONOLOGICAL = "chronological", _("Newest first")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="feed_settings")
    mode = models.CharField(max_length=13, choices=Mode.choices, default=Mode.RANKED)
    weight_freshness = models.FloatField(
        default=1.0, validators=[MinValueValidator(0.0), MaxValueValidator(2.0)])
    weight_learning = models.FloatField(
        default=1.0, validators=[MinValueValidator(0.0), MaxValueValidator(2.0)])
    weight_goals = models.FloatField(
        default=1.0, validators=[MinValueValidator(0.0), MaxValueValidator(2.0)])
    daily_budget = models.PositiveSmallIntegerField(
        default=20, validators=[MinValueValidator(1), MaxValueValidator(200)],
        help_text=_("How many posts a day are worth your time."))
    max_hashtags = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(50)],
        help_text=_("Hide posts with more hashtags than this. Empty: no limit."))

    def __str__(self) -> str:
        return f"Feed settings of {self.user_id}"


class FeedImpression(models.Model):
    """A post the reader was shown in their feed, and when: it drives the daily budget and
    keeps yesterday's posts from coming back."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    shown_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "post"], name="feed_impression_unique"),
        ]
        indexes = [models.Index(fields=["user", "-shown_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} saw {self.post_id}"
