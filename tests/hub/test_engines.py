"""The database engines the hub runs Tortoise on (``hub.engines``)."""

from __future__ import annotations

import asyncio
import sqlite3

import asyncpg
import pytest
from tortoise import connections

from hub import db
from tests.databases import BACKEND


def test_the_embedded_database_is_a_current_sqlite() -> None:
    # then the sqlite3 every library imports is one that parses deep statements
    version = tuple(int(part) for part in sqlite3.sqlite_version.split("."))
    assert version >= (3, 46, 0)


def test_sqlite_connections_spell_base64_for_global_ids(database_url: str) -> None:
    if BACKEND != "sqlite":
        pytest.skip("an SQLite connection's functions")

    async def encoded() -> str:
        async with db.connected(database_url):
            _, rows = await connections.get("default").execute_query(
                "SELECT encode('Organisation:7', 'base64'), hub_float(1.0 / 3)"
            )
            return f"{rows[0][0]} {rows[0][1]}"

    # then a connection has sqlean's base64 and the hub's float spelling
    assert asyncio.run(encoded()) == "T3JnYW5pc2F0aW9uOjc= 0.3333333333333333"


def test_a_pooled_postgresql_connection_is_returned_without_a_reset_query(
    database_url: str,
) -> None:
    if BACKEND != "postgres":
        pytest.skip("PostgreSQL's connection pool")

    async def last_statements() -> list[str]:
        async with db.connected(database_url):
            # when the hub sends a statement through its pool
            await connections.get("default").execute_query("SELECT 4242 AS hub_marker")
            watcher = await asyncpg.connect(database_url)
            try:
                rows = await watcher.fetch(
                    "SELECT query FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            finally:
                await watcher.close()
            return [row["query"] for row in rows]

    # then the pooled connection's last statement is that one: no reset round trip after it
    statements = asyncio.run(last_statements())
    assert any("hub_marker" in statement for statement in statements), statements
    assert not any("RESET ALL" in statement for statement in statements), statements
