"""A journey as one viewer sees it on a profile: the timeline, the evidence behind each skill,
the activity per day, and the two charts drawn from them, all from one load of the records."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.utils.safestring import SafeString, mark_safe

from learnwork.accounts.models import User
from learnwork.journeys import charts, selectors
from learnwork.journeys.localtime import local_date
from learnwork.journeys.models import LearningRecord
from learnwork.journeys.selectors import SkillEvidence, TimelineGroup, Viewer
from learnwork.skills.models import UserSkill


def skill_bars(evidence: Sequence[SkillEvidence]) -> list[charts.SkillBar]:
    return [charts.SkillBar(label=row.skill.label, verified=len(row.verified),
                            shown=len(row.shown), claimed=row.declared is not None)
            for row in evidence]


@dataclass
class JourneyPage:
    owner: User
    is_owner: bool
    today: date
    records: list[LearningRecord]
    evidence: list[SkillEvidence]
    activity: dict[date, int] = field(default_factory=dict)

    @property
    def groups(self) -> list[TimelineGroup]:
        return selectors.timeline_groups(self.records)

    @property
    def learning_days(self) -> int:
        return sum(1 for count in self.activity.values() if count)

    @cached_property
    def heatmap_svg(self) -> SafeString:
        # Built by charts.py, which escapes every piece of text it puts in.
        return mark_safe(charts.heatmap_svg(self.activity, end=self.today))  # noqa: S308

    @cached_property
    def skills_svg(self) -> SafeString:
        return mark_safe(charts.skills_chart_svg(skill_bars(self.evidence)))  # noqa: S308


def journey_page(*, viewer: Viewer, owner: User, declared: Sequence[UserSkill],
                 blocked: bool | None = None) -> JourneyPage:
    """Everything the profile's journey and skills sections need (three queries: the records,
    their skills, the skill-tagged posts). `declared` are the owner's skills `viewer` may see,
    already loaded by the caller; pass `blocked` when a block either way is already known."""
    if blocked is None:
        blocked = selectors.blocked_either_way(viewer=viewer, owner=owner)
    records = selectors.journey_for(viewer=viewer, owner=owner, blocked=blocked)
    return JourneyPage(
        owner=owner,
        is_owner=bool(viewer is not None and viewer.is_authenticated and viewer.pk == owner.pk),
        today=local_date(owner),
        records=records,
        evidence=selectors.evidence_from(records=records, declared=declared),
        activity=selectors.activity_by_day(viewer=viewer, owner=owner, records=records,
                                           blocked=blocked),
    )
