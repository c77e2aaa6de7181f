"""Fresh, migrated databases for tests: SQLite files, or PostgreSQL databases when asked.

Set ``HUB_TEST_POSTGRES_URL`` (e.g. ``postgres://postgres@127.0.0.1:5432/postgres``) to run
the suite on PostgreSQL: databases are then cloned from a migrated template and dropped at the
session's end. A test's own database (``lend``) is emptied when the test ends and lent to the
next test: what the test wrote is truncated, and the countries and migrations it was made with
are kept. Making and dropping a database for each test cost more than most tests (each
``DROP DATABASE`` forces a checkpoint). A database whose schema, countries or migrations a
test changed is dropped instead, so no test ever sees what another left.

Run in parallel (pytest-xdist), each worker is a test session of its own: it migrates its own
template, and names its databases after itself (``hub_test_gw1_…``), so that no two workers
ever clone from, or write to, one database, and what a crashed worker left is easy to find.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg

from hub import db

POSTGRES_URL = os.environ.get("HUB_TEST_POSTGRES_URL", "")
BACKEND = "postgres" if POSTGRES_URL else "sqlite"
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
"""The pytest-xdist worker running this session (``gw0``, ``gw1``…), or ``main`` alone."""
SQLITE_TEMPLATE = os.environ.get("HUB_TEST_SQLITE_TEMPLATE", "")
"""A migrated SQLite file the session copies instead of migrating its own: mutation testing
runs a session per mutant, and migrating would cost most of each one's time."""


def database_name(database_url: str) -> str:
    return urlsplit(database_url).path.lstrip("/")


def _postgres_url(name: str) -> str:
    base, _, _ = POSTGRES_URL.rpartition("/")
    return f"{base}/{name}"


@asynccontextmanager
async def _connected(url: str) -> AsyncIterator[asyncpg.Connection]:
    """One connection to the PostgreSQL database at ``url``, closed afterwards."""
    connection = await asyncpg.connect(url)
    try:
        yield connection
    finally:
        await connection.close()


async def _admin(sql: str) -> None:
    async with _connected(POSTGRES_URL) as connection:
        await connection.execute(sql)


async def _drop(name: str) -> None:
    await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


_SCHEMA = """
SELECT md5(string_agg(part, ',' ORDER BY part)) FROM (
    SELECT format('%s.%s:%s:%s:%s', c.relname, c.relkind, a.attname,
                  format_type(a.atttypid, a.atttypmod), a.attnotnull)
    FROM pg_class c LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
                                              AND NOT a.attisdropped
    WHERE c.relnamespace = 'public'::regnamespace
    UNION ALL SELECT 'constraint ' || conname || pg_get_constraintdef(oid)
    FROM pg_constraint WHERE connamespace = 'public'::regnamespace
    UNION ALL SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
    UNION ALL SELECT 'trigger ' || pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal
    UNION ALL SELECT 'function ' || pg_get_functiondef(oid)
    FROM pg_proc WHERE pronamespace = 'public'::regnamespace
    UNION ALL SELECT 'schema ' || nspname FROM pg_namespace
    UNION ALL SELECT 'setting ' || array_to_string(setconfig, ',')
    FROM pg_db_role_setting WHERE setdatabase = (
        SELECT oid FROM pg_database WHERE datname = current_database())
) AS parts(part)
"""
"""One digest of what a database is made of: its tables and their columns, constraints,
indexes, triggers, functions, schemas and settings."""


@dataclass(frozen=True)
class AsMade:
    """What a database cloned from the template holds before any test writes to it."""

    schema: str
    """The template's ``_SCHEMA`` digest."""
    kept: dict[str, int]
    """The tables the migrations filled (countries, their names, the migrations), with
    their rows: kept when a database is emptied."""
    emptied: tuple[str, ...]
    """Every other table: truncated when a database is emptied."""
    written_after: str
    """The last transaction that wrote the template: a kept row written after it was written
    by a test."""

    @classmethod
    async def read(cls, connection: asyncpg.Connection) -> AsMade:
        tables = [
            row["relname"]
            for row in await connection.fetch(
                "SELECT relname FROM pg_class WHERE relkind = 'r'"
                " AND relnamespace = 'public'::regnamespace ORDER BY relname"
            )
        ]
        rows = {
            table: await connection.fetchval(f'SELECT count(*) FROM "{table}"') for table in tables
        }
        return cls(
            schema=await connection.fetchval(_SCHEMA),
            kept={table: count for table, count in rows.items() if count},
            emptied=tuple(table for table, count in rows.items() if not count),
            written_after=str(await connection.fetchval("SELECT txid_current() % 4294967296")),
        )

    async def unchanged(self, connection: asyncpg.Connection) -> bool:
        """Whether the database still has the template's schema and kept rows."""
        if await connection.fetchval(_SCHEMA) != self.schema:
            return False
        for table, count in self.kept.items():
            # a row updated or written again since the template has a younger xmin
            changed = await connection.fetchval(
                "SELECT count(*) <> $2 OR coalesce(bool_or(age(xmin) < age($1::text::xid)), false)"
                f' FROM "{table}"',
                self.written_after,
                count,
            )
            if changed:
                return False
        return True


async def _emptied(url: str, as_made: AsMade) -> bool:
    """Empty the database at ``url`` for another test; False (and nothing emptied) when the
    test changed what it was made with."""
    async with _connected(url) as connection:
        # what the test left connected (a server it stopped, a pool not closed) goes, as a
        # drop would make it go; TRUNCATE waits for its locks
        await connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        await connection.execute("SET lock_timeout = '30s'")
        if not await as_made.unchanged(connection):
            return False
        tables = ", ".join(f'"{table}"' for table in as_made.emptied)
        await connection.execute(f"TRUNCATE {tables} RESTART IDENTITY")
        await connection.execute("SELECT pg_stat_reset()")  # no table analysed, as when new
        return True


class Databases:
    """Makes databases from one migrated template per test session."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.template = f"hub_test_{WORKER}_template_{uuid.uuid4().hex[:8]}"
        self._made: list[str] = []
        # one drop at a time, beside the tests: dropping hundreds at the end took a minute
        self._dropper = ThreadPoolExecutor(1, thread_name_prefix="drop-database")
        self._dropping: list[Future[None]] = []
        self._emptied: list[str] = []
        if BACKEND == "postgres":
            asyncio.run(_admin(f'CREATE DATABASE "{self.template}"'))
            asyncio.run(db.migrate(_postgres_url(self.template)))
            self._as_made = asyncio.run(_as_made(_postgres_url(self.template)))
        elif SQLITE_TEMPLATE:
            shutil.copyfile(SQLITE_TEMPLATE, workdir / "template.sqlite3")
        else:
            asyncio.run(db.migrate(f"sqlite://{workdir / 'template.sqlite3'}"))

    def _name(self) -> str:
        """A name for a new database, remembered so that ``drop_all`` drops it."""
        name = f"hub_test_{WORKER}_{uuid.uuid4().hex[:12]}"
        self._made.append(name)
        return name

    def new(self) -> str:
        """The URL of a new database holding the migrated schema and the countries."""
        if BACKEND == "postgres":
            return self.copy(_postgres_url(self.template))
        return self.copy(f"sqlite://{self.workdir / 'template.sqlite3'}")

    def copy(self, url: str) -> str:
        """The URL of a new database holding what the one at ``url`` holds, which nothing
        may be connected to (PostgreSQL copies a database only then)."""
        name = self._name()
        if BACKEND == "postgres":
            asyncio.run(_admin(f'CREATE DATABASE "{name}" TEMPLATE "{database_name(url)}"'))
            return _postgres_url(name)
        path = self.workdir / f"{name}.sqlite3"
        shutil.copyfile(url.removeprefix("sqlite://"), path)
        return f"sqlite://{path}"

    def blank(self) -> str:
        """The URL of a new database with nothing in it, not even the schema."""
        name = self._name()
        if BACKEND == "postgres":
            asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
            return _postgres_url(name)
        return f"sqlite://{self.workdir / name}.sqlite3"

    def lend(self) -> str:
        """The URL of a database for one test, holding the migrated schema and the countries:
        one emptied after an earlier test, or a new one. Give it back with ``give_back``."""
        if self._emptied:
            return self._emptied.pop()
        return self.new()

    def give_back(self, url: str) -> None:
        """Take back a database from ``lend`` that its test is done with. On PostgreSQL it is
        emptied and lent again, unless the test changed its schema, countries or migrations:
        then it is dropped. SQLite's files stay in the session's directory."""
        if BACKEND != "postgres":
            return
        if asyncio.run(_emptied(url, self._as_made)):
            self._emptied.append(url)
        else:
            self.drop_soon(url)

    def drop_soon(self, url: str) -> None:
        """Drop the database at ``url``, made here, which no test will use again, while the
        session goes on."""
        if BACKEND != "postgres":
            return
        name = database_name(url)
        self._made.remove(name)
        self._dropping.append(self._dropper.submit(asyncio.run, _drop(name)))

    def drop_all(self) -> None:
        self._dropper.shutdown(wait=True)
        for dropped in self._dropping:
            dropped.result()  # a drop that failed says so here
        if BACKEND != "postgres":
            return

        async def drop(names: list[str]) -> None:
            turns = asyncio.Semaphore(4)  # a session leaves hundreds: a few dropped at a time

            async def one(name: str) -> None:
                async with turns:
                    await _drop(name)

            await asyncio.gather(*(one(name) for name in names))
            await _drop(self.template)

        asyncio.run(drop(self._made))


async def _as_made(url: str) -> AsMade:
    async with _connected(url) as connection:
        return await AsMade.read(connection)


def fill(url: str, build: Callable[[], Awaitable[object]]) -> None:
    """Run ``build`` against the database at ``url``, then disconnect."""

    async def run() -> None:
        async with db.connected(url):
            await build()

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(run())
        return
    # called under a running loop (Playwright's sync API runs one in the test's thread)
    with ThreadPoolExecutor(1) as other:
        other.submit(asyncio.run, run()).result()


@contextmanager
def session_databases(workdir: Path) -> Iterator[Databases]:
    databases = Databases(workdir)
    try:
        yield databases
    finally:
        databases.drop_all()
