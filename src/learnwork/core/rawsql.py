"""Plain SQL for the few hot reads where the ORM's own work costs more than the query.

Long id lists go into the SQL as literals rather than one bound parameter each (binding two
thousand ids costs more than the query): integers through `int()`, UUIDs as their 32 hex digits
(what SQLite stores; PostgreSQL reads them as `uuid`), so nothing but digits and hex letters
reaches the SQL. `among` writes the membership test: `IN (…)` on SQLite, and on PostgreSQL
`= ANY('{…}'::bigint[])`, one array constant, which its parser reads several times faster than
a list of two thousand separate constants. Values come back as the driver gives them; `when`
and `uuid_of` make SQLite's and PostgreSQL's answers the same.

`fetch_batch` runs several independent reads in one round trip on PostgreSQL. A request that
waits on the server twenty times pays for twenty wake-ups of two processes, which measured more
than the statements themselves; SQLite runs in-process and has no round trip to save.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import connection


def literals(ids: Iterable[int] | Iterable[uuid.UUID]) -> str:
    """`1, 2, 3` or `'…hex…', '…hex…'`: never empty (callers check)."""
    values = list(ids)
    if not values:
        raise ValueError("an id list needs at least one id")
    if all(isinstance(pk, uuid.UUID) for pk in values):
        return ", ".join(f"'{pk.hex}'" for pk in values)  # type: ignore[attr-defined]
    return ", ".join(map(str, map(int, values)))  # type: ignore[arg-type]


def among(column: str, ids: Iterable[int] | Iterable[uuid.UUID], *, negate: bool = False) -> str:
    """`column IN (…)` (or NOT IN) for a non-empty id list, in the connection's dialect."""
    values: list[Any] = list(ids)
    if connection.vendor != "postgresql":
        return f"{column} {'NOT IN' if negate else 'IN'} ({literals(values)})"
    if not values:
        raise ValueError("an id list needs at least one id")
    if all(isinstance(pk, uuid.UUID) for pk in values):
        array = "'{" + ",".join(pk.hex for pk in values) + "}'::uuid[]"
    else:
        array = "'{" + ",".join(map(str, map(int, values))) + "}'::bigint[]"
    return f"{column} <> ALL({array})" if negate else f"{column} = ANY({array})"


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def when(value: Any) -> datetime:
    # SQLite hands back a naive UTC value (or the stored text, where a column's declared type
    # is not seen); PostgreSQL an aware one, or microseconds since the epoch where the SQL
    # asks for them.
    if isinstance(value, int):
        return _EPOCH + timedelta(microseconds=value)
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def uuid_of(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else _uuid_of_hex(value)


@functools.lru_cache(maxsize=32768)
def _uuid_of_hex(value: str) -> uuid.UUID:
    # Skill ids repeat across rows and requests (ESCO has under 14,000), and parsing one costs
    # more than looking it up.
    return uuid.UUID(hex=value)


def fetch(sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
    """One statement's rows (`fetch_batch` of one)."""
    return fetch_batch([Statement(sql, tuple(params))])[0]


@dataclass(frozen=True)
class Statement:
    """One read for `fetch_batch`: SQL with `%s` placeholders, and its parameters."""

    sql: str
    params: tuple[Any, ...] = ()


def fetch_batch(statements: Sequence[Statement]) -> list[list[tuple[Any, ...]]]:
    """Each statement's rows, in order. On PostgreSQL the statements go to the server as one
    string (its simple query protocol runs them one after the other and returns each one's
    rows), with the parameters bound on the client as for any query; elsewhere they run one
    by one. The statements are reads that do not depend on each other."""
    if not statements:
        return []
    with connection.cursor() as cursor:
        # Server-side binding (an OPTIONS setting) takes one statement per query.
        one_by_one = (connection.vendor != "postgresql"
                      or connection.settings_dict["OPTIONS"].get("server_side_binding") is True)
        if one_by_one or len(statements) == 1:
            found = []
            for statement in statements:
                cursor.execute(statement.sql, list(statement.params))
                found.append(cursor.fetchall())
            return found
        cursor.execute("; ".join(statement.sql for statement in statements),
                       [value for statement in statements for value in statement.params])
        found = [cursor.fetchall()]
        while cursor.nextset():
            found.append(cursor.fetchall())
    if len(found) != len(statements):
        raise RuntimeError(f"{len(statements)} statements gave {len(found)} results")
    return found
