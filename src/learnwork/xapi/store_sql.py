"""Bulk inserts for the ingest path, in SQL: Django's bulk_create spends more time compiling
a batch's INSERT than the database spends running it (measured: ~40 ms a batch of 50).

`insert_with_keys` is the usual path: a batch whose keys are known before anything is written
(none of its statements refers to another) goes in as one query on PostgreSQL, with the rows
as binary arrays (no text escaping of the JSON on either side).
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import cast

from django.db import connection
from django.db.models import Field

from learnwork.xapi.models import Statement

StatementRow = tuple[uuid.UUID, int, int, datetime, bool, bool, uuid.UUID | None, str, str]
# A statement stored earlier whose object refers to one of a batch's statements:
# (seq, stored, statement_id, object_ref, voiding).
Referrer = tuple[int, datetime, uuid.UUID, uuid.UUID, bool]
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


def insert_with_keys(rows: Sequence[StatementRow], keys: Sequence[Collection[int]], *,
                     provider_id: int) -> tuple[dict[uuid.UUID, int], list[Referrer]]:
    """Insert statement rows of one provider, credential and `stored` whose objects refer to
    no statement (skipping ids already stored) and, for each row inserted, its keys (`keys[i]`
    for `rows[i]`). Answers the seq of each row inserted by statement id, and the provider's
    statements stored before this call whose object refers to any of the rows' ids."""
    if not rows:
        return {}, []
    first = rows[0]
    if first[1] != provider_id or any(row[1:4] != first[1:4] or row[4] or row[5]
                                      or row[6] is not None for row in rows):
        raise ValueError("insert_with_keys takes rows of one provider, credential and time "
                         "that refer to no statement")
    if connection.vendor == "postgresql":
        return _insert_with_keys_pg(rows, keys, provider_id)
    seqs = insert_statements(rows)
    insert_keys([(key, row[3], seqs[row[0]]) for row, row_keys in zip(rows, keys, strict=True)
                 if row[0] in seqs for key in row_keys])
    new = set(seqs.values())
    referrers = [
        row for row in Statement.objects
        .filter(provider_id=provider_id, object_ref__in=[row[0] for row in rows])
        .values_list("seq", "stored", "statement_id", "object_ref", "voiding")
        if row[0] not in new
    ]
    return seqs, cast(list[Referrer], referrers)


# The statements, the keys of those inserted, and the earlier statements referring to any of
# them, read in the statement's snapshot, so never one of its own rows. Each statement's seq
# is drawn in array order (it orders a batch that shares one `stored`), but the rows go in by
# statement id: two batches holding some of the same new ids then wait for each other in the
# same order and cannot deadlock. `object_ref IS NOT NULL` lets a generic plan use the
# partial index on object_ref. The keys travel as text (each with its statement's position in
# the arrays): dumping a list of 500 numbers in Python costs more than the database spends
# parsing them.
_BATCH_SQL = f"""
WITH r AS (
    SELECT r.*, nextval(pg_get_serial_sequence('xapi_statement', 'seq')) AS seq
    FROM unnest(%(ids)b::uuid[], %(hashes)b::text[], %(data)b::text[])
        WITH ORDINALITY AS r(statement_id, attachment_hashes, data, n)
), new AS (
    INSERT INTO xapi_statement (seq, {', '.join(_COLUMNS)})
    SELECT r.seq, r.statement_id, %(provider)b, %(credential)b, %(stored)b, false, false, NULL,
           r.attachment_hashes, r.data
    FROM r ORDER BY r.statement_id
    ON CONFLICT (statement_id) DO NOTHING
    RETURNING seq, statement_id
), keyed AS (
    INSERT INTO xapi_statementkey ("key", stored, statement_id)
    SELECT k.key, %(stored)b, new.seq
    FROM unnest(string_to_array(%(key_rows)s, ',')::bigint[],
                string_to_array(%(keys)s, ',')::bigint[]) AS k(n, key)
    JOIN r ON r.n = k.n
    JOIN new ON new.statement_id = r.statement_id
)
SELECT true, seq, statement_id, NULL::timestamptz, NULL::uuid, NULL::bool FROM new
UNION ALL
SELECT false, seq, statement_id, stored, object_ref, voiding FROM xapi_statement
WHERE provider_id = %(provider)b AND object_ref = ANY(%(ids)b::uuid[])
  AND object_ref IS NOT NULL
"""  # noqa: S608


def _insert_with_keys_pg(rows: Sequence[StatementRow], keys: Sequence[Collection[int]],
                         provider_id: int) -> tuple[dict[uuid.UUID, int], list[Referrer]]:
    import psycopg

    params = {
        "provider": provider_id, "credential": rows[0][2], "stored": rows[0][3],
        "ids": [row[0] for row in rows], "hashes": [row[7] for row in rows],
        "data": [row[8] for row in rows],
        "key_rows": ",".join(str(n) for n, row_keys in enumerate(keys, start=1)
                             for _key in row_keys),
        "keys": ",".join(str(key) for row_keys in keys for key in row_keys),
    }
    connection.ensure_connection()
    seqs: dict[uuid.UUID, int] = {}
    referrers: list[Referrer] = []
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(_BATCH_SQL, params)
        for inserted, seq, statement_id, moment, object_ref, voiding in cursor.fetchall():
            if inserted:
                seqs[statement_id] = seq
            else:
                referrers.append((seq, moment, statement_id, object_ref, voiding))
    return seqs, referrers
