"""One process may open SQLite and then PostgreSQL, as the bench does, and write to both."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from auth.keys import create_signing_key
from hub import db
from hub.models import SigningKey
from tests.databases import BACKEND


@pytest.mark.skipif(BACKEND != "postgres", reason="needs PostgreSQL beside SQLite")
def test_a_process_writes_to_sqlite_then_to_postgresql(tmp_path: Path, database_url: str) -> None:
    # given an SQLite database and a PostgreSQL one
    sqlite_url = f"sqlite://{tmp_path / 'first.sqlite3'}"
    asyncio.run(db.migrate(sqlite_url))

    async def write_and_count(url: str) -> int:
        async with db.connected(url):
            await create_signing_key()
            return await SigningKey.all().count()

    # when one process writes a row to each in turn
    counts = [asyncio.run(write_and_count(url)) for url in (sqlite_url, database_url)]

    # then both writes land (the second would otherwise be sent with SQLite's placeholders)
    assert counts == [1, 1]
