"""Reading statements, documents and what the Activities and Agents resources return.

Who reads what: a credential with `statements/read` (or `all/read`, `all`) reads every
statement its provider stored; one with only `statements/read/mine` reads the statements whose
authority is that credential's. No credential reads another provider's records.

A page of statements is one query whatever its size: with a filter, the index walk on
(key, statement) in the query's order, joined to the statement by primary key; without one,
the walk on (provider, seq).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from learnwork.xapi import keys
from learnwork.xapi.errors import PermissionDenied
from learnwork.xapi.models import Statement
from learnwork.xapi.params import StatementQuery

if TYPE_CHECKING:
    from learnwork.providers.auth import LrsPrincipal


@dataclass(frozen=True)
class StoredStatement:
    seq: int
    data: str
    stored: datetime
    attachment_hashes: list[str]


def reader_credential(principal: LrsPrincipal) -> int | None:
    """None to read the whole provider's statements, a credential id to read only its own."""
    if principal.allows("statements/read"):
        return None
    if principal.allows("statements/read/mine"):
        return principal.credential_id
    raise PermissionDenied(_("This credential may not read statements (it lacks the "
                             "statements/read or statements/read/mine scope)."))


def statement_get(*, principal: LrsPrincipal, statement_id: str,
                  voided: bool) -> StoredStatement | None:
    """The statement by id (voided ones only by voidedStatementId); None when not found or
    not readable by this credential."""
    mine = reader_credential(principal)
    rows = Statement.objects.filter(statement_id=uuid.UUID(statement_id),
                                    provider_id=principal.provider_id, voided=voided)
    if mine is not None:
        rows = rows.filter(credential_id=mine)
    row = rows.values_list("seq", "data", "stored", "attachment_hashes").first()
    return _stored(row) if row else None


def _stored(row: tuple[Any, ...]) -> StoredStatement:
    seq, data, stored, hashes = row
    return StoredStatement(seq, data, stored, hashes.split() if hashes else [])


def statements_page(*, principal: LrsPrincipal, query: StatementQuery
                    ) -> tuple[list[StoredStatement], bool]:
    """One page of the query's statements, in its order; and whether more follow.

    Ordered by (stored, seq). With filters, the walk is on the first key's index entries
    (key, stored, statement), the other keys checked by EXISTS; without, on the statement
    index (provider, stored, seq). Either way `since`, `until` and the cursor bound the walk.
    """
    mine = reader_credential(principal)
    wanted = _key_filters(principal.provider_id, query)
    adapt = connection.ops.adapt_datetimefield_value
    where: list[str]
    params: list[Any]
    if wanted:
        source = "xapi_statementkey k0 JOIN xapi_statement s ON s.seq = k0.statement_id"
        stored_col, seq_col = "k0.stored", "k0.statement_id"
        where, params = ["k0.key = %s"], [wanted[0]]
    else:
        source = "xapi_statement s"
        stored_col, seq_col = "s.stored", "s.seq"
        where, params = [], []
    where.append("s.provider_id = %s")
    params.append(principal.provider_id)
    where.append("NOT s.voided")
    for index, key in enumerate(wanted[1:], start=1):
        # The whole primary key (key, stored, statement), taken from k0 rather than s: the
        # planner then checks every key in the index before fetching any statement row.
        where.append(f"EXISTS (SELECT 1 FROM xapi_statementkey k{index} "  # noqa: S608
                     f"WHERE k{index}.key = %s AND k{index}.stored = k0.stored "
                     f"AND k{index}.statement_id = k0.statement_id)")
        params.append(key)
    if mine is not None:
        where.append("s.credential_id = %s")
        params.append(mine)
    if query.since is not None:
        where.append(f"{stored_col} > %s")
        params.append(adapt(query.since))
    if query.until is not None:
        where.append(f"{stored_col} <= %s")
        params.append(adapt(query.until))
    if query.after is not None and query.after_stored is not None:
        where.append(f"({stored_col}, {seq_col}) {'>' if query.ascending else '<'} (%s, %s)")
        params += [adapt(query.after_stored), query.after]
    direction = "ASC" if query.ascending else "DESC"
    sql = (f"SELECT s.seq, s.data, s.stored, s.attachment_hashes FROM {source} "  # noqa: S608
           f"WHERE {' AND '.join(where)} "
           f"ORDER BY {stored_col} {direction}, {seq_col} {direction} LIMIT %s")
    params.append(query.limit + 1)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    out = []
    for seq, data, stored, hashes in rows[:query.limit]:
        if not isinstance(stored, datetime):  # SQLite answers text
            stored = parse_datetime(stored).replace(tzinfo=UTC)  # type: ignore[union-attr]
        out.append(StoredStatement(seq, data, stored, hashes.split() if hashes else []))
    return out, len(rows) > query.limit


def _key_filters(provider: int, query: StatementQuery) -> list[int]:
    """The key hashes a statement must all have, the most selective first."""
    wanted = []
    if query.registration:
        wanted.append(keys.key_hash(provider, keys.REGISTRATION, query.registration))
    if query.agent:
        kind = keys.RELATED_AGENT if query.related_agents else keys.AGENT
        wanted.append(keys.key_hash(provider, kind, query.agent))
    if query.activity:
        kind = keys.RELATED_ACTIVITY if query.related_activities else keys.ACTIVITY
        wanted.append(keys.key_hash(provider, kind, query.activity))
    if query.verb:
        wanted.append(keys.key_hash(provider, keys.VERB, query.verb))
    return wanted


def statements_by_ids(*, statement_ids: list[str]) -> list[tuple[int, dict[str, Any]]]:
    """(provider id, statement) for the given ids, for the journeys hand-off."""
    from learnwork.xapi.canonical import loads_strict

    rows = Statement.objects.filter(statement_id__in=[uuid.UUID(i) for i in statement_ids],
                                    voided=False).values_list("provider_id", "data")
    return [(provider, loads_strict(data)) for provider, data in rows]
