"""Fresh, migrated databases for tests: SQLite files, or PostgreSQL databases when asked.

Set ``HUB_TEST_POSTGRES_URL`` (e.g. ``postgres://postgres@127.0.0.1:5432/postgres``) to run
the suite on PostgreSQL: each test then gets its own database, cloned from a migrated
template, and dropped afterwards: a test's own database while the next tests run, the
session's at its end.

Run in parallel (pytest-xdist), each worker is a test session of its own: it migrates its own
template, and names its databases after itself (``hub_test_gw1_…``), so that no two workers
ever clone from, or write to, one database, and what a crashed worker left is easy to find.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
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


async def _admin(sql: str) -> None:
    connection = await asyncpg.connect(POSTGRES_URL)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


async def _drop(name: str) -> None:
    await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Databases:
    """Makes databases from one migrated template per test session."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.template = f"hub_test_{WORKER}_template_{uuid.uuid4().hex[:8]}"
        self._made: list[str] = []
        # one drop at a time, beside the tests: dropping hundreds at the end took a minute
        self._dropper = ThreadPoolExecutor(1, thread_name_prefix="drop-database")
        self._dropping: list[Future[None]] = []
        if BACKEND == "postgres":
            asyncio.run(_admin(f'CREATE DATABASE "{self.template}"'))
            asyncio.run(db.migrate(_postgres_url(self.template)))
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
