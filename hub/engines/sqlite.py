"""SQLite, with what compiled reads call: sqlean's ``crypto`` extension and the hub's own
functions, on every connection."""

from __future__ import annotations

import sqlean
from tortoise.backends.sqlite.client import SqliteClient

from schema.reads.dialects import sqlite_functions


class HubSqliteClient(SqliteClient):
    async def create_connection(self, with_db: bool) -> None:
        # sqlean's crypto extension gives SQLite base64, for global IDs and cursors
        sqlean.extensions.enable("crypto")
        fresh = self._connection is None
        await super().create_connection(with_db)
        if fresh and self._connection is not None:
            for name, (arity, function) in sqlite_functions().items():
                await self._connection.create_function(name, arity, function, deterministic=True)


client_class = HubSqliteClient
