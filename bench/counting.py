"""The counting pass on PostgreSQL: each server, connected as a role that logs every
statement, answers each scenario K times; PostgreSQL's log says how many statements that
took (``bench.statement_log``).

The pass runs before the measured runs, on servers of its own: logging every statement
costs the database time, and a role's ``log_statement`` applies to the sessions it opens
afterwards, so the measured servers (connected as the bench's own user) log nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from bench.cost import settle
from bench.databases import BenchDatabase
from bench.servers import ServerSpec, free_port, running
from bench.statement_log import ServerLog, counting_role
from bench.statements import post_graphql

WARM_REQUESTS = 3
"""Requests before counting: a server's first ones introspect types and prepare plans."""

COUNTED_REQUESTS = 20
"""K: requests counted per scenario; the statements logged are divided by it."""

SpecFor = Callable[[BenchDatabase, int], ServerSpec]


def count_statements(
    database: BenchDatabase,
    server: str,
    spec_for: SpecFor,
    bodies: Mapping[str, dict[str, Any]],
    log: ServerLog,
    log_dir: Path,
) -> dict[str, float]:
    """Statements per request of each body (by scenario name) for the server that
    ``spec_for`` starts, as PostgreSQL logged them."""
    counts: dict[str, float] = {}
    with counting_role(database.url, server) as role:
        counted = BenchDatabase("postgres", role.url(database.url))
        port = free_port()
        spec = spec_for(counted, port)
        spec = dataclasses.replace(spec, name=f"{spec.name}-counting")
        with running(spec, port, log_dir) as process:
            for name, body in bodies.items():
                for _ in range(WARM_REQUESTS):
                    post_graphql(process.graphql_url, body)
                settle(process.pid)
                start = log.end()
                for _ in range(COUNTED_REQUESTS):
                    post_graphql(process.graphql_url, body)
                # a pool's work after an answer (a connection's reset) belongs to it too
                settle(process.pid)
                logged = log.count_since(start, role, database.url)
                counts[name] = logged / COUNTED_REQUESTS
    return counts
