"""The home feed's candidates: the newest posts from each source the reader follows, read in
two round trips of plain-SQL statements (`feed_sql`), then filtered in Python by the reading
graph's rules (follows and topics, mutes, blocks, visibility, the hashtag limit).
`feed.home_feed` ranks what comes out."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from learnwork.accounts.models import User
from learnwork.core.rawsql import Statement, fetch_batch
from learnwork.posts import feed_sql
from learnwork.posts.models import FeedSettings, Post
from learnwork.posts.ranking import CandidatePost
from learnwork.social.graph import ReadingGraph

# Goal discovery looks at the last few days only: it is about what is new and already helping
# others, and the scan behind it grows with the posts on the goals' skills in the window.
DISCOVERY_WINDOW = timedelta(days=4)
# Followed people's posts of the last two days usually fill the people's share already; the
# scans may read them before the rest of the window (`feed_sql.newest_by_authors`).
RECENT_FIRST = timedelta(days=2)
# How many of the newest unseen posts each source offers (see `Limits`): with freshness halving
# every 36 hours they reach back further than the ranking usually looks.
PEOPLE_LIMIT = 160
SOURCE_LIMIT = 80
DISCOVERY_LIMIT = 40
MAX_SOURCE_LIMIT = 600


@dataclass(frozen=True)
class Limits:
    """How many of the newest posts each source offers: enough for the day's budget several
    times over, and flat whatever the reader follows."""

    people: int
    topics: int
    skills: int
    discovery: int

    @classmethod
    def for_budget(cls, budget: int) -> Limits:
        return cls(people=min(PEOPLE_LIMIT + 2 * budget, MAX_SOURCE_LIMIT),
                   topics=min(SOURCE_LIMIT + budget, MAX_SOURCE_LIMIT),
                   skills=min(SOURCE_LIMIT + budget, MAX_SOURCE_LIMIT),
                   discovery=min(DISCOVERY_LIMIT + budget, MAX_SOURCE_LIMIT))


@dataclass(frozen=True)
class Found:
    """The candidate posts' numbers by id, and every tag of theirs."""

    rows: dict[int, dict[str, Any]]
    skill_ids: dict[int, frozenset[uuid.UUID]]


def candidate_rows(*, reader: User, graph: ReadingGraph, goal_below: frozenset[uuid.UUID],
                   since: datetime, now: datetime, discovery: bool, limits: Limits,
                   seen_before: set[int], seen_today: Iterable[int], with_body: bool) -> Found:
    """The candidate posts, in two round trips: the scans, then the numbers of the posts the
    scans found by id (through skills, and today's posts already shown) with the skills of
    all of them. Posts of followed people come with their numbers straight from the scan that
    finds them. Posts shown on earlier days never come back, so they are excluded from the
    scans rather than allowed to take up the limits."""
    by_author: list[Statement] = []
    by_skill: list[Statement] = []
    if graph.everything_from:
        by_author.append(feed_sql.newest_by_authors(
            author_ids=graph.everything_from, since=since, exclude=seen_before,
            limit=limits.people, with_body=with_body, recent=now - RECENT_FIRST))
    if graph.topics_from:
        # Their posts on other skills are dropped in Python once the skills are known: asking
        # for "these skills by these authors" scans every post on the skills instead.
        by_author.append(feed_sql.newest_by_authors(
            author_ids=graph.topics_from.keys(), since=since, exclude=seen_before,
            limit=limits.topics, with_body=with_body, recent=now - RECENT_FIRST))
    if graph.followed_skill_ids:
        by_skill.append(feed_sql.newest_on_skills(
            skill_ids=graph.followed_skill_ids, since=since, exclude=seen_before,
            limit=limits.skills))
    if discovery and goal_below:
        by_skill.append(feed_sql.learned_on_skills(
            skill_ids=goal_below, since=max(since, now - DISCOVERY_WINDOW),
            exclude=seen_before, not_by=reader.pk, limit=limits.discovery))
    results = fetch_batch(by_author + by_skill)
    rows: dict[int, dict[str, Any]] = {}
    for found in results[:len(by_author)]:
        rows.update((row["id"], row) for row in
                    feed_sql.candidates_from(found, with_body=with_body))
    more: set[int] = set(seen_today)
    for found in results[len(by_author):]:
        more.update(feed_sql.ids_from(found))
    missing = more - rows.keys()
    second = [feed_sql.skills_of(post_ids=rows.keys() | more)] if rows or more else []
    if missing:
        second.append(feed_sql.posts_by_id(post_ids=missing, with_body=with_body))
    results = fetch_batch(second)
    if missing:
        rows.update((row["id"], row) for row in
                    feed_sql.candidates_from(results[1], with_body=with_body))
    skill_ids: dict[int, set[uuid.UUID]] = defaultdict(set)
    for post_id, skill_id in feed_sql.skill_pairs_from(results[0] if results else []):
        skill_ids[post_id].add(skill_id)
    return Found(rows=rows, skill_ids={pk: frozenset(ids) for pk, ids in skill_ids.items()})


def _visible(*, visibility: str, author_id: int, graph: ReadingGraph) -> bool:
    # The reader is signed in, so "everyone" and "members" posts pass; "followers" posts pass
    # for people who follow the author (for everything or for topics).
    if visibility == Post.Visibility.FOLLOWERS:
        return author_id in graph.everything_from or author_id in graph.topics_from
    return visibility in (Post.Visibility.EVERYONE, Post.Visibility.MEMBERS)


def _candidate(row: dict[str, Any], skill_ids: frozenset[uuid.UUID], *, reader_id: int,
               graph: ReadingGraph, settings: FeedSettings, goal_below: frozenset[uuid.UUID],
               discovery: bool) -> CandidatePost | None:
    """The row as a candidate with its sources, or None when the reader must not see it."""
    author_id = row["author_id"]
    if author_id == reader_id:
        return None
    if graph.is_hidden(author_id=author_id, skill_ids=skill_ids, text=row.get("body", "")):
        return None
    if settings.max_hashtags is not None and row["hashtag_count"] > settings.max_hashtags:
        return None
    if not _visible(visibility=row["visibility"], author_id=author_id, graph=graph):
        return None
    followed_person = author_id in graph.everything_from
    topics = skill_ids & graph.topics_from.get(author_id, frozenset())
    followed_skills = skill_ids & graph.followed_skill_ids
    new_to_you = (discovery and not (followed_person or topics or followed_skills)
                  and author_id not in graph.topics_from and row["learned_count"] > 0
                  and not skill_ids.isdisjoint(goal_below))
    if not (followed_person or topics or followed_skills or new_to_you):
        return None
    return CandidatePost(
        id=row["id"], author_id=author_id, created=row["created"], skill_ids=skill_ids,
        learned_count=row["learned_count"], learn_weight=row["learn_weight"],
        helpful_count=row["helpful_count"], bait_score=row["bait_score"],
        substance=row["substance"], hashtag_count=row["hashtag_count"],
        followed_person=followed_person, followed_topic_skill_ids=topics,
        followed_skill_ids=followed_skills, goal_discovery=new_to_you,
    )


def candidates(found: Found, *, reader: User, graph: ReadingGraph, settings: FeedSettings,
               goal_below: frozenset[uuid.UUID], discovery: bool) -> list[CandidatePost]:
    """The candidate rows with their skills, filtered."""
    result = []
    # Read once: the reader is often the request's lazy user, slow to read in a loop.
    reader_id = reader.pk
    none: frozenset[uuid.UUID] = frozenset()
    for row in found.rows.values():
        candidate = _candidate(row, found.skill_ids.get(row["id"], none), reader_id=reader_id,
                               graph=graph, settings=settings, goal_below=goal_below,
                               discovery=discovery)
        if candidate is not None:
            result.append(candidate)
    return result
