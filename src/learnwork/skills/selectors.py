"""Reads for skills: search, a concept and its neighbourhood, a person's skills and goals.

Every selector runs a fixed number of queries, whatever the number of rows it returns.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from learnwork.accounts.models import User
from learnwork.core.errors import NotFound
from learnwork.core.rawsql import Statement, uuid_of
from learnwork.skills import hierarchy, index_cache
from learnwork.skills.models import (
    LearningGoal,
    Occupation,
    OccupationSkill,
    Skill,
    SkillRelation,
    UserSkill,
)
from learnwork.skills.search import SkillHit

MAX_LIMIT = 50
OCCUPATION_CAP = 25
NARROWER_CAP = 100
_IN_BATCH = 500  # ids per IN (...) list, well under SQLite's 999 parameters


def skill_search(*, query: str, limit: int = 10,
                 kinds: Collection[str] | None = None) -> list[SkillHit]:
    """Typeahead matches for `query`, forgiving of case, word order and small typos."""
    query = query[:200]
    if not query.strip():
        return []
    return index_cache.current_index().search(
        query, limit=max(1, min(limit, MAX_LIMIT)), kinds=kinds
    )


def _parse_id(skill_id: uuid.UUID | str) -> uuid.UUID:
    try:
        return skill_id if isinstance(skill_id, uuid.UUID) else uuid.UUID(str(skill_id))
    except ValueError:
        raise NotFound(_("There is no skill with that id.")) from None


def skill_get(*, skill_id: uuid.UUID | str) -> Skill:
    skill = Skill.objects.filter(pk=_parse_id(skill_id)).first()
    if skill is None:
        raise NotFound(_("There is no skill with that id."))
    return skill


def broader_of(*, skill_id: uuid.UUID) -> list[Skill]:
    return list(Skill.objects.filter(narrower=skill_id).order_by("kind", "label"))


def narrower_of(*, skill_id: uuid.UUID, cap: int = NARROWER_CAP) -> tuple[list[Skill], int]:
    """Up to `cap` narrower concepts (groups first), and how many there are in all."""
    qs = Skill.objects.filter(broader=skill_id)
    items = list(qs.order_by("-kind", "label")[:cap])
    total = len(items) if len(items) < cap else qs.count()
    return items, total


@dataclass
class OccupationsNeeding:
    essential: list[Occupation] = field(default_factory=list)
    optional: list[Occupation] = field(default_factory=list)
    essential_count: int = 0
    optional_count: int = 0


def occupations_needing(*, skill_id: uuid.UUID, cap: int = OCCUPATION_CAP) -> OccupationsNeeding:
    links = OccupationSkill.objects.filter(skill_id=skill_id)
    counts = links.aggregate(n_essential=Count("pk", filter=Q(essential=True)),
                             n_optional=Count("pk", filter=Q(essential=False)))
    result = OccupationsNeeding(essential_count=counts["n_essential"],
                                optional_count=counts["n_optional"])
    if result.essential_count:
        result.essential = list(Occupation.objects.filter(
            occupationskill__skill_id=skill_id, occupationskill__essential=True)[:cap])
    if result.optional_count:
        result.optional = list(Occupation.objects.filter(
            occupationskill__skill_id=skill_id, occupationskill__essential=False)[:cap])
    return result


@dataclass
class SkillDetail:
    skill: Skill
    broader: list[Skill]
    narrower: list[Skill]
    narrower_count: int
    occupations: OccupationsNeeding


def skill_detail(*, skill_id: uuid.UUID | str) -> SkillDetail:
    """A concept with its neighbours and the occupations that need it; raises NotFound."""
    skill = skill_get(skill_id=skill_id)
    narrower, narrower_count = narrower_of(skill_id=skill.pk)
    return SkillDetail(skill=skill, broader=broader_of(skill_id=skill.pk), narrower=narrower,
                       narrower_count=narrower_count,
                       occupations=occupations_needing(skill_id=skill.pk))


def top_groups(*, children: int = 8) -> list[tuple[Skill, list[Skill]]]:
    """The roots of the hierarchy, each with a few of its narrower groups (two queries)."""
    roots = list(Skill.objects.filter(kind=Skill.Kind.GROUP, broader__isnull=True)
                 .order_by("label"))
    relations = (SkillRelation.objects.filter(broader__in=roots,
                                              narrower__kind=Skill.Kind.GROUP)
                 .select_related("narrower").order_by("narrower__label"))
    by_root: dict[uuid.UUID, list[Skill]] = {root.pk: [] for root in roots}
    for relation in relations:
        group = by_root[relation.broader_id]
        if len(group) < children:
            group.append(relation.narrower)
    return [(root, by_root[root.pk]) for root in roots]


def descendant_ids(*, skill_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """`skill_ids` and every concept below them (one query per level of the hierarchy)."""
    return set().union(*descendants_by_root(skill_ids=skill_ids).values())


def descendants_by_root(*, skill_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, frozenset[uuid.UUID]]:
    """Each of `skill_ids` mapped to itself and every skill below it, from the hierarchy held
    in memory (`hierarchy.current`), keeping which root each skill hangs from: a person
    followed for "statistics" must not bring posts on the SQL someone else is followed for."""
    return hierarchy.current().descendants_by_root(skill_ids)


def skill_edges_around(*, skill_ids: Iterable[uuid.UUID], levels_up: int,
                       cap: int) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """(narrower, broader) edges from `levels_up` levels above the skills to all the way below
    them, with at most `cap` skills below (see `Hierarchy.edges_around`)."""
    return hierarchy.current().edges_around(skill_ids, levels_up=levels_up, cap=cap)


def skills_for_profile(*, user: User) -> list[UserSkill]:
    return list(UserSkill.objects.filter(user=user).select_related("skill"))


def goals_for_profile(*, user: User) -> list[LearningGoal]:
    return list(LearningGoal.objects.filter(user=user).select_related("skill"))


def goals_of(*, user_id: int) -> Statement:
    """(skill id, label) of each of the person's goals, in `goals_for_profile`'s order: one
    plain-SQL read, for a caller that sends it with others in one round trip (`fetch_batch`)."""
    goal, skill = LearningGoal._meta.db_table, Skill._meta.db_table
    # LearningGoal's Meta.ordering, as the ORM writes it.
    return Statement(f"SELECT g.skill_id, s.label FROM {goal} g "  # noqa: S608 (names only)
                     f"INNER JOIN {skill} s ON s.id = g.skill_id WHERE g.user_id = %s "
                     f"ORDER BY g.target_date ASC, g.created ASC", (int(user_id),))


def goals_from(rows: list[tuple[Any, ...]]) -> list[tuple[uuid.UUID, str]]:
    return [(uuid_of(skill_id), label) for skill_id, label in rows]


def user_skill_for(*, user: User, skill_id: uuid.UUID) -> UserSkill | None:
    return UserSkill.objects.filter(user=user, skill_id=skill_id).first()


def goal_for(*, user: User, skill_id: uuid.UUID) -> LearningGoal | None:
    return LearningGoal.objects.filter(user=user, skill_id=skill_id).first()


def export_for(*, user: User) -> dict[str, Any]:
    """A person's skills and learning goals as JSON-able data, for their data download."""
    return {
        "skills": [
            {"skill_id": str(us.skill_id), "label": us.skill.label,
             "esco_uri": us.skill.esco_uri, "proficiency": us.proficiency, "level": us.level,
             "evidence": list(us.evidence), "created": us.created.isoformat(),
             "updated": us.updated.isoformat()}
            for us in skills_for_profile(user=user)
        ],
        "learning_goals": [
            {"skill_id": str(goal.skill_id), "label": goal.skill.label,
             "esco_uri": goal.skill.esco_uri, "why": goal.why,
             "target_date": goal.target_date.isoformat() if goal.target_date else None,
             "created": goal.created.isoformat(), "updated": goal.updated.isoformat()}
            for goal in goals_for_profile(user=user)
        ],
    }
