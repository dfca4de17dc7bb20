"""Reads for recommendations: people to learn each goal from, and a reader's dismissals.

`suggestions` runs a fixed number of queries whatever the number of goals, follows or
candidates: the goals, the reader's reading graph (follows, mutes, blocks: social's
`reading_graph`), the dismissals, the freshness of the evidence, and one query for the top rows
of every goal at once (a window function ranks `TeacherEvidence` per skill), with each person's
profile joined in.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from learnwork.accounts.models import User
from learnwork.core.errors import NotFound
from learnwork.recommendations import evidence, scoring
from learnwork.recommendations.models import Dismissal, TeacherEvidence
from learnwork.skills.models import LearningGoal, Skill
from learnwork.social.models import Follow
from learnwork.social.selectors import reading_graph

DEFAULT_LIMIT = 10
MAX_LIMIT = 50
# Rows read per goal: enough for the variety re-rank to choose from.
POOL_PER_PICK = 4
# Evidence older than this is rebuilt in the background when someone asks for suggestions.
STALE_AFTER = timedelta(hours=24)
REBUILD_GUARD_KEY = "recommendations:rebuild-enqueued"
REBUILD_GUARD_SECONDS = 3600
# Starter suggestions: on a member's first day, on the home feed.
FIRST_DAY = timedelta(days=1)
STARTER_PEOPLE = 5


@dataclass(frozen=True)
class Suggestion:
    person: User
    skill: Skill
    score: float
    reasons: list[str]
    evidence: scoring.Evidence
    friends_learned: int
    declared_skill: Skill | None = None

    @property
    def name(self) -> str:
        return display_name(self.person)


@dataclass(frozen=True)
class GoalSuggestions:
    goal: LearningGoal
    people: list[Suggestion]

    @property
    def skill(self) -> Skill:
        return self.goal.skill


@dataclass(frozen=True)
class Suggestions:
    goals: list[GoalSuggestions]
    # False until the evidence was gathered once: the page says it is on its way.
    ready: bool

    def __iter__(self) -> Iterator[GoalSuggestions]:
        return iter(self.goals)

    def first_day(self, *, limit: int = STARTER_PEOPLE) -> list[Suggestion]:
        """The best few across all goals, each person once: starter suggestions."""
        rounds = max((len(g.people) for g in self.goals), default=0)
        chosen: list[Suggestion] = []
        seen: set[int] = set()
        # Round-robin over goals, so every goal gets someone before any goal gets a second.
        for place in range(rounds):
            for block in self.goals:
                if place < len(block.people) and block.people[place].person.pk not in seen:
                    seen.add(block.people[place].person.pk)
                    chosen.append(block.people[place])
                    if len(chosen) >= limit:
                        return chosen
        return chosen


def display_name(user: User) -> str:
    profile = getattr(user, "profile", None)
    return profile.name if profile is not None else user.username


def _goal_id(goal_id: uuid.UUID | str) -> uuid.UUID:
    try:
        return goal_id if isinstance(goal_id, uuid.UUID) else uuid.UUID(str(goal_id))
    except ValueError:
        raise NotFound(_("There is no skill with that id."), code="skill_not_found",
                       field="goal") from None


def _goals(reader: User, goal_id: uuid.UUID | str | None) -> list[LearningGoal]:
    goals = LearningGoal.objects.filter(user=reader).select_related("skill")
    if goal_id is None:
        return list(goals)
    found = list(goals.filter(skill_id=_goal_id(goal_id)))
    if not found:
        raise NotFound(_("That skill is not one of your learning goals. Add it as a goal "
                         "first, then ask again."), code="not_a_goal", field="goal")
    return found


def _ensure_fresh() -> bool:
    """Whether evidence was ever gathered; enqueues a rebuild (at most once an hour) when it
    never was or is more than a day old."""
    last = evidence.last_full_refresh()
    if (last is None or timezone.now() - last > STALE_AFTER) and cache.add(
            REBUILD_GUARD_KEY, 1, REBUILD_GUARD_SECONDS):
        from learnwork.recommendations.tasks import rebuild_evidence

        rebuild_evidence.enqueue()
        last = evidence.last_full_refresh()
    return last is not None


def _ranked_rows(reader: User, goal_ids: Sequence[uuid.UUID], excluded: set[int],
                 per_goal: int) -> QuerySet[TeacherEvidence]:
    # Those followed for everything as a subquery: a heavy follower's thousands of ids as
    # parameters cost more to prepare in Python than the whole query costs to run.
    followed = Follow.objects.filter(follower=reader, topic_links__isnull=True)
    return (TeacherEvidence.objects
            .filter(skill_id__in=goal_ids, person__is_active=True)
            .exclude(person_id__in=excluded)
            .exclude(person_id__in=followed.values("followee_id"))
            .annotate(place=Window(RowNumber(), partition_by=[F("skill_id")],
                                   order_by=[F("score").desc(), F("person_id").asc()]))
            .filter(place__lte=per_goal)
            .select_related("person__profile", "declared_skill"))


def suggestions(*, reader: User, goal_id: uuid.UUID | str | None = None,
                limit: int = DEFAULT_LIMIT) -> Suggestions:
    """For each of `reader`'s goals (or the one asked for), the people to learn it from, best
    first, each with the reasons in words. Never suggested: the reader, people they follow for
    everything or already for that skill, people blocked either way or muted, deactivated
    accounts, and anyone they dismissed (for that goal or everywhere)."""
    limit = max(1, min(limit, MAX_LIMIT))
    goals = _goals(reader, goal_id)
    ready = _ensure_fresh()
    if not goals:
        return Suggestions([], ready)
    graph = reading_graph(user=reader)
    everywhere: set[int] = set()
    for_skill: dict[uuid.UUID, set[int]] = defaultdict(set)
    for person_id, skill_id in Dismissal.objects.filter(reader=reader).values_list(
            "person_id", "skill_id"):
        if skill_id is None:
            everywhere.add(person_id)
        else:
            for_skill[skill_id].add(person_id)
    excluded = {reader.pk} | graph.blocked_ids | graph.muted_person_ids | everywhere
    goal_ids = [goal.skill_id for goal in goals]
    # Left out for one goal only: dismissed for it, or followed for it (or a broader skill).
    skipped = {goal_id: for_skill.get(goal_id, set()) | {
        person for person, topics in graph.topics_from.items() if goal_id in topics}
        for goal_id in goal_ids}
    # Read past those, so each goal still has a full pool to choose from.
    extra = max(len(people) for people in skipped.values())
    rows: dict[uuid.UUID, list[TeacherEvidence]] = defaultdict(list)
    for row in _ranked_rows(reader, goal_ids, excluded, limit * POOL_PER_PICK + extra):
        rows[row.skill_id].append(row)
    followees = graph.followee_ids
    blocks = []
    for goal in goals:
        found = {row.person_id: row for row in rows[goal.skill_id]
                 if row.person_id not in skipped[goal.skill_id]}
        candidates = [_candidate(row, followees) for row in found.values()]
        people = []
        for ranked in scoring.rank(candidates, limit=limit):
            row = found[ranked.person_id]
            people.append(Suggestion(
                person=row.person, skill=goal.skill, score=round(ranked.score, 4),
                reasons=scoring.reasons(
                    ranked.candidate.evidence, name=display_name(row.person),
                    skill_label=goal.skill.label, friends_learned=ranked.candidate.friends_learned,
                    declared_label=(row.declared_skill.label if row.declared_skill
                                    else None)),
                evidence=ranked.candidate.evidence,
                friends_learned=ranked.candidate.friends_learned,
                declared_skill=row.declared_skill))
        blocks.append(GoalSuggestions(goal=goal, people=people))
    return Suggestions(blocks, ready)


def _candidate(row: TeacherEvidence, followees: frozenset[int]) -> scoring.Candidate:
    learners = frozenset(row.learner_ids or ())
    return scoring.Candidate(person_id=row.person_id, evidence=evidence.evidence_of(row),
                             friends_learned=len(learners & followees), learner_ids=learners,
                             base=row.score)


def is_first_day(user: User) -> bool:
    return timezone.now() - user.date_joined < FIRST_DAY


def dismissals_for(*, reader: User) -> QuerySet[Dismissal]:
    """The reader's dismissals, newest first, with each person's profile and the skill."""
    return (Dismissal.objects.filter(reader=reader)
            .select_related("person__profile", "skill").order_by("-created", "-pk"))


def dismissal_get(*, reader: User, dismissal_id: int) -> Dismissal:
    found = dismissals_for(reader=reader).filter(pk=dismissal_id).first()
    if found is None:
        raise NotFound(_("You have no dismissed suggestion with that id."),
                       code="dismissal_not_found")
    return found
