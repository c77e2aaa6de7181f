"""Replicas started together prepare their one database once, on either database."""

from __future__ import annotations

import httpx

from hub.models import Organisation, SigningKey
from tests.databases import Databases, fill
from tests.live import live_hubs

ISSUER = "https://hub.example.org"
"""The one address clients use, in front of both replicas."""


def test_replicas_started_together_on_a_new_database_prepare_it_once(
    databases: Databases, demo_database_url: str
) -> None:
    # given a database with nothing in it yet
    database_url = databases.blank()

    # when two replicas start at the same moment, each asked to migrate it and load the
    # demo network
    with live_hubs(2, database_url, issuer=ISSUER, load_demo_network=True) as (a, b):
        answers = [
            httpx.post(f"{base}/graphql", json={"query": "{ organisations { totalCount } }"})
            for base in (a, b)
        ]

    # then both serve it, with one demo network and one signing key between them
    def counted(url: str) -> dict[str, int]:
        found: dict[str, int] = {}

        async def count() -> None:
            found["organisations"] = await Organisation.all().count()
            found["unretired keys"] = await SigningKey.filter(retired_at=None).count()

        fill(url, count)
        return found

    assert answers[0].json() == answers[1].json()
    assert counted(database_url) == {
        "organisations": counted(demo_database_url)["organisations"],
        "unretired keys": 1,
    }
