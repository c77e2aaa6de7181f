"""Chaining the signatures a database held before it kept ledgers.

A list that has no entry yet is chained from its rows as they are, oldest first: a
petition's confirmed signatures, a statement's co-signatures with their withdrawals at the
time they were made. ``hub ledger chain-existing`` runs it once after upgrading; the fixtures loader
runs it after loading a network. Lists that already have entries are left alone: a row
they lack shows as inserted when verified, as it should.
"""

from __future__ import annotations

import datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from hub.ledger.chain import PETITION, STATEMENT, Recorded, append, partner_of
from hub.ledger.entries import Kind, new_entry_id
from hub.services.dialect import Dialect

SLICE = 20_000
"""Signatures read, chained and written at a time."""


async def chain_existing(connection: BaseDBAsyncClient) -> dict[str, int]:
    """Chain every list without entries; how many lists of each kind were chained."""
    chained = {PETITION: 0, STATEMENT: 0}
    for petition_id in await _unchained(
        connection, PETITION, "petition_signature", " AND r.\"status\" = 'confirmed'"
    ):
        await _chain_petition(connection, petition_id)
        chained[PETITION] += 1
    for statement_id in await _unchained(connection, STATEMENT, "statement_signature"):
        await append(
            connection, STATEMENT, statement_id, await _statement_history(connection, statement_id)
        )
        chained[STATEMENT] += 1
    return chained


async def _chain_petition(connection: BaseDBAsyncClient, petition_id: int) -> None:
    """A petition's signatures, oldest first, a slice at a time: a petition of a million
    signatures is never in memory whole."""
    postgres = connection.capabilities.dialect == "postgres"
    marks = ("$1", "$2", "$3") if postgres else ("?", "?", "?")
    after: tuple[Any, int] | None = None
    while True:
        since = f' AND ("signed_at", "id") > ({marks[1]}, {marks[2]})' if after is not None else ""
        rows = await connection.execute_query_dict(
            'SELECT "id", "signed_at", "country_id", "source" FROM "petition_signature"'
            f' WHERE "petition_id" = {marks[0]} AND "status" = \'confirmed\'{since}'
            ' ORDER BY "signed_at", "id"'
            f" LIMIT {SLICE}",
            [petition_id, *(after or ())],
        )
        if not rows:
            return
        await append(
            connection,
            PETITION,
            petition_id,
            [
                Recorded(
                    int(row["id"]),
                    new_entry_id(),
                    Kind.SIGNATURE,
                    Dialect.stored_moment(row["signed_at"]),
                    row["country_id"],
                    partner_of(str(row["source"])),
                )
                for row in rows
            ],
        )
        after = (rows[-1]["signed_at"], int(rows[-1]["id"]))


async def _statement_history(connection: BaseDBAsyncClient, statement_id: int) -> list[Recorded]:
    mark = Dialect.of(connection).marks(1)
    rows = await connection.execute_query_dict(
        'SELECT s."id", s."signed_at", s."withdrawn_at", o."hq_country_id"'
        ' FROM "statement_signature" AS s JOIN "organisation" AS o ON o."id" = s."organisation_id"'
        f' WHERE s."statement_id" = {mark} ORDER BY s."signed_at", s."id"',
        [statement_id],
    )
    events: list[tuple[datetime.datetime, int, int, Recorded]] = []
    for row in rows:
        entry = new_entry_id()
        signed = Dialect.stored_moment(row["signed_at"])
        country = row["hq_country_id"]
        events.append(
            (
                signed,
                0,
                int(row["id"]),
                Recorded(int(row["id"]), entry, Kind.CO_SIGNATURE, signed, country, None),
            )
        )
        if row["withdrawn_at"] is not None:
            withdrawn = Dialect.stored_moment(row["withdrawn_at"])
            events.append(
                (
                    withdrawn,
                    1,
                    int(row["id"]),
                    Recorded(int(row["id"]), entry, Kind.WITHDRAWAL, withdrawn, country, None),
                )
            )
    return [recorded for *_, recorded in sorted(events, key=lambda event: event[:3])]


async def _unchained(
    connection: BaseDBAsyncClient, list_kind: str, rows: str, counted: str = ""
) -> list[int]:
    """The lists with rows to chain (``counted``: what else such a row meets) and no head."""
    parent = f"{list_kind}_id"
    mark = Dialect.of(connection).marks(1)
    found = await connection.execute_query_dict(
        f'SELECT DISTINCT r."{parent}" AS list_id FROM "{rows}" AS r WHERE NOT EXISTS'
        f' (SELECT 1 FROM "ledger_head" AS h WHERE h."list_kind" = {mark}'
        f' AND h."list_id" = r."{parent}"){counted} ORDER BY r."{parent}"',
        [list_kind],
    )
    return [int(row["list_id"]) for row in found]
