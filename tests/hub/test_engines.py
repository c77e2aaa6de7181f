"""The database engines the hub runs Tortoise on (``hub.engines``)."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys

import asyncpg
import pytest
from tortoise import connections

from hub import db
from tests.databases import BACKEND


def test_the_embedded_database_is_a_current_sqlite() -> None:
    # then the sqlite3 every library imports is one that parses deep statements
    version = tuple(int(part) for part in sqlite3.sqlite_version.split("."))
    assert version >= (3, 46, 0)


@pytest.mark.parametrize(
    ("first", "refused"),
    [
        # a tool that imported the standard library's sqlite3 for itself (mutmut does)
        ("import sqlite3", False),
        # aiosqlite holding the standard library's sqlite3 would read with an old SQLite
        ("import aiosqlite", True),
    ],
)
def test_the_hub_reads_with_a_current_sqlite_whatever_was_imported_first(
    first: str, refused: bool
) -> None:
    # when a program imports something, then the hub, then asks aiosqlite's SQLite version
    program = f"{first}\nimport hub, aiosqlite.core\nprint(aiosqlite.core.sqlite3.sqlite_version)"
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)

    # then aiosqlite reads with a current SQLite, or the hub refuses to start
    if refused:
        assert done.returncode != 0
        assert "ImportError: aiosqlite was imported before the hub" in done.stderr
    else:
        assert done.returncode == 0, done.stderr
        assert tuple(int(part) for part in done.stdout.split(".")) >= (3, 46, 0)


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
