"""Bulk inserts for the ingest path, in SQL: Django's bulk_create spends more time compiling
a batch's INSERT than the database spends running it (measured: ~40 ms a batch of 50)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import cast

from django.db import connection
from django.db.models import Field

from learnwork.xapi.models import Statement

StatementRow = tuple[uuid.UUID, int, int, datetime, bool, bool, uuid.UUID | None, str, str]
_COLUMNS = ("statement_id", "provider_id", "credential_id", "stored", "voided", "voiding",
            "object_ref", "attachment_hashes", "data")
CHUNK = 500


def insert_statements(rows: Sequence[StatementRow]) -> dict[uuid.UUID, int]:
    """Insert statement rows, skipping ids already stored; the seq of each row inserted by
    statement id (an id missing from the answer was there already)."""
    if connection.vendor == "postgresql":
        return _insert_statements_pg(rows)
    fields = [cast(Field, Statement._meta.get_field(name)) for name in _COLUMNS]
    placeholder = "(" + ", ".join(["%s"] * len(_COLUMNS)) + ")"
    seqs: dict[uuid.UUID, int] = {}
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start:start + CHUNK]
            params = [field.get_db_prep_value(value, connection, prepared=False)
                      for row in chunk for field, value in zip(fields, row, strict=True)]
            cursor.execute(
                f"INSERT INTO xapi_statement ({', '.join(_COLUMNS)}) "  # noqa: S608
                f"VALUES {', '.join([placeholder] * len(chunk))} "
                "ON CONFLICT (statement_id) DO NOTHING RETURNING seq, statement_id",
                params,
            )
            for seq, statement_id in cursor.fetchall():
                key = statement_id if isinstance(statement_id, uuid.UUID) \
                    else uuid.UUID(str(statement_id))
                seqs[key] = seq
    return seqs


def _insert_statements_pg(rows: Sequence[StatementRow]) -> dict[uuid.UUID, int]:
    # A server-side-binding cursor pipelines the rows: measured faster than one INSERT of
    # arrays (the JSON text arrays cost more to parse than the rows to send).
    import psycopg

    connection.ensure_connection()
    sql = (f"INSERT INTO xapi_statement ({', '.join(_COLUMNS)}) "  # noqa: S608
           f"VALUES ({', '.join(['%s'] * len(_COLUMNS))}) "
           "ON CONFLICT (statement_id) DO NOTHING RETURNING seq, statement_id")
    seqs: dict[uuid.UUID, int] = {}
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.executemany(sql, rows, returning=True)
        while True:
            for seq, statement_id in cursor.fetchall():
                seqs[statement_id] = seq
            if not cursor.nextset():
                break
    return seqs


def insert_keys(rows: Sequence[tuple[int, datetime, int]], *,
                ignore_conflicts: bool = False) -> None:
    """Insert (key, stored, statement seq) rows."""
    if not rows:
        return
    conflict = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A batch shares one `stored`: one array of keys and one of statements per time.
            by_time: dict[datetime, list[tuple[int, int]]] = {}
            for key, moment, seq in rows:
                by_time.setdefault(moment, []).append((key, seq))
            for moment, pairs in by_time.items():
                cursor.execute(
                    'INSERT INTO xapi_statementkey ("key", stored, statement_id) '  # noqa: S608
                    "SELECT k, %s::timestamptz, s FROM unnest(%s::bigint[], %s::bigint[]) "
                    f"AS t(k, s){conflict}",
                    [moment, [key for key, _seq in pairs], [seq for _key, seq in pairs]],
                )
            return
        adapt = connection.ops.adapt_datetimefield_value
        for start in range(0, len(rows), CHUNK * 2):
            chunk = rows[start:start + CHUNK * 2]
            cursor.execute(
                'INSERT INTO xapi_statementkey ("key", stored, statement_id) VALUES '  # noqa: S608
                + ", ".join(["(%s, %s, %s)"] * len(chunk)) + conflict,
                [value for key, moment, seq in chunk for value in (key, adapt(moment), seq)],
            )
