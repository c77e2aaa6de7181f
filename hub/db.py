"""The database: Tortoise configuration, connection lifetime and migrations."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import asyncpg
from starlette.types import ASGIApp, Receive, Scope, Send
from tortoise import Tortoise, connections
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.context import TortoiseContext, _current_context
from tortoise.migrations.api import migrate as run_migrations

from auth import keys
from hub.models import Organisation
from hub.settings import Settings

log = logging.getLogger(__name__)

MODEL_MODULES = ["hub.models"]


def tortoise_config(database_url: str) -> dict[str, Any]:
    """The one Tortoise configuration used by the server, the CLI and the tests."""
    return {
        "connections": {"default": _connection(database_url)},
        "apps": {
            "hub": {
                "models": MODEL_MODULES,
                "default_connection": "default",
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
    for alias in ("postgresql://", "postgresql+asyncpg://", "asyncpg://"):
        if database_url.startswith(alias):
            return "postgres://" + database_url[len(alias) :]
    return database_url


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
    duplicate key. On SQLite, which serves one process, there is nothing to hold."""
    url = _normalised_url(database_url)
    if not url.startswith("postgres://"):
        yield
        return
    connection = await asyncpg.connect(_without_pool_options(url))
    try:
        await connection.execute("SELECT pg_advisory_lock($1)", PREPARING)
        yield
    finally:
        await connection.close()  # the lock ends with its session


def is_postgres() -> bool:
    return connections.get("default").capabilities.dialect == "postgres"


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
