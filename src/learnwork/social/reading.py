"""The reading graph: everything the feed needs to know about one reader's follows and mutes.

It takes a fixed handful of queries (four, plus one per level of the skill hierarchy below the
skills involved), however many people or skills the reader follows: every query is a flat
`values_list`, and the skill hierarchy is walked once for all the skills at the same time.
"""

from __future__ import annotations

import uuid
from collections import defaultdict

from django.db.models import Q

from learnwork.accounts.models import User
from learnwork.skills.selectors import descendants_by_root
from learnwork.social.graph import ReadingGraph
from learnwork.social.models import Block, Follow, Mute, SkillFollow


def _union(closures: dict[uuid.UUID, frozenset[uuid.UUID]],
           roots: set[uuid.UUID]) -> frozenset[uuid.UUID]:
    if len(roots) == 1:
        # Most follows have one topic: share the root's set rather than copy it.
        return closures[next(iter(roots))]
    return frozenset().union(*(closures[root] for root in roots))


def reading_graph(*, user: User) -> ReadingGraph:
    """Whom and what `user` follows, mutes and blocks, with skills expanded to narrower ones."""
    everything: set[int] = set()
    topics: dict[int, set[uuid.UUID]] = defaultdict(set)
    # One row per (followee, topic), or (followee, None) for a follow of everything.
    # Deactivated followees are left out through their (small) partial index, not by joining
    # every followee's account row.
    inactive = User.objects.filter(is_active=False).values("id")
    follows = Follow.objects.filter(follower=user).exclude(followee__in=inactive).values_list(
        "followee_id", "topic_links__skill_id")
    for followee_id, skill_id in follows:
        if skill_id is None:
            everything.add(followee_id)
        else:
            topics[followee_id].add(skill_id)

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
