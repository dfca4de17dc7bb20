"""Reads for the follow audit: every account the reader follows, with what it brought them over
the last 30 days and the suggestion `audit.suggest` makes from that.

Seven queries, whatever the number of accounts followed (none of them per account), in plain
SQL (`audit_sql.py`):

1. the follows (flat values: who, since when, their name);
2. the skills each follow is limited to;
3. the people the reader mutes;
4. the reader's feed impressions of the window, grouped by author: posts shown, and how many
   of those the reader marked "I learned from this" (an EXISTS on the unique reaction index);
5. the same, grouped by author and skill (with the skill's label);
6. posts written in the window by the people followed, grouped by author (silence);
7. for the silent ones only, their last post ever (one index lookup each, in one query).

Follows, topics and mutes are read here as flat rows rather than through social's selectors
(which build model instances with profiles and prefetched skills): a reader following 2,000
people would spend most of the page's time building objects it only reads three fields of.
Only the silent ones' last post is an extra statement, and only when someone is silent.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from learnwork.accounts.models import User
from learnwork.recommendations import audit, audit_sql
from learnwork.recommendations.audit import Figures, SkillFigure, Suggestion

WINDOW = timedelta(days=audit.WINDOW_DAYS)
TOP_SKILLS = 3
# "Follow only for" offers the skills learned from first, then the most shown, up to this many.
FOCUS_CHOICES = 8


@dataclass(frozen=True, slots=True)
class AuditRow:
    person_id: int
    handle: str
    name: str
    followed_since: datetime
    # (skill id, label) of the skills they are followed for; empty: everything.
    topics: tuple[tuple[uuid.UUID, str], ...]
    figures: Figures
    suggestion: Suggestion
    # Their newest post ever, looked up for the silent ones only.
    last_posted: datetime | None = None

    @property
    def top_skills(self) -> tuple[SkillFigure, ...]:
        return tuple(self.figures.skills[:TOP_SKILLS])

    @property
    def share_percent(self) -> int | None:
        share = self.figures.share
        return None if share is None else round(share * 100)

    @property
    def focus_choices(self) -> tuple[SkillFigure, ...]:
        """The skills to offer for "follow only for": learned-from ones first."""
        return tuple(sorted(self.figures.skills,
                            key=lambda s: (-s.learned, -s.shown, s.label.casefold()))
                     [:FOCUS_CHOICES])


@dataclass(frozen=True)
class Audit:
    rows: list[AuditRow]
    since: datetime
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def following(self) -> int:
        return len(self.rows)


def _skill_figures(reader: User, since: datetime) -> dict[int, list[SkillFigure]]:
    by_author: dict[int, list[SkillFigure]] = defaultdict(list)
    for author_id, skill, label, shown, learned in audit_sql.shown_by_skill(
            reader_id=reader.pk, since=since):
        by_author[author_id].append(
            SkillFigure(audit_sql.skill_id(skill), label, shown, learned or 0))
    for skills in by_author.values():
        skills.sort(key=lambda s: (-s.shown, -s.learned, s.label.casefold()))
    return by_author


def follow_audit(*, reader: User, now: datetime | None = None) -> Audit:
    """Every active account `reader` follows, with its figures and a suggestion, in the order
    they were followed (newest first); the caller sorts and pages."""
    now = now or timezone.now()
    since = now - WINDOW
    follows = audit_sql.follows(reader_id=reader.pk)
    if not follows:
        return Audit(rows=[], since=since)
    topics: dict[int, list[tuple[uuid.UUID, str]]] = defaultdict(list)
    for followee_id, skill, label in audit_sql.topics(reader_id=reader.pk):
        topics[followee_id].append((audit_sql.skill_id(skill), label))
    muted = audit_sql.muted_people(reader_id=reader.pk)
    shown = {author_id: (count, learned or 0) for author_id, count, learned
             in audit_sql.shown_by_author(reader_id=reader.pk, since=since)}
    skills = _skill_figures(reader, since)
    posted = audit_sql.posted_by_author(reader_id=reader.pk, since=since)
    last = audit_sql.last_posts(
        author_ids=[followee_id for followee_id, *_rest in follows if followee_id not in posted])

    rows = []
    counts: dict[str, int] = dict.fromkeys(audit.ACTIONS, 0)
    for followee_id, handle, display_name, created in follows:
        seen, learned = shown.get(followee_id, (0, 0))
        chosen = topics.get(followee_id, ())
        figures = Figures(shown=seen, learned=learned, posted=posted.get(followee_id, 0),
                          skills=tuple(skills.get(followee_id, ())),
                          topic_ids=frozenset(pk for pk, _label in chosen),
                          muted=followee_id in muted)
        suggestion = audit.suggest(figures)
        counts[suggestion.action] += 1
        rows.append(AuditRow(
            person_id=followee_id, handle=handle, name=display_name or handle,
            followed_since=audit_sql.when(created),
            topics=tuple(sorted(chosen, key=lambda t: t[1].casefold())),
            figures=figures, suggestion=suggestion, last_posted=last.get(followee_id)))
    return Audit(rows=rows, since=since, counts=counts)


# --- sorting ---------------------------------------------------------------------------------

def _share_key(row: AuditRow) -> tuple[float, int]:
    share = row.figures.share
    return (-1.0 if share is None else share, row.figures.shown)


SORTS = {
    # What to look at first: the strongest suggestions, then the most shown.
    "suggestion": lambda row: (audit.URGENCY[row.suggestion.action], -row.figures.shown,
                               row.handle.lower()),
    "learned": lambda row: (tuple(-x for x in _share_key(row)), row.handle.lower()),
    "shown": lambda row: (-row.figures.shown, -row.figures.learned, row.handle.lower()),
    "posted": lambda row: (row.figures.posted, row.handle.lower()),
    "name": lambda row: (row.name.casefold(), row.handle.lower()),
    "followed": lambda row: (-row.followed_since.timestamp(), row.handle.lower()),
}
DEFAULT_SORT = "suggestion"


def sorted_rows(rows: list[AuditRow], *, sort: str = DEFAULT_SORT,
                suggestion: str | None = None) -> list[AuditRow]:
    """`rows` in the order `sort` names (see `SORTS`), only those with `suggestion` if given."""
    chosen = [row for row in rows if suggestion is None or row.suggestion.action == suggestion]
    return sorted(chosen, key=SORTS.get(sort, SORTS[DEFAULT_SORT]))
