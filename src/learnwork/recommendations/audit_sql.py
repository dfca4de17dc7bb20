"""The follow audit's statements, as plain SQL (reads only).

A reader following a thousand people gets a thousand rows from most of these. Through the ORM,
building each query and converting each value (every datetime, every UUID) cost more than the
database spent answering, for the same SQL; here each statement is a fixed string and rows
come back as tuples. The SQL is portable (SQLite and PostgreSQL): plain SELECTs over the
tables' own indexes, every value a bound parameter except the silent authors' ids in the last
statement, written as integers through `int()`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from django.db import connection

from learnwork.accounts.models import Profile, User
from learnwork.posts.models import FeedImpression, Post, PostSkill, Reaction
from learnwork.skills.models import Skill
from learnwork.social.models import Follow, FollowTopic, Mute

_USER = User._meta.db_table
_PROFILE = Profile._meta.db_table
_FOLLOW = Follow._meta.db_table
_TOPIC = FollowTopic._meta.db_table
_MUTE = Mute._meta.db_table
_SKILL = Skill._meta.db_table
_POST = Post._meta.db_table
_TAG = PostSkill._meta.db_table
_SHOWN = FeedImpression._meta.db_table
_REACTION = Reaction._meta.db_table

# 1 when the reader marked the impression's post "I learned from this": a lookup on the
# unique (user, post, kind) index. Takes the reader's id and the kind.
_LEARNED = (f"CASE WHEN EXISTS (SELECT 1 FROM {_REACTION} r WHERE r.user_id = %s "
            f"AND r.post_id = i.post_id AND r.kind = %s) THEN 1 ELSE 0 END")


def when(value: Any) -> datetime:
    """An aware datetime from what the driver returns: SQLite gives naive UTC (or text, for
    an aggregate); PostgreSQL an aware value."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def skill_id(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(hex=value)


def _fetch(sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchall()


def _moment(value: datetime) -> Any:
    return connection.ops.adapt_datetimefield_value(value)


def follows(*, reader_id: int) -> list[tuple[int, str, str, Any]]:
    """(followee id, handle, display name, followed since) of the reader's active follows,
    newest first."""
    return _fetch(
        f"SELECT f.followee_id, u.username, p.display_name, f.created FROM {_FOLLOW} f "
        f"JOIN {_USER} u ON u.id = f.followee_id LEFT JOIN {_PROFILE} p ON p.user_id = u.id "
        "WHERE f.follower_id = %s AND u.is_active = %s ORDER BY f.created DESC, f.id DESC",
        [reader_id, True])


def topics(*, reader_id: int) -> list[tuple[int, Any, str]]:
    """(followee id, skill id, label) for every skill the reader's follows are limited to."""
    return _fetch(
        f"SELECT f.followee_id, t.skill_id, s.label FROM {_TOPIC} t "
        f"JOIN {_FOLLOW} f ON f.id = t.follow_id JOIN {_SKILL} s ON s.id = t.skill_id "
        "WHERE f.follower_id = %s", [reader_id])


def muted_people(*, reader_id: int) -> set[int]:
    return {row[0] for row in _fetch(
        f"SELECT person_id FROM {_MUTE} WHERE user_id = %s AND kind = %s",
        [reader_id, Mute.Kind.PERSON])}


def shown_by_author(*, reader_id: int, since: datetime) -> list[tuple[int, int, int]]:
    """(author id, posts shown, of those learned from) over the reader's impressions."""
    return _fetch(
        f"SELECT p.author_id, COUNT(*), SUM({_LEARNED}) FROM {_SHOWN} i "
        f"JOIN {_POST} p ON p.id = i.post_id WHERE i.user_id = %s AND i.shown_at >= %s "
        "GROUP BY p.author_id",
        [reader_id, Reaction.Kind.LEARNED, reader_id, _moment(since)])


def shown_by_skill(*, reader_id: int,
                   since: datetime) -> list[tuple[int, Any, str, int, int]]:
    """(author id, skill id, label, posts shown, of those learned from), per skill of the
    posts shown."""
    return _fetch(
        f"SELECT p.author_id, t.skill_id, s.label, COUNT(*), SUM({_LEARNED}) FROM {_SHOWN} i "
        f"JOIN {_POST} p ON p.id = i.post_id JOIN {_TAG} t ON t.post_id = i.post_id "
        f"JOIN {_SKILL} s ON s.id = t.skill_id WHERE i.user_id = %s AND i.shown_at >= %s "
        "GROUP BY p.author_id, t.skill_id, s.label",
        [reader_id, Reaction.Kind.LEARNED, reader_id, _moment(since)])


def posted_by_author(*, reader_id: int, since: datetime) -> dict[int, int]:
    """How many posts each person the reader follows wrote since `since` (none: absent)."""
    return dict(_fetch(
        f"SELECT p.author_id, COUNT(*) FROM {_POST} p WHERE p.author_id IN "
        f"(SELECT f.followee_id FROM {_FOLLOW} f WHERE f.follower_id = %s) "
        "AND p.created >= %s GROUP BY p.author_id", [reader_id, _moment(since)]))


def last_posts(*, author_ids: Iterable[int]) -> dict[int, datetime]:
    """Each author's newest post ever (one index lookup each on (author, -created))."""
    literals = ", ".join(sorted({str(int(pk)) for pk in author_ids}))
    if not literals:
        return {}
    return {author: when(last) for author, last in _fetch(
        f"SELECT author_id, MAX(created) FROM {_POST} WHERE author_id IN ({literals}) "
        "GROUP BY author_id")}
