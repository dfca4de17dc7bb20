"""The home feed (reads only): candidates, filters, ranking, the daily budget, and the page.

`home_feed(reader=..., page=...)` makes five round trips to the database, whatever the page size
and however many people or skills the reader follows (see `docs/decisions/0004-feed-ranking.md`
and `core.rawsql.fetch_batch`: on PostgreSQL a round trip can carry several statements, and
waiting on the server cost more than the statements did):

1. about the reader: their feed settings, learning goals, impressions of the last `WINDOW` (the
   daily budget, and what never comes back), and the reads behind the reading graph
   (`social.reading`: follows, their topics, followed skills, mutes, blocks); the skill
   hierarchy under the skills they follow, mute or aim for is held in memory
   (`skills.hierarchy`);
2. the candidate scans (`feed_candidates`), each an index range scan bounded by time and count:
   the newest posts of people followed for everything and, separately, of people followed for
   topics (`Post`, by `created` or `(author, -created)`, with the numbers ranking needs), the
   ids of the newest posts on followed skills and, in ranked mode, of posts on the goals that
   others learned from, by people the reader does not follow (both `PostSkill(skill,
   -created)`). No bodies, unless the reader mutes words: whole-word matching needs the text;
3. the numbers of the posts found by id (leaving out deactivated authors), and the skills of
   all the candidates;
4. and 5. for the page only (`feed_items`): the posts with their authors (through the posts
   app's own visibility rule), then their skills, the reader's own reactions and the "learning
   … like you" counts for the reasons.

All of it but the page's posts is plain SQL (`feed_sql`); long id lists go into the SQL as
literals, not as one bound parameter each: binding two thousand ids through the ORM cost more
than the query itself.

Everything else (follow rules, mutes, blocks, visibility, hashtags, ranking, the budget) is
plain Python over those rows. Nothing about posts, follows or mutes is cached, so a new post
shows on the next request.
"""

from __future__ import annotations

import hashlib
import math
import uuid
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from learnwork.accounts.models import User
from learnwork.core.rawsql import fetch_batch
from learnwork.posts import feed_candidates, feed_sql, ranking
from learnwork.posts.feed_items import BAIT_REASON_SCORE, FeedItem, GoalRef, items_for
from learnwork.posts.models import FeedSettings
from learnwork.posts.paging import Pages
from learnwork.posts.ranking import GoalMatch, ReaderContext, ScoredPost, Weights
from learnwork.skills import selectors as skills
from learnwork.social import selectors as social
from learnwork.social.graph import ReadingGraph

PAGE_SIZE = 10
WINDOW = timedelta(days=14)
# Goal discovery may fill at most this share of the day's budget.
DISCOVERY_SHARE = 0.2
# This share of the day's budget is kept for the newest posts from follows (see `_day_list`).
NEW_SHARE = 0.25
NEW_WINDOW = timedelta(hours=24)
NEW_FIRST_SLOT, NEW_SPACING = 2, 3
# A goal on a very broad group would otherwise pull in most of the taxonomy.
GOAL_SKILLS_CAP = 5000
GOAL_CACHE_SECONDS = 600


@dataclass(frozen=True)
class FeedPage(Pages):
    items: list[FeedItem]
    page: int
    has_next: bool
    caught_up: bool
    mode: str
    daily_budget: int
    # Posts the reader had been shown today before this request.
    shown_today: int
    # Posts in today's feed in all: those already shown and those still to come.
    day_total: int
    page_size: int = PAGE_SIZE
    goals: list[GoalRef] = field(default_factory=list)

    @property
    def post_ids(self) -> list[int]:
        return [item.post.pk for item in self.items]

    @property
    def new_post_ids(self) -> list[int]:
        """The posts on this page the reader had not been shown yet today."""
        return [item.post.pk for item in self.items if not item.seen]

    @property
    def shown_after(self) -> int:
        """Posts shown today, counting this page."""
        return self.shown_today + len(self.new_post_ids)

    @property
    def budget_spent(self) -> bool:
        return self.shown_after >= self.daily_budget

    @property
    def first_number(self) -> int:
        return (self.page - 1) * self.page_size + 1

    @property
    def posts_in_all(self) -> int:
        return self.day_total

    @property
    def remaining_today(self) -> int:
        """Posts in today's feed after this page."""
        return self.posts_after


def feed_settings_for(*, user: User) -> FeedSettings:
    """The reader's feed settings; the defaults (unsaved) when they never changed them."""
    found = FeedSettings.objects.filter(user=user).first()
    return found if found is not None else FeedSettings(user=user)


def weights_of(settings: FeedSettings) -> Weights:
    return Weights(freshness=settings.weight_freshness, learning=settings.weight_learning,
                   goals=settings.weight_goals)


def local_midnight(*, now: datetime, tz_name: str = "") -> datetime:
    """The start of the reader's day, in their own time zone (the site's when unset)."""
    try:
        tz: Any = zoneinfo.ZoneInfo(tz_name) if tz_name else timezone.get_default_timezone()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz = timezone.get_default_timezone()
    local = now.astimezone(tz)
    return datetime.combine(local.date(), time.min, tzinfo=tz)


# --- goals -----------------------------------------------------------------------------------

def _goal_edges(goal_ids: Iterable[uuid.UUID]) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """(narrower, broader) edges two levels above the goals and all the way below them."""
    return skills.skill_edges_around(skill_ids=goal_ids,
                                     levels_up=len(ranking.CLOSENESS_BY_STEPS) - 1,
                                     cap=GOAL_SKILLS_CAP)


def goal_neighbourhood(goal_ids: list[uuid.UUID]) -> dict[uuid.UUID, GoalMatch]:
    """Every skill near one of the goals, with its closeness (`ranking.goal_closeness`).

    Cached by the goals themselves, in order (earlier goals win ties): changing a goal changes
    the key, so only a re-import of the taxonomy can leave an entry stale, for at most
    `GOAL_CACHE_SECONDS`.
    """
    if not goal_ids:
        return {}
    digest = hashlib.sha256(",".join(str(pk) for pk in goal_ids).encode()).hexdigest()
    key = f"feed:goal-neighbourhood:v1:{digest}"
    found = cache.get(key)
    if found is None:
        found = ranking.goal_closeness(goal_ids, _goal_edges(goal_ids))
        cache.set(key, found, GOAL_CACHE_SECONDS)
    return found


# --- the day's list --------------------------------------------------------------------------

def _key(scored: ScoredPost) -> tuple[float, int]:
    return (scored.score, scored.id)


@dataclass(frozen=True)
class DayList:
    posts: list[ScoredPost]
    # New posts from follows that are in today's list only thanks to the place kept for them.
    kept_for_new: frozenset[int] = frozenset()


def _day_list(ranked: list[ScoredPost], *, shown_today: dict[int, datetime], budget: int,
              now: datetime, ranked_mode: bool = True) -> DayList:
    """Today's feed: what was shown today (in the order it was shown), then the best of the
    rest, until the day's budget is spent.

    Goal discovery takes at most `DISCOVERY_SHARE` of the budget. In ranked mode a
    `NEW_SHARE` of it is kept for the newest posts from follows (of the last `NEW_WINDOW`, bait
    excepted): a post nobody has had the time to learn from yet is still seen, and a new post
    is in its followers' very next request, near the top. The list is in score order, except
    that those new posts come no lower than every `NEW_SPACING`th place from the
    `NEW_FIRST_SLOT`th (counting from 0).
    """
    position = {scored.id: index for index, scored in enumerate(ranked)}
    seen = sorted((s for s in ranked if s.id in shown_today),
                  key=lambda s: (shown_today[s.id], position[s.id]))
    unseen = [s for s in ranked if s.id not in shown_today]
    room = max(0, budget - len(shown_today))
    discovery_room = int(budget * DISCOVERY_SHARE) - sum(s.post.goal_discovery for s in seen)

    def best(reserved: set[int]) -> list[ScoredPost]:
        taken: list[ScoredPost] = []
        others = room - len(reserved)
        left_for_discovery = discovery_room
        for scored in unseen:
            if scored.id in reserved:
                taken.append(scored)
                continue
            if others <= 0:
                continue
            if scored.post.goal_discovery:
                if left_for_discovery <= 0:
                    continue
                left_for_discovery -= 1
            taken.append(scored)
            others -= 1
        return taken

    on_merit = best(set())
    if not ranked_mode:
        return DayList(seen + on_merit)
    recent = sorted((s for s in unseen
                     if not s.post.goal_discovery and s.post.created >= now - NEW_WINDOW
                     and s.post.bait_score < BAIT_REASON_SCORE),
                    key=lambda s: (s.post.created, s.id), reverse=True)
    reserved = {s.id for s in recent[:min(room, math.ceil(budget * NEW_SHARE))]}
    fresh = best(reserved)
    # The new posts go where their score puts them, or higher: the first no lower than place
    # NEW_FIRST_SLOT, the next NEW_SPACING places further, and so on.
    lane = [s for s in fresh if s.id in reserved]
    rest = [s for s in fresh if s.id not in reserved]
    ordered: list[ScoredPost] = []
    placed = 0
    while lane or rest:
        due = len(ordered) >= NEW_FIRST_SLOT + NEW_SPACING * placed
        if lane and (due or not rest or _key(lane[0]) >= _key(rest[0])):
            ordered.append(lane.pop(0))
            placed += 1
        else:
            ordered.append(rest.pop(0))
    return DayList(seen + ordered, frozenset(reserved - {s.id for s in on_merit}))


def _page_number(page: int | None, *, seen: int, total: int) -> int:
    if page is not None:
        return max(1, page)
    # Without a page, open where the reader left off: the first page with something new.
    if seen < total:
        return seen // PAGE_SIZE + 1
    return math.ceil(total / PAGE_SIZE) + 1 if total else 1


@dataclass(frozen=True)
class ReaderState:
    settings: FeedSettings
    goals: list[GoalRef]
    graph: ReadingGraph
    # (post id, when shown) since the time asked for.
    impressions: list[tuple[int, datetime]]


def reader_state(*, reader: User, impressions_since: datetime | None = None) -> ReaderState:
    """Everything about the reader a feed starts from, in one round trip: their feed settings,
    learning goals and reading graph, and, when asked, what they were shown since
    `impressions_since`."""
    reads = [feed_sql.settings_of(user_id=reader.pk), skills.goals_of(user_id=reader.pk),
             *social.graph_statements(reader.pk)]
    if impressions_since is not None:
        reads.append(feed_sql.impressions_of(user_id=reader.pk, since=impressions_since))
    rows = fetch_batch(reads)
    graph_rows = rows[2:len(reads) - (impressions_since is not None)]
    return ReaderState(
        settings=feed_sql.settings_from(rows[0], user=reader),
        goals=[GoalRef(skill_id, label) for skill_id, label in skills.goals_from(rows[1])],
        graph=social.graph_from(reader.pk, graph_rows),
        impressions=(feed_sql.impressions_from(rows[-1]) if impressions_since is not None
                     else []),
    )


def home_feed(*, reader: User, page: int | None = None,
              now: datetime | None = None) -> FeedPage:
    """One page of the reader's home feed. Without `page`, the page where they left off today.

    Read-only: the caller records the impressions of what it shows
    (`feed_services.record_impressions`), which is what spends the daily budget.
    """
    now = now or timezone.now()
    since = now - WINDOW
    state = reader_state(reader=reader, impressions_since=since)
    settings, goals, graph = state.settings, state.goals, state.graph
    ranked_mode = settings.mode != FeedSettings.Mode.CHRONOLOGICAL
    goal_ids = [goal.skill_id for goal in goals]
    closeness = goal_neighbourhood(goal_ids)
    goal_below = frozenset(pk for pk, match in closeness.items() if match.relation != "broader")

    midnight = local_midnight(now=now, tz_name=reader.timezone)
    shown_today: dict[int, datetime] = {}
    shown_before: set[int] = set()
    for post_id, shown_at in state.impressions:
        if shown_at >= midnight:
            shown_today[post_id] = shown_at
        else:
            shown_before.add(post_id)

    found = feed_candidates.candidate_rows(
        reader=reader, graph=graph, goal_below=goal_below, since=since, now=now,
        discovery=ranked_mode, seen_before=shown_before, seen_today=shown_today,
        with_body=bool(graph.muted_words),
        limits=feed_candidates.Limits.for_budget(settings.daily_budget))
    candidates = feed_candidates.candidates(found, reader=reader, graph=graph, settings=settings,
                                            goal_below=goal_below, discovery=ranked_mode)
    context = ReaderContext(now=now, goals=closeness, weights=weights_of(settings),
                            mode=settings.mode)
    listed = _day_list(ranking.rank(candidates, context), shown_today=shown_today,
                       budget=settings.daily_budget, now=now, ranked_mode=ranked_mode)
    day = listed.posts
    seen_in_day = sum(1 for scored in day if scored.id in shown_today)
    number = _page_number(page, seen=seen_in_day, total=len(day))
    chosen = day[(number - 1) * PAGE_SIZE:number * PAGE_SIZE]
    has_next = number * PAGE_SIZE < len(day)
    return FeedPage(
        items=items_for(reader, chosen, shown_today=shown_today, goals=goals, mode=settings.mode,
                     kept_for_new=listed.kept_for_new),
        page=number, has_next=has_next, caught_up=not has_next, mode=settings.mode,
        daily_budget=settings.daily_budget, shown_today=len(shown_today), day_total=len(day),
        page_size=PAGE_SIZE, goals=goals,
    )
