"""SQLite, with what compiled reads call (sqlean's ``crypto`` extension and the hub's own
functions, on every connection), and transactions that take the write lock when they begin.

Tortoise begins SQLite transactions with a deferred ``BEGIN``: the transaction reads, and
takes the write lock only at its first write. When another process (a second hub on the
same file, a ``hub`` command run beside the server) committed in between, SQLite cannot
upgrade the transaction's snapshot and refuses at once with "database is locked", without
waiting. ``BEGIN IMMEDIATE`` takes the write lock first, waiting for the other writer as
long as the connection's busy timeout (5 s) allows. In one process nothing changes: its one
connection already runs one transaction at a time.
"""

from __future__ import annotations

import sqlean
from tortoise.backends.base.client import TransactionContext
from tortoise.backends.sqlite.client import (
    SqliteClient,
    SqliteTransactionContext,
    SqliteTransactionWrapper,
)
from tortoise.exceptions import TransactionManagementError

from schema.reads.dialects import sqlite_functions


class HubSqliteTransaction(SqliteTransactionWrapper):
    async def begin(self) -> None:
        try:
            await self._connection.commit()
            await self._connection.execute("BEGIN IMMEDIATE")
        except sqlean.OperationalError as refused:
            raise TransactionManagementError(refused) from refused


class HubSqliteClient(SqliteClient):
    async def create_connection(self, with_db: bool) -> None:
        # sqlean's crypto extension gives SQLite base64, for global IDs and cursors
        sqlean.extensions.enable("crypto")
        fresh = self._connection is None
        await super().create_connection(with_db)
        if fresh and self._connection is not None:
            for name, (arity, function) in sqlite_functions().items():
                await self._connection.create_function(name, arity, function, deterministic=True)

    def _in_transaction(self) -> TransactionContext:
        return SqliteTransactionContext(HubSqliteTransaction(self), self._lock)


client_class = HubSqliteClient
