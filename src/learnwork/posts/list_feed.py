"""A list read as its own feed (reads only): the recent posts of the list's people and on its
skills (and every narrower skill), ranked like the home feed or newest first, each with why it
is there, in pages of ten that end.

It reuses the home feed's machinery (`posts/feed.py`: the reader's settings and weights, the
goal neighbourhood, the learners-like-you counts, `FeedItem`; `posts/ranking.py` for
the score; `posts/reasons.py` for the sentences) but differs from the home feed on purpose:

- no daily budget and no impressions: a list is something the reader opens deliberately, and
  reading it must not spend (or be hidden by) the home feed's budget, nor count as "shown" in
  the follow audit, which judges what follows bring to the home feed;
- no goal discovery and no places kept for new posts: the list says exactly whom and what to
  read;
- it ends: the posts of the last `WINDOW`, at most `PEOPLE_LIMIT` from the people and
  `SKILLS_LIMIT` on the skills, then "You've reached the end of this list".

What the reader may see is what `posts.selectors.visible_posts` allows (deactivated authors,
blocks either way, followers-only posts of people they don't follow); on top of that the
reader's mutes (people, skills and words) and hashtag limit apply, as in the home feed, and
their own posts are left out. A fixed number of queries, whatever the list holds (about 17).
"""

from __future__ import annotations

import math
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from learnwork.accounts.models import User
from learnwork.posts import feed, feed_items, ranking, reasons, selectors
from learnwork.posts.bait import bait_features, bait_reasons
from learnwork.posts.feed_items import FeedItem, GoalRef
from learnwork.posts.models import FeedSettings, Post, PostSkill
from learnwork.posts.paging import Pages
from learnwork.posts.ranking import CandidatePost, ReaderContext, ScoredPost
from learnwork.social import list_selectors
from learnwork.social.graph import ReadingGraph
from learnwork.social.list_selectors import ListSources

PAGE_SIZE = 10
WINDOW = timedelta(days=14)
PEOPLE_LIMIT = 200
SKILLS_LIMIT = 200
MAX_PAGE = math.ceil((PEOPLE_LIMIT + SKILLS_LIMIT) / PAGE_SIZE)
RANKED, NEWEST = "ranked", "newest"
ORDERS = (RANKED, NEWEST)
MAX_LABELS = 2

_FIELDS = ("id", "author_id", "created", "learned_count", "learn_weight", "helpful_count",
           "bait_score", "substance", "hashtag_count")


@dataclass(frozen=True)
class ListFeedPage(Pages):
    list_id: int
    name: str
    items: list[FeedItem]
    page: int
    # Posts in the whole list feed, every page.
    total: int
    order: str
    # The list has nobody and nothing on it yet.
    empty_list: bool = False
    page_size: int = PAGE_SIZE
    goals: list[GoalRef] = field(default_factory=list)

    @property
    def has_next(self) -> bool:
        return self.page * self.page_size < self.total

    @property
    def reached_end(self) -> bool:
        return not self.has_next

    @property
    def posts_in_all(self) -> int:
        return self.total

    @property
    def remaining(self) -> int:
        return self.posts_after


def _rows(*, reader: User, sources: ListSources, since: datetime,
          fields: list[str]) -> dict[int, dict[str, Any]]:
    """The numbers of the candidate posts, by id: the newest posts of the list's people, and
    of the newest posts on its skills; both read through the posts app's visibility rule."""
    visible = (selectors.visible_posts(viewer=reader)
               .filter(created__gte=since).exclude(author_id=reader.pk))
    rows: dict[int, dict[str, Any]] = {}
    if sources.person_ids:
        rows.update((row["id"], row) for row in visible.filter(
            author_id__in=sources.person_ids).order_by("-created").values(*fields)
            [:PEOPLE_LIMIT])
    skill_ids = sources.skill_ids
    if skill_ids:
        # A post tagged with several of the skills comes once per skill: read a little more.
        tagged = (PostSkill.objects.filter(skill_id__in=skill_ids, created__gte=since)
                  .order_by("-created").values_list("post_id", flat=True)[:2 * SKILLS_LIMIT])
        wanted = list(dict.fromkeys(tagged))[:SKILLS_LIMIT]
        missing = set(wanted) - rows.keys()
        if missing:
            rows.update((row["id"], row) for row in
                        visible.filter(pk__in=missing).order_by().values(*fields))
    return rows


def _candidates(rows: dict[int, dict[str, Any]], *, sources: ListSources, graph: ReadingGraph,
                settings: FeedSettings) -> list[CandidatePost]:
    """The rows with their skills (one query), less what the reader mutes or limits."""
    if not rows:
        return []
    tags: dict[int, set[uuid.UUID]] = defaultdict(set)
    for post_id, skill_id in PostSkill.objects.filter(post_id__in=rows.keys()).values_list(
            "post_id", "skill_id"):
        tags[post_id].add(skill_id)
    list_skills = sources.skill_ids
    found = []
    for row in rows.values():
        author_id = row["author_id"]
        skill_ids = frozenset(tags.get(row["id"], ()))
        if graph.is_hidden(author_id=author_id, skill_ids=skill_ids, text=row.get("body", "")):
            continue
        if settings.max_hashtags is not None and row["hashtag_count"] > settings.max_hashtags:
            continue
        on_list_skills = skill_ids & list_skills
        from_person = author_id in sources.person_ids
        if not (from_person or on_list_skills):
            continue
        found.append(CandidatePost(
            id=row["id"], author_id=author_id, created=row["created"], skill_ids=skill_ids,
            learned_count=row["learned_count"], learn_weight=row["learn_weight"],
            helpful_count=row["helpful_count"], bait_score=row["bait_score"],
            substance=row["substance"], hashtag_count=row["hashtag_count"],
            followed_person=from_person, followed_skill_ids=on_list_skills,
        ))
    return found


def _labels(labels: list[str]) -> str:
    shown = labels[:MAX_LABELS]
    if len(labels) > MAX_LABELS:
        shown.append(_("more"))
    return str(get_text_list(shown, _("and")))


def source_sentence(*, list_name: str, author_name: str, from_person: bool,
                    skill_labels: list[str]) -> str:
    """Why the post is in this list: its author is on it, or it is on one of its skills."""
    if from_person:
        return _("%(name)s is on your list “%(list)s”") % {"name": author_name,
                                                           "list": list_name}
    return ngettext("Your list “%(list)s” has the skill %(skills)s",
                    "Your list “%(list)s” has the skills %(skills)s",
                    len(skill_labels[:MAX_LABELS])) % {"list": list_name,
                                                        "skills": _labels(skill_labels)}


def _reasons(post: Post, scored: ScoredPost, *, sources: ListSources,
             like_you: tuple[int, uuid.UUID] | None, goal_labels: dict[uuid.UUID, str],
             order: str) -> list[str]:
    candidate = scored.post
    labels = {skill.pk: skill.label for skill in post.skills.all()}
    bait: list[str] = []
    if candidate.bait_score >= feed_items.BAIT_REASON_SCORE:
        bait = bait_reasons(bait_features(post.body)) or [reasons.GENERIC_BAIT]
    goal = scored.goal
    facts = reasons.Facts(
        author_name=post.author.profile.name, followed_person=True,
        learned_count=candidate.learned_count,
        like_you_count=like_you[0] if like_you else 0,
        like_you_goal=goal_labels.get(like_you[1]) if like_you else None,
        goal_label=goal_labels.get(goal.goal_id) if goal else None,
        goal_relation=goal.relation if goal else None,
        matched_skill_label=(labels.get(scored.matched_skill_id)
                             if scored.matched_skill_id else None),
        bait_reasons=bait, chronological=order == NEWEST,
    )
    # The home feed's sentences, but the first (where the post comes from) is the list's own.
    first = source_sentence(
        list_name=sources.name, author_name=post.author.profile.name,
        from_person=candidate.followed_person,
        skill_labels=[sources.skill_labels[pk]
                      for pk in sources.roots_of(candidate.followed_skill_ids)])
    return [first, *reasons.sentences(facts)[1:]]


def _items(reader: User, chosen: list[ScoredPost], *, sources: ListSources,
           goals: list[GoalRef], order: str) -> list[FeedItem]:
    if not chosen:
        return []
    ids = [scored.id for scored in chosen]
    posts = feed_items.page_posts(reader=reader, post_ids=ids)
    mine, like_you = feed_items.page_reads(reader=reader, posts=posts, goals=goals)
    goal_labels = {goal.skill_id: goal.label for goal in goals}
    items = []
    for scored in chosen:
        post = posts.get(scored.id)
        if post is None:  # deleted or hidden in the last few milliseconds
            continue
        items.append(FeedItem(
            post=post, scored=scored,
            reasons=_reasons(post, scored, sources=sources, like_you=like_you.get(scored.id),
                             goal_labels=goal_labels, order=order),
            reactions=frozenset(mine.get(scored.id, ()))))
    return items


def default_order(settings: FeedSettings) -> str:
    """The reader's home feed mode decides, unless they ask for the other order."""
    return NEWEST if settings.mode == FeedSettings.Mode.CHRONOLOGICAL else RANKED


def list_feed(*, reader: User, list_id: int, page: int = 1, order: str | None = None,
              now: datetime | None = None) -> ListFeedPage:
    """One page of one of `reader`'s lists as a feed. Someone else's list is NotFound.

    `order` is "ranked" (the home feed's score, with the reader's own weights) or "newest";
    by default the reader's home feed mode decides.
    """
    now = now or timezone.now()
    sources = list_selectors.list_sources(owner=reader, list_id=list_id)
    state = feed.reader_state(reader=reader)
    settings, graph, goals = state.settings, state.graph, state.goals
    order = order if order in ORDERS else default_order(settings)
    page = max(1, page)
    if not sources.person_ids and not sources.skills_by_root:
        return ListFeedPage(list_id=sources.list_id, name=sources.name, items=[], page=page,
                            total=0, order=order, empty_list=True)
    closeness = feed.goal_neighbourhood([goal.skill_id for goal in goals])

    fields = [*_FIELDS, "body"] if graph.muted_words else list(_FIELDS)
    rows = _rows(reader=reader, sources=sources, since=now - WINDOW, fields=fields)
    candidates = _candidates(rows, sources=sources, graph=graph, settings=settings)
    context = ReaderContext(now=now, goals=closeness, weights=feed.weights_of(settings),
                            mode=ranking.CHRONOLOGICAL if order == NEWEST else ranking.RANKED)
    ranked = ranking.rank(candidates, context)
    chosen = ranked[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]
    return ListFeedPage(
        list_id=sources.list_id, name=sources.name,
        items=_items(reader, chosen, sources=sources, goals=goals, order=order),
        page=page, total=len(ranked), order=order, goals=goals,
    )
