"""Plain SQL for the few hot reads where the ORM's own work costs more than the query.

Long id lists go into the SQL as literals rather than one bound parameter each (binding two
thousand ids costs more than the query): integers through `int()`, UUIDs as their 32 hex digits
(what SQLite stores; PostgreSQL casts the quoted literal to `uuid`), so nothing but digits and
hex letters reaches the SQL. Values come back as the driver gives them; `when` and `uuid_of`
make SQLite's and PostgreSQL's answers the same.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
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


def when(value: Any) -> datetime:
    # SQLite hands back a naive UTC value (or the stored text, where a column's declared type
    # is not seen); PostgreSQL an aware one.
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
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchall()
