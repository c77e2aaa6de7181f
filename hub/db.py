"""The database: Tortoise configuration, connection lifetime, transactions and migrations."""

from __future__ import annotations

import contextlib
import errno
import logging
import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import asyncpg
from filelock import AsyncFileLock
from starlette.types import ASGIApp, Receive, Scope, Send
from tortoise import Tortoise, connections
from tortoise.backends.base.client import (
    BaseDBAsyncClient,
    TransactionalDBClient,
    TransactionContext,
)
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.context import TortoiseContext, _current_context
from tortoise.migrations.api import migrate as run_migrations
from tortoise.transactions import in_transaction

from auth import keys
from hub.models import Organisation
from hub.settings import POSTGRES_ALIASES, Settings

log = logging.getLogger(__name__)

MODEL_MODULES = ["hub.models"]
DATABASE = "default"
"""The name of the hub's one database in Tortoise's configuration."""


def tortoise_config(database_url: str) -> dict[str, Any]:
    """The one Tortoise configuration used by the server, the CLI and the tests."""
    return {
        "connections": {DATABASE: _connection(database_url)},
        "apps": {
            "hub": {
                "models": MODEL_MODULES,
                "default_connection": DATABASE,
                "migrations": "hub.migrations",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


ENGINES = {"sqlite": "hub.engines.sqlite", "postgres": "hub.engines.postgres"}
"""Tortoise's engines as the hub runs them (``hub.engines``), by dialect."""


def _connection(database_url: str) -> dict[str, Any]:
    """The connection's settings, as Tortoise reads them from the URL, on the hub's engine."""
    settings = expand_db_url(_normalised_url(database_url))
    dialect = "postgres" if settings["engine"].endswith(("asyncpg", "postgres")) else "sqlite"
    return {**settings, "engine": ENGINES[dialect]}


def _normalised_url(database_url: str) -> str:
    # asyncpg is the PostgreSQL driver; accept the spellings other tools use.
    scheme, separator, rest = database_url.partition("://")
    return f"postgres://{rest}" if separator and scheme in POSTGRES_ALIASES else database_url


async def open_database(database_url: str) -> TortoiseContext:
    """Connect; the returned context is current in this task and the tasks it starts."""
    # Tortoise caches each model's INSERT by connection name, not by dialect: a process
    # that opened SQLite and then opens PostgreSQL (the bench does) would send `?`
    # placeholders to PostgreSQL. The cache refills on the next write.
    EXECUTOR_CACHE.clear()
    return await Tortoise.init(config=tortoise_config(database_url))


async def close_database() -> None:
    await connections.close_all()


@asynccontextmanager
async def connected(database_url: str) -> AsyncIterator[TortoiseContext]:
    """Connected to the database at ``database_url`` for the block (commands and tools)."""
    context = await open_database(database_url)
    try:
        yield context
    finally:
        await close_database()


async def migrate(database_url: str) -> None:
    """Bring the database schema up to the latest migration, then disconnect."""
    async with exclusively(database_url):
        await _migrate(database_url)


async def _migrate(database_url: str) -> None:
    await run_migrations(config=tortoise_config(database_url))
    await close_database()


PREPARING = 0x687562
"""The PostgreSQL advisory lock a hub process holds while it migrates or prepares the database."""


@asynccontextmanager
async def exclusively(database_url: str) -> AsyncIterator[None]:
    """One process at a time: replicas started together would otherwise run the same
    migrations and load the demo network side by side, and all but one would crash on a
    duplicate key or a locked database. PostgreSQL holds an advisory lock; SQLite, a lock
    file beside the database (an in-memory database serves one process alone)."""
    path = _sqlite_path(database_url)
    if path == ":memory:":
        yield
        return
    if path is not None:
        check_sqlite_file(path)
        async with AsyncFileLock(f"{path}.preparing"):
            yield
        return
    connection = await asyncpg.connect(_without_pool_options(_normalised_url(database_url)))
    try:
        await connection.execute("SELECT pg_advisory_lock($1)", PREPARING)
        yield
    finally:
        await connection.close()  # the lock ends with its session


class DatabaseFileRefused(Exception):
    """The embedded database's path names something the hub cannot use as one."""


SQLITE_HEADER = b"SQLite format 3\x00"


def _sqlite_path(database_url: str) -> str | None:
    """The embedded database's file (``:memory:`` for one in memory); None for PostgreSQL."""
    url = _normalised_url(database_url)
    if url.startswith("postgres://"):
        return None
    return str(expand_db_url(url)["credentials"]["file_path"])


def check_database_file(database_url: str) -> None:
    """For the embedded database, :func:`check_sqlite_file` (PostgreSQL says its own)."""
    path = _sqlite_path(database_url)
    if path is not None and path != ":memory:":
        check_sqlite_file(path)


def check_sqlite_file(path: str) -> None:
    """Refuse, in words, a path that is a folder, a file that is not an SQLite database, or
    a place the hub cannot write (SQLite, or the lock beside it, would wait on it forever,
    or fail deep in a query). The folders of a new database are made here."""
    file = Path(path)
    if file.is_dir():
        raise DatabaseFileRefused(f"{path} is a folder: HUB_DATABASE_URL names the database file")
    if file.exists():
        with file.open("rb") as opened:
            start = opened.read(len(SQLITE_HEADER))
        if start and start != SQLITE_HEADER:
            raise DatabaseFileRefused(f"{path} is not an SQLite database")
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        # the lock file :func:`exclusively` takes beside the database: made here, or said
        with open(f"{path}.preparing", "a"):
            pass
        if file.exists() and not os.access(file, os.W_OK):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
    except OSError as error:
        raise DatabaseFileRefused(f"The hub cannot write {path}: {error.strerror}") from None


def is_postgres() -> bool:
    dialect: str = connections.get(DATABASE).capabilities.dialect
    return dialect == "postgres"


RETRY_AFTER_SECONDS = 1
"""How long a client is asked to wait before sending again a write the database could not take."""


class DatabaseUnavailable(Exception):
    """The database could not be reached, or lost the connection a transaction was using.

    Nothing of the transaction is left in the task: the next one starts on a fresh
    connection. ``maybe_written`` is true only when the connection was lost during COMMIT,
    which the database may or may not have applied before it went away.
    """

    def __init__(self, maybe_written: bool = False) -> None:
        super().__init__(
            "The connection to the database was lost while the write was being committed:"
            " it may or may not have been saved."
            if maybe_written
            else "The database is unavailable: nothing was written."
        )
        self.maybe_written = maybe_written


_LOST_CONNECTION: tuple[type[BaseException], ...] = (
    asyncpg.PostgresConnectionError,  # SQLSTATE class 08, and a connection closed mid-query
    asyncpg.AdminShutdownError,  # 57P01: pg_terminate_backend, a restart, a failover
    asyncpg.CrashShutdownError,  # 57P02
    asyncpg.CannotConnectNowError,  # 57P03: starting up or shutting down
    asyncpg.TooManyConnectionsError,  # 53300: reachable, but taking no one else
    asyncpg.InternalClientError,  # the driver lost track of a connection dropped under it
    OSError,  # the network: refused, reset, unreachable, timed out
)


def connection_lost(error: BaseException) -> bool:
    """Whether ``error`` (or an error it was raised from) says the database went away."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, (DatabaseUnavailable, *_LOST_CONNECTION)):
            return True
        # asyncpg has no type of its own for a connection found closed before a query
        if isinstance(seen, asyncpg.InterfaceError) and "connection is closed" in str(seen):
            return True
        seen = seen.__cause__
    return False


@asynccontextmanager
async def transaction() -> AsyncIterator[BaseDBAsyncClient]:
    """A transaction on the hub's database; every transaction in ``hub/`` is one of these.

    Tortoise's ``in_transaction()`` makes the transaction current in the task before it
    sends BEGIN; when BEGIN fails it neither forgets the transaction nor gives its
    connection back, and when giving a lost connection back fails, it does not forget the
    transaction either. Every later transaction of that task then becomes a savepoint on
    the dead connection, and a long-lived task such as the signature writer stays broken
    (docs/upstream/tortoise-transaction-begin.md). Here, whatever happens, the task ends
    the block with the connection it had before it; a failed BEGIN gives its connection
    back and is begun once more on a fresh one when the old one was dead (nothing had been
    sent). A lost connection comes out as :class:`DatabaseUnavailable`, any other error as
    it was raised.
    """
    outer = connections.get(DATABASE)
    try:
        opening, connection = await _begin(outer)
        try:
            yield connection
        except BaseException as error:
            with contextlib.suppress(Exception):  # a rollback on a lost connection cannot run
                await opening.__aexit__(type(error), error, error.__traceback__)
            if isinstance(error, Exception) and connection_lost(error):
                await _renew_connections(outer)
                raise DatabaseUnavailable() from error
            raise
        try:
            await opening.__aexit__(None, None, None)
        except Exception as error:
            if connection_lost(error):
                await _renew_connections(outer)
                raise DatabaseUnavailable(maybe_written=True) from error
            raise
    finally:
        if connections.get(DATABASE) is not outer:
            connections.set(DATABASE, outer)


async def _begin(outer: BaseDBAsyncClient) -> tuple[TransactionContext, TransactionalDBClient]:
    """A transaction begun; begun again on a fresh connection if the first one was dead."""
    if isinstance(outer, TransactionalDBClient):  # a savepoint: there is no other connection
        return await _begin_after(outer)
    try:
        return await _begin_after(outer)
    except Exception as error:
        if not connection_lost(error):
            raise DatabaseUnavailable() from error
        log.info("Beginning a transaction again, on a fresh connection: %r", error)
        await _renew_connections(outer)
    try:
        return await _begin_after(outer)
    except Exception as error:
        raise DatabaseUnavailable() from error


async def renew_connections() -> None:
    """Have the pool's connections replaced at their next use (the database went away)."""
    await _renew_connections(connections.get(DATABASE))


async def _renew_connections(client: BaseDBAsyncClient) -> None:
    """Have each pooled connection replaced at its next use, once one was found dead.

    Whatever ended it (a failover, a restart) most likely ended the others too, and asyncpg
    may lend a connection ended while idle as if it were alive.
    """
    pool = getattr(client, "_pool", None)  # Tortoise's asyncpg pool, when it has one
    if isinstance(pool, asyncpg.Pool):
        await pool.expire_connections()


async def _begin_after(
    outer: BaseDBAsyncClient,
) -> tuple[TransactionContext, TransactionalDBClient]:
    opening = in_transaction(DATABASE)
    try:
        return opening, await opening.__aenter__()
    except BaseException as error:
        if connections.get(DATABASE) is not outer:
            # Tortoise had made the transaction current when BEGIN failed: ended here as
            # any transaction is, its connection goes back to the pool
            with contextlib.suppress(Exception):
                await opening.__aexit__(type(error), error, error.__traceback__)
        raise


async def prepare(settings: Settings) -> TortoiseContext:
    """Migrate, connect, load the demo network into an empty database if asked, and make
    the first signing key: one process at a time."""
    async with exclusively(settings.database_url):
        await _migrate(settings.database_url)
        context = await open_database(settings.database_url)
        if settings.load_demo_network and not await Organisation.exists():
            from fixtures import load_network

            counts = await load_network("demo")
            log.info("Loaded the demo network: %s", counts)
        await keys.signing_key()
    return context


POOL_OPTIONS = {"minsize", "maxsize", "max_queries", "max_inactive_connection_lifetime"}
"""Options of Tortoise's connection pool in a database URL, which a lone connection refuses."""


def lone_connection_url(database_url: str) -> str | None:
    """On PostgreSQL, the URL of one plain asyncpg connection (for ``LISTEN``, a lock);
    None on SQLite."""
    url = _normalised_url(database_url)
    return _without_pool_options(url) if url.startswith("postgres://") else None


def _without_pool_options(url: str) -> str:
    """``url`` for one plain asyncpg connection: TLS and server options kept, pool ones not."""
    parts = urlsplit(url)
    kept = [(name, value) for name, value in parse_qsl(parts.query) if name not in POOL_OPTIONS]
    return urlunsplit(parts._replace(query=urlencode(kept)))


class DatabaseContext:
    """ASGI middleware making the app's database current in every request's task.

    Tortoise keeps its connections in a context variable. The server runs each request in
    a task that did not inherit the lifespan's context, so the variable is set here, per
    request. (Tortoise's global fallback would also do, but allows one database per
    process, and tests run several hubs side by side.)
    """

    def __init__(self, app: ASGIApp, current: Callable[[], TortoiseContext | None]) -> None:
        self.app = app
        self.current = current

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        context = self.current()
        if context is None or scope["type"] == "lifespan":
            await self.app(scope, receive, send)
            return
        token = _current_context.set(context)
        try:
            await self.app(scope, receive, send)
        finally:
            _current_context.reset(token)
