"""The feed's candidate scans, as plain SQL.

These few statements run on every feed request and return up to a thousand narrow rows. Through
the ORM, building each query (filters, joins, compiling) and converting each value cost several
times what the database spent answering; here the SQL is a fixed string per shape and rows come
back as tuples, turned into what ranking needs in one pass. The statements are portable (SQLite
and PostgreSQL): plain SELECTs over the tables' own indexes.

Long id lists go into the SQL as literals rather than one bound parameter each (binding two
thousand ids costs more than the query): integers through `int()`, UUIDs as their 32 hex digits
(what SQLite stores; PostgreSQL casts the quoted literal to `uuid`), so nothing but digits and
hex letters reaches the SQL. Everything else is a bound parameter.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable
from datetime import datetime
from typing import Any

from django.db import connection

from learnwork.accounts.models import User
from learnwork.core.rawsql import fetch as _fetch
from learnwork.core.rawsql import literals
from learnwork.core.rawsql import uuid_of as _uuid
from learnwork.core.rawsql import when as _when
from learnwork.posts.models import Post, PostSkill, Reaction
from learnwork.skills.models import LearningGoal

# The numbers ranking needs, in this order (`row_dict` names them).
CANDIDATE_COLUMNS = ("id", "author_id", "created", "visibility", "learned_count",
                     "learn_weight", "helpful_count", "bait_score", "substance", "hashtag_count")
# From this many authors on, a scan of the newest posts beats one index range per author.
MANY_AUTHORS = 300
_POST = Post._meta.db_table
_TAG = PostSkill._meta.db_table


def _param(moment: datetime) -> Any:
    return connection.ops.adapt_datetimefield_value(moment)


def _rows(sql: str, params: Iterable[Any], with_body: bool) -> list[dict[str, Any]]:
    names = (*CANDIDATE_COLUMNS, "body") if with_body else CANDIDATE_COLUMNS
    found = []
    for values in _fetch(sql, params):
        row = dict(zip(names, values, strict=True))
        row["created"] = _when(row["created"])
        found.append(row)
    return found


def _columns(with_body: bool) -> str:
    names = (*CANDIDATE_COLUMNS, "body") if with_body else CANDIDATE_COLUMNS
    return ", ".join(f"p.{name}" for name in names)


def newest_by_authors(*, author_ids: Collection[int], since: datetime, exclude: set[int],
                      limit: int, with_body: bool) -> list[dict[str, Any]]:
    """The newest posts since `since` by these authors, but those in `exclude`."""
    skip = f" AND p.id NOT IN ({literals(exclude)})" if exclude else ""
    author = "p.author_id"
    if len(author_ids) >= MANY_AUTHORS and connection.vendor == "postgresql":
        # For a long list the right plan walks the newest posts and keeps the authors' (a hash
        # lookup); estimating each listed author against the column's statistics first costs
        # PostgreSQL more planning time than the walk. `+ 0` has no statistics to consult.
        author = "p.author_id + 0"
    sql = (f"SELECT {_columns(with_body)} FROM {_POST} p "
           f"WHERE p.created >= %s AND {author} IN ({literals(author_ids)}){skip} "
           f"ORDER BY p.created DESC LIMIT %s")
    return _rows(sql, [_param(since), int(limit)], with_body)


def newest_on_skills(*, skill_ids: Iterable[uuid.UUID], since: datetime, exclude: set[int],
                     limit: int) -> list[int]:
    """Ids of the newest posts since `since` tagged with one of these skills."""
    skip = f" AND t.post_id NOT IN ({literals(exclude)})" if exclude else ""
    sql = (f"SELECT t.post_id FROM {_TAG} t "
           f"WHERE t.created >= %s AND t.skill_id IN ({literals(skill_ids)}){skip} "
           f"ORDER BY t.created DESC LIMIT %s")
    return [row[0] for row in _fetch(sql, [_param(since), int(limit)])]


def learned_on_skills(*, skill_ids: Iterable[uuid.UUID], since: datetime, exclude: set[int],
                      not_by: int, limit: int) -> list[int]:
    """Ids of the newest posts since `since` on these skills that someone learned from, open
    to every member, and not by `not_by`."""
    skip = f" AND t.post_id NOT IN ({literals(exclude)})" if exclude else ""
    open_to_members = ", ".join(f"'{v}'" for v in (Post.Visibility.EVERYONE.value,
                                                  Post.Visibility.MEMBERS.value))
    sql = (f"SELECT t.post_id FROM {_TAG} t INNER JOIN {_POST} p ON p.id = t.post_id "
           f"WHERE t.created >= %s AND t.skill_id IN ({literals(skill_ids)}){skip} "
           f"AND p.learned_count > 0 AND p.visibility IN ({open_to_members}) "
           f"AND p.author_id <> %s ORDER BY t.created DESC LIMIT %s")
    return [row[0] for row in _fetch(sql, [_param(since), int(not_by), int(limit)])]


def posts_by_id(*, post_ids: Iterable[int], with_body: bool) -> list[dict[str, Any]]:
    sql = f"SELECT {_columns(with_body)} FROM {_POST} p WHERE p.id IN ({literals(post_ids)})"
    return _rows(sql, [], with_body)


def skills_of(*, post_ids: Iterable[int]) -> list[tuple[int, uuid.UUID]]:
    """(post id, skill id) for every tag of these posts."""
    sql = f"SELECT t.post_id, t.skill_id FROM {_TAG} t WHERE t.post_id IN ({literals(post_ids)})"
    return [(post_id, _uuid(skill_id)) for post_id, skill_id in _fetch(sql)]


def inactive_among(*, user_ids: Iterable[int]) -> set[int]:
    sql = (f"SELECT u.id FROM {User._meta.db_table} u "
           f"WHERE u.id IN ({literals(user_ids)}) AND NOT u.is_active")
    return {row[0] for row in _fetch(sql)}


def learners_with_goals(*, post_ids: Iterable[int], goal_ids: Iterable[uuid.UUID],
                        not_user: int) -> list[tuple[int, uuid.UUID, int]]:
    """(post id, goal skill id, how many people with that goal learned from the post), for
    people other than `not_user`."""
    sql = (f"SELECT r.post_id, g.skill_id, COUNT(DISTINCT r.user_id) "
           f"FROM {Reaction._meta.db_table} r "
           f"INNER JOIN {LearningGoal._meta.db_table} g ON g.user_id = r.user_id "
           f"WHERE r.post_id IN ({literals(post_ids)}) AND r.kind = %s "
           f"AND g.skill_id IN ({literals(goal_ids)}) AND r.user_id <> %s "
           f"GROUP BY r.post_id, g.skill_id")
    return [(post_id, _uuid(skill_id), count) for post_id, skill_id, count in
            _fetch(sql, [Reaction.Kind.LEARNED.value, int(not_user)])]
