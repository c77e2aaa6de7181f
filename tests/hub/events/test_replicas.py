"""Events across two `hub serve` replicas on one PostgreSQL database (LISTEN/NOTIFY).

A signature written through one replica reaches a subscriber of the other, and still does
after the database cut the replicas' listening connections.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import asyncpg
import pytest

from hub.db import lone_connection_url
from hub.events.postgres import APPLICATION_NAME
from tests.databases import BACKEND
from tests.live import live_hubs
from tests.schema.live.network import PETITION_COUNT, build_live_network, sign_petition
from tests.schema.live.subscriber import subscribed

pytestmark = pytest.mark.skipif(
    BACKEND != "postgres",
    reason="replicas share a PostgreSQL database: run with HUB_TEST_POSTGRES_URL",
)


def test_a_signature_through_one_replica_reaches_a_subscriber_of_the_other(
    database_url: str,
) -> None:
    # given two replicas, and a subscriber to a petition's count on the second
    network = build_live_network(database_url)
    with (
        live_hubs(2, database_url) as (first, second),
        subscribed(second, PETITION_COUNT, {"id": network.petition_id}) as subscriber,
    ):
        assert count_of(subscriber.next()) == 0

        # when a person signs through the first
        sign_petition(first, network, "Amira")

        # then the subscriber of the second sees the count move
        assert count_of(subscriber.next()) == 1

        # and when the database cuts both replicas' listening connections
        cut = asyncio.run(listeners(database_url, terminate=True))
        assert len(cut) == 2

        # then, once they listen again on new ones, the next signature still reaches it
        wait_for(lambda: len(asyncio.run(listeners(database_url)) - cut) == 2)
        sign_petition(first, network, "Bilal")
        assert count_of(subscriber.next()) == 2


def count_of(data: dict[str, object]) -> int:
    return int(data["petitionCount"]["petition"]["signatureCount"])  # type: ignore[index]


async def listeners(database_url: str, terminate: bool = False) -> set[int]:
    """The server processes of the connections listening for events on this database
    (terminated, if asked)."""
    url = lone_connection_url(database_url)
    assert url is not None
    connection = await asyncpg.connect(url)
    try:
        rows = await connection.fetch(
            "SELECT pid FROM pg_stat_activity"
            " WHERE datname = current_database() AND application_name = $1",
            APPLICATION_NAME,
        )
        if terminate:
            for row in rows:
                await connection.execute("SELECT pg_terminate_backend($1)", row["pid"])
        return {int(row["pid"]) for row in rows}
    finally:
        await connection.close()


def wait_for(condition: Callable[[], bool], seconds: float = 30.0) -> None:
    ends = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < ends, "not within 30 s"
        time.sleep(0.1)
