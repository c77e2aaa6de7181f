"""Appending to a list, in the transaction that changes what the list records.

Each list is appended to one transaction at a time: its petition's or statement's row is
locked first (``FOR NO KEY UPDATE`` on PostgreSQL, which the foreign keys' own locks of a
signature being inserted do not wait for; SQLite writes one transaction at a time), so
concurrent appends line up behind each other and the list never forks; should two ever race
past that, the entries' unique place (``list_kind``, ``list_id``, ``seq``) refuses the second.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from hub import clock
from hub.ledger.entries import (
    GENESIS,
    Entry,
    Kind,
    chained,
    checkpoint,
    list_name,
    moment,
    new_entry_id,
)
from hub.ledger.keys import current_key
from hub.services.dialect import Dialect

PETITION = "petition"
STATEMENT = "statement"
_PARENT = {PETITION: "petition", STATEMENT: "statement"}
_COLUMNS = (
    "list_kind",
    "list_id",
    "seq",
    "entry",
    "kind",
    "at",
    "country",
    "partner",
    "hash",
    "signature_id",
)
_ROWS_PER_INSERT = 1000
"""10 parameters each: far below SQLite's 32 766 and PostgreSQL's 32 767."""


@dataclass(frozen=True)
class CountedSignature:
    """A petition signature that now counts: what its entry records."""

    petition_id: int
    signature_id: int
    signed_at: datetime.datetime
    country: str | None
    source: str
    """Where it was made: ``widget:PARTNER`` credits that partner."""


@dataclass(frozen=True)
class Recorded:
    """What one new entry records, before it is placed in its list."""

    signature_id: int
    entry: str
    kind: str
    at: datetime.datetime
    country: str | None
    partner: str | None


def partner_of(source: str) -> str | None:
    return source.removeprefix("widget:") if source.startswith("widget:") else None


async def append_signatures(
    connection: BaseDBAsyncClient, signatures: Sequence[CountedSignature]
) -> None:
    """Chain petition signatures that have just become counted, in this order, in the
    caller's transaction: the one place a petition's list grows."""
    by_petition = sorted(enumerate(signatures), key=lambda pair: (pair[1].petition_id, pair[0]))
    for petition_id, group in groupby(by_petition, key=lambda pair: pair[1].petition_id):
        recorded = [
            Recorded(
                s.signature_id,
                new_entry_id(),
                Kind.SIGNATURE,
                s.signed_at,
                s.country,
                partner_of(s.source),
            )
            for _, s in group
        ]
        await append(connection, PETITION, petition_id, recorded)


async def append_co_signature(
    connection: BaseDBAsyncClient,
    statement_id: int,
    signature_id: int,
    at: datetime.datetime,
    country: str | None,
) -> None:
    """Chain an organisation's co-signature, in the caller's transaction."""
    recorded = Recorded(signature_id, new_entry_id(), Kind.CO_SIGNATURE, at, country, None)
    await append(connection, STATEMENT, statement_id, [recorded])


async def append_withdrawal(
    connection: BaseDBAsyncClient,
    statement_id: int,
    signature_id: int,
    at: datetime.datetime,
    country: str | None,
) -> None:
    """Chain a withdrawal, under the entry id of the co-signature it withdraws."""
    await lock_list(connection, STATEMENT, statement_id)
    entry = await _entry_of(connection, STATEMENT, statement_id, signature_id, Kind.CO_SIGNATURE)
    recorded = Recorded(signature_id, entry, Kind.WITHDRAWAL, at, country, None)
    await append(connection, STATEMENT, statement_id, [recorded])


async def append_erasure(
    connection: BaseDBAsyncClient, petition_id: int, signature_id: int, at: datetime.datetime
) -> None:
    """Chain a counted signature's removal by its signer, under the signature's entry id:
    the entry says only that it is gone (no country, no partner)."""
    await lock_list(connection, PETITION, petition_id)
    entry = await _entry_of(connection, PETITION, petition_id, signature_id, Kind.SIGNATURE)
    recorded = Recorded(signature_id, entry, Kind.ERASURE, at, None, None)
    await append(connection, PETITION, petition_id, [recorded])


async def _entry_of(
    connection: BaseDBAsyncClient, list_kind: str, list_id: int, signature_id: int, kind: str
) -> str:
    """The entry id under which the list last recorded this row (a new one if it never did)."""
    dialect = Dialect.of(connection)
    rows = await connection.execute_query_dict(
        'SELECT "entry" FROM "ledger_entry" WHERE "list_kind" = '
        f'{dialect.marks(1)} AND "list_id" = {dialect.marks(1, 2)} AND'
        f' "signature_id" = {dialect.marks(1, 3)} AND "kind" = {dialect.marks(1, 4)}'
        ' ORDER BY "seq" DESC LIMIT 1',
        [list_kind, list_id, signature_id, kind],
    )
    return str(rows[0]["entry"]) if rows else new_entry_id()


async def lock_list(connection: BaseDBAsyncClient, list_kind: str, list_id: int) -> None:
    """Hold the list's petition or statement until commit: its appends go one at a time."""
    dialect = Dialect.of(connection)
    if dialect.postgres:
        await connection.execute_query(
            f'SELECT "id" FROM "{_PARENT[list_kind]}" WHERE "id" = $1 FOR NO KEY UPDATE', [list_id]
        )


async def append(
    connection: BaseDBAsyncClient, list_kind: str, list_id: int, recorded: Sequence[Recorded]
) -> None:
    """Place these entries at the end of the list and sign its new head."""
    if not recorded:
        return
    dialect = Dialect.of(connection)
    await lock_list(connection, list_kind, list_id)
    heads = await connection.execute_query_dict(
        f'SELECT "count", "hash" FROM "ledger_head" WHERE "list_kind" = {dialect.marks(1)}'
        f' AND "list_id" = {dialect.marks(1, 2)}',
        [list_kind, list_id],
    )
    count, head = (int(heads[0]["count"]), str(heads[0]["hash"])) if heads else (0, GENESIS)
    name = list_name(list_kind, list_id)
    values: list[list[Any]] = []
    for item in recorded:
        count += 1
        unhashed = Entry(
            count, item.entry, item.kind, moment(item.at), item.country, item.partner, ""
        )
        head = chained(head, name, unhashed)
        values.append(
            [
                list_kind,
                list_id,
                count,
                item.entry,
                item.kind,
                unhashed.at,
                item.country,
                item.partner,
                head,
                item.signature_id,
            ]
        )
    await insert_entries(connection, values)
    await sign_head(connection, list_kind, list_id, count, head)


async def insert_entries(connection: BaseDBAsyncClient, values: list[list[Any]]) -> None:
    dialect = Dialect.of(connection)
    columns = ", ".join(f'"{column}"' for column in _COLUMNS)
    for start in range(0, len(values), _ROWS_PER_INSERT):
        chunk = values[start : start + _ROWS_PER_INSERT]
        await connection.execute_query(
            f'INSERT INTO "ledger_entry" ({columns}) VALUES'
            f" {dialect.rows(len(chunk), len(_COLUMNS))}",
            [value for row in chunk for value in row],
        )


async def sign_head(
    connection: BaseDBAsyncClient, list_kind: str, list_id: int, count: int, head: str
) -> None:
    """Sign the list's head with the hub's key and keep it as the list's newest."""
    key = current_key()
    signed_at = moment(clock.now())
    signature = key.sign(checkpoint(list_name(list_kind, list_id), count, head, signed_at))
    dialect = Dialect.of(connection)
    await connection.execute_query(
        'INSERT INTO "ledger_head" ("list_kind", "list_id", "count", "hash", "signed_at",'
        f' "key_id", "signature") VALUES ({dialect.marks(7)})'
        ' ON CONFLICT ("list_kind", "list_id") DO UPDATE SET "count" = excluded."count",'
        ' "hash" = excluded."hash", "signed_at" = excluded."signed_at",'
        ' "key_id" = excluded."key_id", "signature" = excluded."signature"',
        [list_kind, list_id, count, head, signed_at, key.key_id, signature],
    )
