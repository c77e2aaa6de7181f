"""``/health`` answers while the process lives; ``/ready`` while the database answers and holds
every migration the release ships, else 503 saying which."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest
from tortoise import connections

from hub import db
from hub.readiness import shipped_migrations
from tests.conftest import hub_client
from tests.databases import BACKEND, POSTGRES_URL, fill
from tests.terminations import database_name, terminate_backends

LATEST = "0010_persisted_operations"


def test_a_migrated_database_is_ready(database_url: str) -> None:
    with hub_client(database_url) as hub:
        # when
        health, ready = hub.get("/health"), hub.get("/ready")

    # then
    assert health.status_code == 200 and health.json() == {"status": "ok"}
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "database": "reachable", "pendingMigrations": []}


def test_the_shipped_migrations_are_those_in_the_package() -> None:
    shipped = shipped_migrations()
    assert LATEST in shipped and "0001_initial" in shipped
    assert not any(name.startswith("_") for name in shipped)


def test_a_missing_migration_makes_the_hub_unready_and_names_it(database_url: str) -> None:
    with hub_client(database_url) as hub:
        # given a database that lost the record of the latest migration (restored from an
        # older backup, say) while the hub runs
        async def forget_latest() -> None:
            await connections.get(db.DATABASE).execute_query(
                'DELETE FROM "tortoise_migrations" WHERE "name" = \'' + LATEST + "'"
            )

        fill(database_url, forget_latest)

        # when
        ready, health = hub.get("/ready"), hub.get("/health")

    # then it is not ready, saying which migration is missing; it is still alive
    assert ready.status_code == 503
    assert ready.json() == {
        "status": "unavailable",
        "database": "reachable",
        "pendingMigrations": [LATEST],
    }
    assert health.status_code == 200


def test_a_database_never_migrated_is_not_ready(database_url: str) -> None:
    with hub_client(database_url) as hub:

        async def drop_records() -> None:
            await connections.get(db.DATABASE).execute_query('DROP TABLE "tortoise_migrations"')

        fill(database_url, drop_records)
        ready = hub.get("/ready")

    assert ready.status_code == 503
    assert ready.json()["database"] == "reachable"
    assert ready.json()["pendingMigrations"] == sorted(shipped_migrations())


@pytest.mark.skipif(BACKEND != "postgres", reason="a database server that refuses connections")
def test_an_unreachable_database_makes_the_hub_unready_not_dead(database_url: str) -> None:
    name = database_name(database_url)

    async def admin(sql: str, terminate: bool = False) -> None:
        connection = await asyncpg.connect(POSTGRES_URL)
        try:
            await connection.execute(sql)
            if terminate:
                await terminate_backends(connection, database_url)
        finally:
            await connection.close()

    with hub_client(database_url) as hub:
        assert hub.get("/ready").status_code == 200
        # given a database that ended the hub's connections and takes no new ones
        asyncio.run(admin(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false', terminate=True))
        try:
            # when
            ready, health = hub.get("/ready"), hub.get("/health")
        finally:
            asyncio.run(admin(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        # and once it takes connections again
        again = hub.get("/ready")

    # then it was unready, said why and when to ask again, and stayed alive; then ready
    assert ready.status_code == 503
    assert ready.headers["retry-after"] == "1"
    assert ready.json() == {
        "status": "unavailable",
        "database": "unreachable",
        "retryAfterSeconds": 1,
    }
    assert health.status_code == 200
    assert again.status_code == 200
