"""The reading graph: everything the feed needs to know about one reader's follows and mutes.

It takes five flat reads however many people or skills the reader follows (plain SQL, in one
round trip; the home feed sends them with its own), and walks the skill hierarchy below the
skills involved in memory (`skills.hierarchy`).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from learnwork.accounts.models import User
from learnwork.core.rawsql import Statement, fetch_batch, uuid_of
from learnwork.skills.selectors import descendants_by_root
from learnwork.social.graph import ReadingGraph
from learnwork.social.models import Block, Follow, FollowTopic, Mute, SkillFollow


def _union(closures: dict[uuid.UUID, frozenset[uuid.UUID]],
           roots: set[uuid.UUID]) -> frozenset[uuid.UUID]:
    if len(roots) == 1:
        # Most follows have one topic: share the root's set rather than copy it.
        return closures[next(iter(roots))]
    return frozenset().union(*(closures[root] for root in roots))


def graph_statements(user_id: int) -> list[Statement]:
    """The reads behind `graph_from`, for one round trip with the caller's own (`fetch_batch`).

    The people followed, then the topics of those followed for chosen skills only: each a
    range of one index (`FollowTopic` carries the follower). Deactivated followees are left
    out through their small partial index rather than by joining every followee's account."""
    user = int(user_id)
    follow, topic = Follow._meta.db_table, FollowTopic._meta.db_table
    active = (f"f.followee_id NOT IN (SELECT u.id FROM {User._meta.db_table} u "  # noqa: S608
              f"WHERE NOT u.is_active)")
    return [
        Statement(f"SELECT f.followee_id FROM {follow} f "  # noqa: S608 (table names only)
                  f"WHERE f.follower_id = %s AND {active}", (user,)),
        Statement(f"SELECT f.followee_id, t.skill_id FROM {topic} t "  # noqa: S608
                  f"INNER JOIN {follow} f ON f.id = t.follow_id "
                  f"WHERE t.follower_id = %s AND {active}", (user,)),
        Statement(f"SELECT skill_id FROM {SkillFollow._meta.db_table} "  # noqa: S608
                  f"WHERE user_id = %s", (user,)),
        Statement(f"SELECT kind, person_id, skill_id, word FROM {Mute._meta.db_table} "  # noqa: S608
                  f"WHERE user_id = %s", (user,)),
        Statement(f"SELECT blocker_id, blocked_id FROM {Block._meta.db_table} "  # noqa: S608
                  f"WHERE blocker_id = %s OR blocked_id = %s", (user, user)),
    ]


def reading_graph(*, user: User) -> ReadingGraph:
    """Whom and what `user` follows, mutes and blocks, with skills expanded to narrower ones."""
    return graph_from(user.pk, fetch_batch(graph_statements(user.pk)))


def graph_from(user_id: int, results: Sequence[list[tuple[Any, ...]]]) -> ReadingGraph:
    """The reading graph from the rows of `graph_statements`, in their order."""
    follow_rows, topic_rows, skill_rows, mute_rows, block_rows = results
    topics: dict[int, set[uuid.UUID]] = defaultdict(set)
    for followee_id, skill_id in topic_rows:
        topics[followee_id].add(uuid_of(skill_id))
    # A follow with topics brings only them; one without, everything.
    everything = {followee_id for (followee_id,) in follow_rows} - topics.keys()

    followed_skills = {uuid_of(skill_id) for (skill_id,) in skill_rows}

    muted_people: set[int] = set()
    muted_skills: set[uuid.UUID] = set()
    words: list[str] = []
    for kind, person_id, skill_id, word in mute_rows:
        if kind == Mute.Kind.PERSON:
            muted_people.add(person_id)
        elif kind == Mute.Kind.SKILL:
            muted_skills.add(uuid_of(skill_id))
        elif word:
            words.append(word)

    blocked: set[int] = set()
    for blocker_id, blocked_id in block_rows:
        blocked.add(blocked_id if blocker_id == user_id else blocker_id)

    roots = followed_skills | muted_skills
    for chosen in topics.values():
        roots |= chosen
    closures = descendants_by_root(skill_ids=roots) if roots else {}
    return ReadingGraph(
        user_id=user_id,
        everything_from=frozenset(everything - blocked),
        topics_from={followee: _union(closures, chosen)
                     for followee, chosen in topics.items() if followee not in blocked},
        followed_skill_ids=_union(closures, followed_skills) if followed_skills else frozenset(),
        muted_person_ids=frozenset(muted_people),
        muted_skill_ids=_union(closures, muted_skills) if muted_skills else frozenset(),
        muted_words=tuple(sorted(words)),
        blocked_ids=frozenset(blocked),
    )
