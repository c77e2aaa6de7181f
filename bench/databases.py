"""The bench's own databases: one SQLite file and one PostgreSQL database, seeded once.

Both are kept between runs (seeding the benchmark-size network takes a minute or more)
and recognised as seeded by their row counts; ``--reseed`` starts them afresh.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

import asyncpg
from tortoise import connections
from tortoise.exceptions import OperationalError

from hub import db

Backend = Literal["sqlite", "postgres"]
BACKENDS: tuple[Backend, ...] = ("sqlite", "postgres")

DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/hub_bench"

SEEDED_TABLES = (
    "organisation",
    "campaign",
    "statement_signature",
    "petition_signature",
    "alert",
)
"""Tables that every seeded network fills; all must hold rows for a database to count."""


@dataclass(frozen=True)
class BenchDatabase:
    """Where one backend's bench database lives, and how to create or wipe it."""

    backend: Backend
    url: str
    """Tortoise URL, as ``HUB_DATABASE_URL`` takes it."""

    @classmethod
    def sqlite(cls, data_dir: Path) -> BenchDatabase:
        return cls("sqlite", f"sqlite://{(data_dir / 'hub_bench.sqlite3').resolve()}")

    @classmethod
    def postgres(cls, url: str = DEFAULT_POSTGRES_URL) -> BenchDatabase:
        return cls("postgres", url)

    @property
    def name(self) -> str:
        """The PostgreSQL database name, or the SQLite file's path."""
        if self.backend == "sqlite":
            return self.url.removeprefix("sqlite://")
        return urlsplit(self.url).path.lstrip("/")

    @property
    def libpq_url(self) -> str:
        """The URL as libpq and node-postgres spell it (PostgreSQL only)."""
        return "postgresql://" + self.url.split("://", 1)[1]

    def create(self) -> None:
        """Create the database if it does not exist (its tables come with ``hub seed``)."""
        if self.backend == "sqlite":
            Path(self.name).parent.mkdir(parents=True, exist_ok=True)
            return
        asyncio.run(self._create_postgres())

    def drop(self) -> None:
        """Delete the database and everything in it."""
        if self.backend == "sqlite":
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(self.name + suffix).unlink(missing_ok=True)
            return
        asyncio.run(_admin(self.url, f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))

    def settle(self) -> None:
        """After a bulk load: give PostgreSQL the statistics autovacuum would gather anyway.

        Without them the first minutes after a seed would be measured on guessed plans, and
        a run right after seeding would differ from one on a reused database. SQLite has no
        background ANALYZE and the hub does not run one, so it is left as seeded.
        """
        if self.backend == "postgres":
            asyncio.run(_execute(self.url, "VACUUM ANALYZE"))

    def row_counts(self) -> dict[str, int]:
        """Rows in the tables a seed fills; empty when the database or its tables are missing."""
        if self.backend == "sqlite" and not Path(self.name).exists():
            return {}
        if self.backend == "postgres" and not asyncio.run(self._postgres_exists()):
            return {}
        return asyncio.run(self._row_counts())

    async def _row_counts(self) -> dict[str, int]:
        async with db.connected(self.url):
            connection = connections.get("default")
            counts: dict[str, int] = {}
            for table in SEEDED_TABLES:
                try:
                    _, rows = await connection.execute_query(f'SELECT COUNT(*) AS n FROM "{table}"')
                except OperationalError:  # no such table yet: not seeded
                    return {}
                counts[table] = int(rows[0]["n"])
            return counts

    async def _postgres_exists(self) -> bool:
        connection = await asyncpg.connect(_maintenance_url(self.url))
        try:
            found = await connection.fetchval(
                "SELECT 1 FROM pg_database WHERE datname = $1", self.name
            )
            return found is not None
        finally:
            await connection.close()

    async def _create_postgres(self) -> None:
        if not await self._postgres_exists():
            await _admin(self.url, f'CREATE DATABASE "{self.name}"')


def _maintenance_url(url: str) -> str:
    """The same server's ``postgres`` database, to create and drop others from."""
    parts = urlsplit("postgresql://" + url.split("://", 1)[1])
    return urlunsplit(parts._replace(path="/postgres"))


async def _admin(url: str, sql: str) -> None:
    await _execute(_maintenance_url(url), sql)


async def _execute(url: str, sql: str) -> None:
    connection = await asyncpg.connect("postgresql://" + url.split("://", 1)[1])
    try:
        await connection.execute(sql)
    finally:
        await connection.close()
