"""``GET /health`` (the process answers) and ``GET /ready`` (it can serve: the database
answers and has every migration this release ships).

A load balancer sends traffic to a replica while ``/ready`` answers 200, and restarts one
whose ``/health`` does not answer. ``/ready``'s 503 says which check failed, in JSON::

    {"status": "unavailable", "database": "unreachable", "retryAfterSeconds": 1}
    {"status": "unavailable", "database": "reachable", "pendingMigrations": ["0011_…"]}
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import pkgutil

from starlette.requests import Request
from starlette.responses import JSONResponse
from tortoise import connections

from hub import migrations
from hub.db import DATABASE, RETRY_AFTER_SECONDS, renew_connections
from hub.settings import Settings

log = logging.getLogger(__name__)

APPLIED = 'SELECT "name" FROM "tortoise_migrations" WHERE "app" = \'hub\''


def shipped_migrations() -> frozenset[str]:
    """The migrations this release ships (``hub/migrations``), by name."""
    return frozenset(
        module.name
        for module in pkgutil.iter_modules(migrations.__path__)
        if not module.ispkg and module.name[0] not in "_~"
    )


async def health(_request: Request) -> JSONResponse:
    """Alive: answered without touching the database."""
    return JSONResponse({"status": "ok"})


class Readiness:
    """The ``/ready`` endpoint of one hub."""

    def __init__(self, settings: Settings) -> None:
        self.timeout = settings.ready_timeout_seconds
        self.shipped = shipped_migrations()

    async def answer(self, _request: Request) -> JSONResponse:
        try:
            async with asyncio.timeout(self.timeout):
                _, rows = await connections.get(DATABASE).execute_query(APPLIED)
        except Exception as error:
            if _no_migrations_table(error):
                rows = []
            else:  # whatever else it is, the database cannot serve now
                log.warning("Not ready: the database did not answer: %r", error)
                with contextlib.suppress(Exception):
                    await renew_connections()  # so that the next check, or request, starts afresh
                return _unreachable()
        pending = sorted(self.shipped - {str(row["name"]) for row in rows})
        if pending:
            return JSONResponse(
                {"status": "unavailable", "database": "reachable", "pendingMigrations": pending},
                status_code=503,
            )
        return JSONResponse({"status": "ready", "database": "reachable", "pendingMigrations": []})


def _no_migrations_table(error: Exception) -> bool:
    """A database that answers but was never migrated (Tortoise words the driver's error)."""
    said = str(error)
    return "tortoise_migrations" in said and ("no such table" in said or "does not exist" in said)


def _unreachable() -> JSONResponse:
    return JSONResponse(
        {
            "status": "unavailable",
            "database": "unreachable",
            "retryAfterSeconds": RETRY_AFTER_SECONDS,
        },
        status_code=503,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )
