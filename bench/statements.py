"""Each dashboard query run once in process before any load: it must answer without
errors, and on SQLite its SQL statements are counted from Tortoise's query log (the
handler the test suite uses). On PostgreSQL the database's own log counts them
(``bench.counting``); HTTP helpers for both servers live here too.
"""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request
from collections.abc import Sequence
from typing import Any

from bench.dashboard import DashboardQuery
from bench.targets import Targets, pick_targets
from hub import db
from hub.settings import Settings
from schema.context import Context
from schema.monolith import build_schema
from tests.sql_statements import recorded_statements


class QueryFailed(RuntimeError):
    """A dashboard query answered with errors: the bench would measure an error path."""


def hub_statements(
    database_url: str, queries: Sequence[DashboardQuery]
) -> tuple[Targets, dict[str, int]]:
    """The targets of this database, and how many SQL statements each query sends."""
    return asyncio.run(_hub_statements(database_url, queries))


async def _hub_statements(
    database_url: str, queries: Sequence[DashboardQuery]
) -> tuple[Targets, dict[str, int]]:
    settings = Settings(database_url=database_url, load_demo_network=False)
    async with db.connected(database_url):
        targets = await pick_targets()
        counts = {
            query.name: await count_hub_statements(
                query.hub, query.hub_variables(targets), settings
            )
            for query in queries
        }
        return targets, counts


async def count_hub_statements(document: str, variables: dict[str, Any], settings: Settings) -> int:
    """How many SQL statements the hub sends to answer one query (the database is open)."""
    schema = build_schema(settings)
    with recorded_statements() as statements:
        result = await schema.execute(
            document,
            variable_values=variables,
            context_value=Context.for_request(None, settings),
        )
    if result.errors:
        raise QueryFailed(f"hub: {result.errors[0]}")
    return len(statements)


def post_graphql(
    url: str, body: dict[str, Any], headers: dict[str, str] | None = None
) -> dict[str, Any]:
    """The decoded answer to one GraphQL POST; :class:`QueryFailed` if it has errors."""
    raw = post_raw(url, body, headers)
    answer: dict[str, Any] = json.loads(raw)
    if answer.get("errors"):
        raise QueryFailed(f"{url}: {answer['errors'][0]}")
    return answer


def get_raw(url: str) -> bytes:
    """The bytes of the answer to one GET."""
    with urllib.request.urlopen(url, timeout=60) as response:
        raw: bytes = response.read()
    return raw


def post_raw(url: str, body: dict[str, Any], headers: dict[str, str] | None = None) -> bytes:
    """The bytes of the answer to one GraphQL POST."""
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"content-type": "application/json", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            raw: bytes = response.read()
    except urllib.error.HTTPError as refused:
        answer = refused.read().decode(errors="replace")[:1000]
        raise QueryFailed(f"{url}: HTTP {refused.code}: {answer}") from None
    return raw
