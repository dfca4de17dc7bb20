"""Learning records: the courses, books, talks, projects, certificates and badges on a journey."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from learnwork.accounts.models import Visibility
from learnwork.core.models import TimeStampedModel
from learnwork.skills.models import Skill

TITLE_MAX_CHARS = 200
REFLECTION_MAX_CHARS = 3000
RECORD_MAX_SKILLS = 12


class LearningRecord(TimeStampedModel):
    class Kind(models.TextChoices):
        COURSE = "course", _("Course")
        BOOK = "book", _("Book")
        ARTICLE = "article", _("Article")
        TALK = "talk", _("Talk")
        PROJECT = "project", _("Project")
        CERTIFICATE = "certificate", _("Certificate")
        BADGE = "badge", _("Badge")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        FINISHED = "finished", _("Finished")

    class Origin(models.TextChoices):
        MANUAL = "manual", _("Added by hand")
        BADGE = "badge", _("From a badge")
        PROVIDER = "provider", _("From a course provider")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="learning_records")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.COURSE)
    title = models.CharField(_("title"), max_length=TITLE_MAX_CHARS)
    # Who offers or wrote it: a course provider, a book's author, a conference.
    source_name = models.CharField(_("by"), max_length=120, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.FINISHED)
    started_on = models.DateField(_("started"), null=True, blank=True)
    finished_on = models.DateField(_("finished"), null=True, blank=True)
    reflection = models.TextField(_("what I learned"), max_length=REFLECTION_MAX_CHARS,
                                  blank=True)
    reflection_html = models.TextField(blank=True, editable=False)
    visibility = models.CharField(max_length=10, choices=Visibility.choices,
                                  default=Visibility.EVERYONE)
    skills = models.ManyToManyField(Skill, through="RecordSkill", related_name="records")
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.MANUAL)
    # Records from a provider or a badge can be hidden by their owner without losing them.
    hidden = models.BooleanField(default=False)
    # Set when a course provider confirms the learner finished (through the LRS or its API);
    # only confirmed records can earn an Open Badges credential from this instance.
    confirmed_by = models.CharField(max_length=120, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The provider's activity IRI (xAPI object id), so later statements update the same record.
    external_id = models.CharField(max_length=500, blank=True, db_index=True)
    shared_post = models.ForeignKey("posts.Post", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-finished_on", "-started_on", "-created"]
        indexes = [models.Index(fields=["user", "-created"])]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(started_on__isnull=True) | models.Q(finished_on__isnull=True)
                           | models.Q(finished_on__gte=models.F("started_on"))),
                name="record_finished_after_started",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.user_id})"


class RecordSkill(models.Model):
    record = models.ForeignKey(LearningRecord, on_delete=models.CASCADE,
                               related_name="skill_links")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="record_links")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["record", "skill"], name="record_skill_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.record_id} · {self.skill_id}"
