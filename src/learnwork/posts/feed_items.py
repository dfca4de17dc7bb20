"""The items of a feed page: each chosen post with what its card shows, the reader's own
reactions, and why it is there, in words (`reasons`). Shared by the home feed (`feed`) and the
list feeds (`list_feed`); two round trips for a page, whatever its size."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from learnwork.accounts.models import User
from learnwork.core.rawsql import fetch_batch
from learnwork.posts import feed_sql, ranking, reasons, selectors
from learnwork.posts.bait import bait_features, bait_reasons
from learnwork.posts.models import Post
from learnwork.posts.ranking import ScoredPost

# A post this baity gets a "Ranked lower" reason (bait.REASON_THRESHOLD weighs single signals).
BAIT_REASON_SCORE = 0.2


@dataclass(frozen=True)
class FeedItem:
    post: Post
    scored: ScoredPost
    reasons: list[str]
    reactions: frozenset[str] = frozenset()
    # Shown to the reader earlier today (on this page or another).
    seen: bool = False

    @property
    def new_to_you(self) -> bool:
        return self.scored.post.goal_discovery

    @property
    def parts(self) -> dict[str, float]:
        return dict(self.scored.parts)


@dataclass(frozen=True)
class GoalRef:
    skill_id: uuid.UUID
    label: str


# --- the page --------------------------------------------------------------------------------

def learners_like_you(rows: list[tuple[int, uuid.UUID, int]], *,
                      goal_ids: list[uuid.UUID]) -> dict[int, tuple[int, uuid.UUID]]:
    """For each post, how many people who learned from it share one of the reader's goals,
    and which goal (the most shared), from `feed_sql.learners_with_goals`' counts."""
    order = {goal_id: index for index, goal_id in enumerate(goal_ids)}
    best: dict[int, tuple[int, uuid.UUID]] = {}
    for post_id, goal_id, count in rows:
        current = best.get(post_id)
        if current is None or (count, -order[goal_id]) > (current[0], -order[current[1]]):
            best[post_id] = (count, goal_id)
    return best


def page_posts(*, reader: User, post_ids: list[int]) -> dict[int, Post]:
    """The page's posts with their authors, through the posts app's own visibility rule once
    more (ten ids, so it costs little), so a feed can never show what a post page would
    refuse. Their skills come with `page_reads`."""
    return {post.pk: post for post in selectors.visible_posts(viewer=reader)
            .select_related("author__profile").filter(pk__in=post_ids)}


def page_reads(*, reader: User, posts: dict[int, Post], goals: list[GoalRef]
               ) -> tuple[dict[int, set[str]], dict[int, tuple[int, uuid.UUID]]]:
    """In one round trip: the skills of the page's posts (set on each post, as
    `selectors.for_cards` would), the reader's own reactions to them, and the "learning …
    like you" counts (`learners_like_you`)."""
    post_ids = list(posts) or [0]
    goal_ids = [goal.skill_id for goal in goals]
    reads = [feed_sql.card_skills_of(post_ids=post_ids),
             feed_sql.reactions_of(user_id=reader.pk, post_ids=post_ids)]
    if goal_ids:
        reads.append(feed_sql.learners_with_goals(post_ids=post_ids, goal_ids=goal_ids,
                                                  not_user=reader.pk))
    results = fetch_batch(reads)
    selectors.set_card_skills(posts, feed_sql.card_skills_from(results[0]))
    mine: dict[int, set[str]] = defaultdict(set)
    for post_id, kind in results[1]:
        mine[post_id].add(kind)
    like_you = (learners_like_you(feed_sql.learner_counts_from(results[2]), goal_ids=goal_ids)
                if goal_ids else {})
    return mine, like_you


def _author_name(post: Post) -> str:
    profile = getattr(post.author, "profile", None)
    return profile.name if profile is not None else post.author.username


def _facts(post: Post, scored: ScoredPost, *, like_you: tuple[int, uuid.UUID] | None,
           goal_labels: dict[uuid.UUID, str], mode: str,
           kept_for_new: bool = False) -> reasons.Facts:
    labels = {skill.pk: skill.label for skill in post.skills.all()}
    candidate = scored.post

    def named(ids: Iterable[uuid.UUID]) -> list[str]:
        return sorted(labels[pk] for pk in ids if pk in labels)

    bait: list[str] = []
    if candidate.bait_score >= BAIT_REASON_SCORE:
        bait = bait_reasons(bait_features(post.body)) or [reasons.GENERIC_BAIT]
    goal = scored.goal
    return reasons.Facts(
        author_name=_author_name(post),
        followed_person=candidate.followed_person,
        topic_labels=named(candidate.followed_topic_skill_ids),
        followed_skill_labels=named(candidate.followed_skill_ids),
        goal_discovery=candidate.goal_discovery,
        learned_count=candidate.learned_count,
        like_you_count=like_you[0] if like_you else 0,
        like_you_goal=goal_labels.get(like_you[1]) if like_you else None,
        goal_label=goal_labels.get(goal.goal_id) if goal else None,
        goal_relation=goal.relation if goal else None,
        matched_skill_label=(labels.get(scored.matched_skill_id)
                             if scored.matched_skill_id else None),
        bait_reasons=bait,
        kept_for_new=kept_for_new,
        chronological=mode == ranking.CHRONOLOGICAL,
    )


def items_for(reader: User, chosen: list[ScoredPost], *, shown_today: dict[int, datetime],
           goals: list[GoalRef], mode: str,
           kept_for_new: frozenset[int] = frozenset()) -> list[FeedItem]:
    if not chosen:
        return []
    ids = [scored.id for scored in chosen]
    posts = page_posts(reader=reader, post_ids=ids)
    mine, like_you = page_reads(reader=reader, posts=posts, goals=goals)
    goal_labels = {goal.skill_id: goal.label for goal in goals}
    items = []
    for scored in chosen:
        post = posts.get(scored.id)
        if post is None:  # deleted or hidden in the last few milliseconds
            continue
        facts = _facts(post, scored, like_you=like_you.get(scored.id), goal_labels=goal_labels,
                       mode=mode, kept_for_new=scored.id in kept_for_new)
        items.append(FeedItem(post=post, scored=scored, reasons=reasons.sentences(facts),
                              reactions=frozenset(mine.get(scored.id, ())),
                              seen=scored.id in shown_today))
    return items
