"""The feed's reads, as plain SQL statements for `core.rawsql.fetch_batch`.

These few statements run on every feed request and return up to a thousand narrow rows. Through
the ORM, building each query (filters, joins, compiling) and converting each value cost several
times what the database spent answering; here the SQL is a fixed string per shape and rows come
back as tuples, turned into what ranking needs in one pass. The statements are portable (SQLite
and PostgreSQL): plain SELECTs over the tables' own indexes. Each function returns a
`Statement`; the caller sends the ones that do not depend on each other together, one round
trip on PostgreSQL, and reads the rows back with the matching `*_from` function.

Long id lists go into the SQL as literals (`core.rawsql.among`), not as one bound parameter
each: binding two thousand ids costs more than the query. Everything else is a bound parameter.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable
from datetime import datetime
from typing import Any

from django.db import connection

from learnwork.accounts.models import User
from learnwork.core.rawsql import Statement, among
from learnwork.core.rawsql import uuid_of as _uuid
from learnwork.core.rawsql import when as _when
from learnwork.posts.models import FeedImpression, FeedSettings, Post, PostSkill, Reaction
from learnwork.skills.models import LearningGoal, Skill

Rows = list[tuple[Any, ...]]
# The numbers ranking needs, in this order (`candidates_from` names them).
CANDIDATE_COLUMNS = ("id", "author_id", "created", "visibility", "learned_count",
                     "learn_weight", "helpful_count", "bait_score", "substance", "hashtag_count")
SETTINGS_COLUMNS = ("mode", "weight_freshness", "weight_learning", "weight_goals",
                    "daily_budget", "max_hashtags")
# From this many authors on, a scan of the newest posts beats one index range per author.
MANY_AUTHORS = 300
# From this many on (PostgreSQL), the newest few days are read before the rest of the window.
SOME_AUTHORS = 150
_POST = Post._meta.db_table
_TAG = PostSkill._meta.db_table
_INACTIVE = f"SELECT u.id FROM {User._meta.db_table} u WHERE NOT u.is_active"  # noqa: S608


def _param(moment: datetime) -> Any:
    return connection.ops.adapt_datetimefield_value(moment)


def _columns(with_body: bool) -> str:
    names = (*CANDIDATE_COLUMNS, "body") if with_body else CANDIDATE_COLUMNS
    return ", ".join(_CREATED if name == "created" and connection.vendor == "postgresql"
                     else f"p.{name}" for name in names)


# PostgreSQL hands timestamps through Django's own (Python) loader, which cost more than the
# rest of a candidate row; microseconds since the epoch come back as a plain integer, exactly
# (EXTRACT gives a numeric), and `rawsql.when` turns them into the same moment.
_CREATED = "(EXTRACT(EPOCH FROM p.created) * 1000000)::bigint AS created"


# --- the reader ------------------------------------------------------------------------------

def settings_of(*, user_id: int) -> Statement:
    return Statement(f"SELECT {', '.join(SETTINGS_COLUMNS)} "  # noqa: S608 (names only)
                     f"FROM {FeedSettings._meta.db_table} WHERE user_id = %s", (int(user_id),))


def settings_from(rows: Rows, *, user: User) -> FeedSettings:
    """The reader's settings; the defaults (unsaved) when they never changed them."""
    if not rows:
        return FeedSettings(user=user)
    return FeedSettings(user=user, **dict(zip(SETTINGS_COLUMNS, rows[0], strict=True)))


def impressions_of(*, user_id: int, since: datetime) -> Statement:
    """(post id, when shown) for what the reader was shown since `since`."""
    return Statement(f"SELECT post_id, shown_at FROM {FeedImpression._meta.db_table} "  # noqa: S608
                     f"WHERE user_id = %s AND shown_at >= %s", (int(user_id), _param(since)))


def impressions_from(rows: Rows) -> list[tuple[int, datetime]]:
    return [(post_id, _when(shown_at)) for post_id, shown_at in rows]


# --- candidates ------------------------------------------------------------------------------

def newest_by_authors(*, author_ids: Collection[int], since: datetime, exclude: set[int],
                      limit: int, with_body: bool, recent: datetime | None = None) -> Statement:
    """The newest posts since `since` by these authors, but those in `exclude`
    (`candidates_from`). `recent`, a moment after `since`, may make PostgreSQL's plan cheaper
    (see `_newest_by_authors_pg`); it never changes the answer."""
    skip = f" AND {among('p.id', exclude, negate=True)}" if exclude else ""
    if connection.vendor == "postgresql":
        return _newest_by_authors_pg(author_ids, since=since, recent=recent, skip=skip,
                                     limit=int(limit), with_body=with_body)
    return Statement(f"SELECT {_columns(with_body)} FROM {_POST} p "  # noqa: S608
                     f"WHERE p.created >= %s AND {among('p.author_id', author_ids)}{skip} "
                     f"ORDER BY p.created DESC LIMIT %s", (_param(since), int(limit)))


def _newest_by_authors_pg(author_ids: Collection[int], *, since: datetime,
                          recent: datetime | None, skip: str, limit: int,
                          with_body: bool) -> Statement:
    # Two plans, and PostgreSQL's estimates pick the wrong one for a few hundred authors
    # (measured at tier M: 9-12 ms against 5-6). From MANY_AUTHORS on, a walk down the newest
    # posts that keeps the authors' (a hash lookup) finds the limit within a few thousand
    # posts. `+ 0` keeps the planner from estimating each listed author against the column's
    # statistics first, which costs more planning time than the walk.
    if len(author_ids) >= MANY_AUTHORS:
        return Statement(f"SELECT {_columns(with_body)} FROM {_POST} p "  # noqa: S608
                         f"WHERE p.created >= %s AND {among('p.author_id + 0', author_ids)}"
                         f"{skip} ORDER BY p.created DESC LIMIT %s", (_param(since), limit))
    # Fewer authors: one range of the (author, -created) index per author, merged.
    by_author = _by_author_pg(author_ids, skip=skip, with_body=with_body)
    names = ", ".join((*CANDIDATE_COLUMNS, "body") if with_body else CANDIDATE_COLUMNS)
    if recent is None or recent <= since or len(author_ids) < SOME_AUTHORS:
        return Statement(f"{by_author} ORDER BY x.created DESC LIMIT %s",
                         (_param(since), limit, limit))
    # With some hundreds of authors, their posts since `recent` usually fill the limit already:
    # read those ranges first, and the older part of the window only when they fall short
    # (the second branch's count is a one-time filter, so it is not run otherwise). Measured
    # at tier M for 200-300 authors: 5-7 ms against 10-14. The answer is the same.
    return Statement(
        f"WITH recent AS ({by_author} ORDER BY x.created DESC LIMIT %s) "
        f"SELECT {names} FROM recent UNION ALL SELECT {names} FROM ("
        f"{_by_author_pg(author_ids, skip=skip, with_body=with_body, before=True)} "
        f"WHERE (SELECT COUNT(*) FROM recent) < %s "
        f"ORDER BY x.created DESC LIMIT %s) AS older ORDER BY created DESC LIMIT %s",
        (_param(recent), limit, limit,
         _param(since), _param(recent), limit, limit, limit, limit))


def _by_author_pg(author_ids: Collection[int], *, skip: str, with_body: bool,
                  before: bool = False) -> str:
    """Each author's newest posts from `%s` (and, with `before`, before `%s`), `%s` at most."""
    names = (*CANDIDATE_COLUMNS, "body") if with_body else CANDIDATE_COLUMNS
    authors = "'{" + ",".join(map(str, map(int, author_ids))) + "}'::bigint[]"
    return (f"SELECT {', '.join(f'x.{name}' for name in names)} "  # noqa: S608
            f"FROM unnest({authors}) AS a(id) CROSS JOIN LATERAL ("
            f"SELECT {_columns(with_body)} FROM {_POST} p "
            f"WHERE p.author_id = a.id AND p.created >= %s"
            f"{' AND p.created < %s' if before else ''}{skip} "
            f"ORDER BY p.created DESC LIMIT %s) AS x")


def newest_on_skills(*, skill_ids: Iterable[uuid.UUID], since: datetime, exclude: set[int],
                     limit: int) -> Statement:
    """Ids of the newest posts since `since` tagged with one of these skills (`ids_from`)."""
    skip = f" AND {among('t.post_id', exclude, negate=True)}" if exclude else ""
    return Statement(f"SELECT t.post_id FROM {_TAG} t "  # noqa: S608
                     f"WHERE t.created >= %s AND {among('t.skill_id', skill_ids)}{skip} "
                     f"ORDER BY t.created DESC LIMIT %s", (_param(since), int(limit)))


def learned_on_skills(*, skill_ids: Iterable[uuid.UUID], since: datetime, exclude: set[int],
                      not_by: int, limit: int) -> Statement:
    """Ids of the newest posts since `since` on these skills that someone learned from, open
    to every member, and not by `not_by` (`ids_from`)."""
    skip = f" AND {among('t.post_id', exclude, negate=True)}" if exclude else ""
    open_to_members = ", ".join(f"'{v}'" for v in (Post.Visibility.EVERYONE.value,
                                                  Post.Visibility.MEMBERS.value))
    return Statement(f"SELECT t.post_id FROM {_TAG} t "  # noqa: S608
                     f"INNER JOIN {_POST} p ON p.id = t.post_id "
                     f"WHERE t.created >= %s AND {among('t.skill_id', skill_ids)}{skip} "
                     f"AND p.learned_count > 0 AND p.visibility IN ({open_to_members}) "
                     f"AND p.author_id <> %s ORDER BY t.created DESC LIMIT %s",
                     (_param(since), int(not_by), int(limit)))


def posts_by_id(*, post_ids: Iterable[int], with_body: bool) -> Statement:
    """These posts (`candidates_from`), but those of deactivated accounts: the posts found
    through skills may be anyone's. The subquery reads the accounts' small partial index."""
    return Statement(f"SELECT {_columns(with_body)} FROM {_POST} p "  # noqa: S608
                     f"WHERE {among('p.id', post_ids)} AND p.author_id NOT IN ({_INACTIVE})")


def candidates_from(rows: Rows, *, with_body: bool) -> list[dict[str, Any]]:
    names = (*CANDIDATE_COLUMNS, "body") if with_body else CANDIDATE_COLUMNS
    found = []
    for values in rows:
        row = dict(zip(names, values, strict=True))
        row["created"] = _when(row["created"])
        found.append(row)
    return found


def ids_from(rows: Rows) -> list[int]:
    return [row[0] for row in rows]


def skills_of(*, post_ids: Iterable[int]) -> Statement:
    """(post id, skill id) for every tag of these posts (`skill_pairs_from`)."""
    return Statement(f"SELECT t.post_id, t.skill_id FROM {_TAG} t "  # noqa: S608
                     f"WHERE {among('t.post_id', post_ids)}")


def skill_pairs_from(rows: Rows) -> list[tuple[int, uuid.UUID]]:
    return [(post_id, _uuid(skill_id)) for post_id, skill_id in rows]


# --- the page --------------------------------------------------------------------------------

def card_skills_of(*, post_ids: Iterable[int]) -> Statement:
    """(post id, skill id, label, kind) for the skills of these posts, by label, as a post
    card shows them (`card_skills_from`)."""
    skill = Skill._meta.db_table
    return Statement(f"SELECT t.post_id, s.id, s.label, s.kind FROM {_TAG} t "  # noqa: S608
                     f"INNER JOIN {skill} s ON s.id = t.skill_id "
                     f"WHERE {among('t.post_id', post_ids)} ORDER BY s.label ASC")


def card_skills_from(rows: Rows) -> list[tuple[int, Skill]]:
    """Skills as `Skill.objects.only("id", "label", "kind")` gives them (the rest deferred)."""
    # from_db takes the values in the model's own field order.
    fields = ["id", "kind", "label"]
    return [(post_id, Skill.from_db(connection.alias, fields, (_uuid(skill_id), kind, label)))
            for post_id, skill_id, label, kind in rows]


def reactions_of(*, user_id: int, post_ids: Iterable[int]) -> Statement:
    """(post id, kind) for the reader's own reactions to these posts."""
    return Statement(f"SELECT r.post_id, r.kind FROM {Reaction._meta.db_table} r "  # noqa: S608
                     f"WHERE r.user_id = %s AND {among('r.post_id', post_ids)}", (int(user_id),))


def learners_with_goals(*, post_ids: Iterable[int], goal_ids: Iterable[uuid.UUID],
                        not_user: int) -> Statement:
    """(post id, goal skill id, how many people with that goal learned from the post), for
    people other than `not_user` (`learner_counts_from`)."""
    return Statement(f"SELECT r.post_id, g.skill_id, COUNT(DISTINCT r.user_id) "  # noqa: S608
                     f"FROM {Reaction._meta.db_table} r "
                     f"INNER JOIN {LearningGoal._meta.db_table} g ON g.user_id = r.user_id "
                     f"WHERE {among('r.post_id', post_ids)} AND r.kind = %s "
                     f"AND {among('g.skill_id', goal_ids)} AND r.user_id <> %s "
                     f"GROUP BY r.post_id, g.skill_id",
                     (Reaction.Kind.LEARNED.value, int(not_user)))


def learner_counts_from(rows: Rows) -> list[tuple[int, uuid.UUID, int]]:
    return [(post_id, _uuid(skill_id), count) for post_id, skill_id, count in rows]
