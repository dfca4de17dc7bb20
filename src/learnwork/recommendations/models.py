"""Who can I learn from: what each person has shown they can teach, per skill, and the
suggestions a reader has dismissed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from learnwork.skills.models import Skill


class TeacherEvidence(models.Model):
    """What `person` has shown about teaching `skill`, counting `skill` and every narrower one.

    Precomputed from posts, "I learned from this" marks, learning records, verified badges and
    "can teach" declarations (see evidence.py), so a suggestion request reads a bounded number
    of rows per goal instead of aggregating reactions. Only what signed-in members may see
    counts: posts for everyone or members, records and badges not hidden nor "only me", skills
    on a profile whose skills are not "only me". A row exists only where there is something:
    a post, a learned mark, a record, a badge, "can teach" or a self-rating of 4 or 5.
    """

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="+")
    # "I learned from this" on their posts in the skill: the marks, the sum of their weights
    # (each learner's standing, posts.services.standing), how many people, on how many posts.
    learned_marks = models.PositiveIntegerField(default=0)
    learned_weight = models.FloatField(default=0.0)
    learners = models.PositiveIntegerField(default=0)
    learned_posts = models.PositiveIntegerField(default=0)
    posts = models.PositiveIntegerField(default=0)
    # Finished learning records (not from badges), those a provider confirmed, verified badges.
    records = models.PositiveIntegerField(default=0)
    confirmed_records = models.PositiveIntegerField(default=0)
    badges = models.PositiveIntegerField(default=0)
    # On their profile: "can teach" this skill or a narrower one; the highest self-rated level
    # there (0: none at 4 or above); and the declared skill the reason names.
    can_teach = models.BooleanField(default=False)
    declared_level = models.PositiveSmallIntegerField(default=0)
    declared_skill = models.ForeignKey(Skill, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="+")
    followers = models.PositiveIntegerField(default=0)
    # Who learned from them (ids, at most evidence.LEARNER_IDS_CAP): "people you follow
    # learned from them" is this set met with the reader's follows, with no query per person.
    learner_ids = models.JSONField(default=list, blank=True)
    # scoring.evidence_score of the row: the order rows are read in.
    score = models.FloatField(default=0.0)
    updated = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["skill", "person"], name="teacher_evidence_unique"),
        ]
        indexes = [
            models.Index(fields=["skill", "-score"], name="teacher_evidence_rank"),
            models.Index(fields=["person"], name="teacher_evidence_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} teaches {self.skill_id} ({self.score:.2f})"


class EvidenceRun(models.Model):
    """One full rebuild of the teacher evidence: when the newest ended tells how fresh it is."""

    people = models.PositiveIntegerField(default=0)
    rows = models.PositiveIntegerField(default=0)
    started = models.DateTimeField()
    finished = models.DateTimeField(db_index=True)

    class Meta:
        get_latest_by = "finished"

    def __str__(self) -> str:
        return f"rebuild of {self.finished:%Y-%m-%d %H:%M}"


class Dismissal(models.Model):
    """`reader` does not want `person` suggested: for one goal `skill`, or (no skill) at all.
    Dismissed suggestions stay dismissed until the reader takes the dismissal back."""

    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="+")
    skill = models.ForeignKey(Skill, null=True, blank=True, on_delete=models.CASCADE,
                              related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reader", "person", "skill"],
                                    condition=Q(skill__isnull=False),
                                    name="dismissal_unique_for_skill"),
            models.UniqueConstraint(fields=["reader", "person"], condition=Q(skill__isnull=True),
                                    name="dismissal_unique_everywhere"),
            models.CheckConstraint(condition=~Q(reader=F("person")), name="dismissal_not_self"),
        ]
        indexes = [models.Index(fields=["reader", "-created"], name="dismissal_reader")]

    def __str__(self) -> str:
        return f"{self.reader_id} dismissed {self.person_id} ({self.skill_id or 'everywhere'})"
