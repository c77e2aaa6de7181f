"""PostgreSQL through asyncpg, its pool returning connections without a reset query.

By default asyncpg's pool sends ``pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *;
RESET ALL`` each time a connection goes back to the pool: one more round trip for every
statement the hub sends outside a transaction. The hub's pooled connections keep no
session state to undo: settings are set per transaction (``set_config(…, true)``), the
advisory lock is taken on a connection of its own (``hub.db.exclusively``), as a
``LISTEN`` must be, and no cursor outlives its statement. An open transaction is still
rolled back by asyncpg on release, whatever the reset does.
"""

from __future__ import annotations

from typing import Any

import asyncpg
from tortoise.backends.asyncpg.client import AsyncpgDBClient


async def _keep_session(_connection: asyncpg.Connection) -> None:
    """Nothing to undo: see the module's docstring."""


class HubAsyncpgClient(AsyncpgDBClient):
    async def create_pool(self, **kwargs: Any) -> asyncpg.Pool:
        return await asyncpg.create_pool(None, reset=_keep_session, **kwargs)


client_class = HubAsyncpgClient
