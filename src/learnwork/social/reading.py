"""The reading graph: everything the feed needs to know about one reader's follows and mutes.

It takes four flat queries however many people or skills the reader follows (the follows in
plain SQL), and walks the skill hierarchy below the skills involved in memory
(`skills.hierarchy`).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from django.db.models import Q

from learnwork.accounts.models import User
from learnwork.core.rawsql import fetch, uuid_of
from learnwork.skills.selectors import descendants_by_root
from learnwork.social.graph import ReadingGraph
from learnwork.social.models import Block, Follow, FollowTopic, Mute, SkillFollow


def _union(closures: dict[uuid.UUID, frozenset[uuid.UUID]],
           roots: set[uuid.UUID]) -> frozenset[uuid.UUID]:
    if len(roots) == 1:
        # Most follows have one topic: share the root's set rather than copy it.
        return closures[next(iter(roots))]
    return frozenset().union(*(closures[root] for root in roots))


def _follows(user_id: int) -> list[tuple[int, Any]]:
    """(followee, topic skill or None) for each follow of `user_id`'s, in plain SQL: a heavy
    reader follows thousands, and the ORM's per-value work cost more than the query.
    Deactivated followees are left out through their small partial index rather than by joining
    every followee's account."""
    follow, topic = Follow._meta.db_table, FollowTopic._meta.db_table
    return fetch(
        f"SELECT f.followee_id, t.skill_id FROM {follow} f "  # noqa: S608 (table names only)
        f"LEFT JOIN {topic} t ON t.follow_id = f.id WHERE f.follower_id = %s "
        f"AND f.followee_id NOT IN (SELECT u.id FROM {User._meta.db_table} u "
        f"WHERE NOT u.is_active)", [int(user_id)])


def reading_graph(*, user: User) -> ReadingGraph:
    """Whom and what `user` follows, mutes and blocks, with skills expanded to narrower ones."""
    everything: set[int] = set()
    topics: dict[int, set[uuid.UUID]] = defaultdict(set)
    # One row per (followee, topic), or (followee, None) for a follow of everything.
    for followee_id, skill_id in _follows(user.pk):
        if skill_id is None:
            everything.add(followee_id)
        else:
            topics[followee_id].add(uuid_of(skill_id))

    followed_skills = set(SkillFollow.objects.filter(user=user).values_list("skill_id", flat=True))

    muted_people: set[int] = set()
    muted_skills: set[uuid.UUID] = set()
    words: list[str] = []
    for kind, person_id, skill_id, word in Mute.objects.filter(user=user).values_list(
            "kind", "person_id", "skill_id", "word"):
        if kind == Mute.Kind.PERSON:
            muted_people.add(person_id)
        elif kind == Mute.Kind.SKILL:
            muted_skills.add(skill_id)
        elif word:
            words.append(word)

    blocked: set[int] = set()
    for blocker_id, blocked_id in Block.objects.filter(
            Q(blocker=user) | Q(blocked=user)).values_list("blocker_id", "blocked_id"):
        blocked.add(blocked_id if blocker_id == user.pk else blocker_id)

    roots = followed_skills | muted_skills
    for chosen in topics.values():
        roots |= chosen
    closures = descendants_by_root(skill_ids=roots) if roots else {}
    return ReadingGraph(
        user_id=user.pk,
        everything_from=frozenset(everything - blocked),
        topics_from={followee: _union(closures, chosen)
                     for followee, chosen in topics.items() if followee not in blocked},
        followed_skill_ids=_union(closures, followed_skills) if followed_skills else frozenset(),
        muted_person_ids=frozenset(muted_people),
        muted_skill_ids=_union(closures, muted_skills) if muted_skills else frozenset(),
        muted_words=tuple(sorted(words)),
        blocked_ids=frozenset(blocked),
    )
