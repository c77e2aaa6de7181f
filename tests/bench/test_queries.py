"""The dashboard queries on the demo network: the hub answers them, PostGraphile agrees,
and PostgreSQL's log counts what each sends.

The PostGraphile half needs PostgreSQL (run the suite with ``HUB_TEST_POSTGRES_URL``) and
Node.js; the bench's npm packages are installed with ``npm ci --prefix bench`` when missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.counting import count_statements
from bench.dashboard import DashboardQuery
from bench.databases import BenchDatabase
from bench.equivalence import hub_digest, peer_digest
from bench.load import BENCH_DIR
from bench.queries import DASHBOARD_QUERIES
from bench.run import PEER_CLI, _hub_spec, _peer_spec
from bench.servers import RunningServer, free_port, running
from bench.statement_log import LogUnreadable, find_server_log
from bench.statements import hub_statements, post_graphql
from bench.targets import Targets
from tests.conftest import GraphQLClient
from tests.databases import BACKEND
from tests.tools import npm_ci


@pytest.fixture(scope="module")
def measured(demo_database_url: str) -> tuple[Targets, dict[str, int]]:
    """The demo network's targets and each query's SQL statement count."""
    return hub_statements(demo_database_url, DASHBOARD_QUERIES)


def test_the_targets_are_rows_the_hub_serves(
    measured: tuple[Targets, dict[str, int]], demo: GraphQLClient
) -> None:
    # given
    targets, _ = measured

    # when
    answers = {q.name: demo.data(q.hub, q.hub_variables(targets)) for q in DASHBOARD_QUERIES}

    # then every query reads something: the bench never measures an empty page
    assert answers["coalition-overview"]["coalition"]["members"]["totalCount"] > 0
    assert answers["country-page"]["organisations"]["totalCount"] > 0
    assert answers["country-page"]["country"]["alerts"]["totalCount"] > 0
    assert answers["campaign-page"]["campaign"]["petitions"]["totalCount"] > 0
    cosigning = answers["scope-cosignatures"]["organisations"]["nodes"]
    assert any(o["coSignedStatements"]["nodes"] for o in cosigning)
    members = answers["group-campaigns"]["workingGroup"]["members"]["nodes"]
    assert any(m["organisation"]["campaigns"]["nodes"] for m in members)
    assert len(answers["top-petitions"]["petitions"]["nodes"]) > 0
    assert len(answers["organisation-scalars"]["organisations"]["nodes"]) > 0


def test_each_query_costs_a_handful_of_statements(
    measured: tuple[Targets, dict[str, int]],
) -> None:
    # when
    _, statements = measured

    # then: a handful, set by the query's shape (compiled reads: one per root field)
    assert set(statements) == {q.name for q in DASHBOARD_QUERIES}
    assert all(0 < count <= 20 for count in statements.values()), statements


@pytest.fixture(scope="module")
def peer(
    demo_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningServer]:
    """PostGraphile, as the bench starts it, on the demo network's PostgreSQL database."""
    if BACKEND != "postgres":
        pytest.skip("PostGraphile needs PostgreSQL: run the suite with HUB_TEST_POSTGRES_URL")
    _install_npm_packages()
    database = BenchDatabase.postgres(demo_database_url)
    port = free_port()
    with running(_peer_spec(database, port), port, tmp_path_factory.mktemp("logs")) as server:
        yield server


@pytest.mark.parametrize("query", DASHBOARD_QUERIES, ids=lambda q: q.name)
def test_postgraphile_answers_with_the_same_rows_and_counts(
    query: DashboardQuery,
    peer: RunningServer,
    demo: GraphQLClient,
    measured: tuple[Targets, dict[str, int]],
) -> None:
    # given
    targets, _ = measured

    # when
    hub = demo.data(query.hub, query.hub_variables(targets))
    answer = post_graphql(peer.graphql_url, query.peer_body(targets))

    # then
    assert peer_digest(query.name, answer["data"]) == hub_digest(query.name, hub)


def test_the_postgresql_log_counts_each_servers_statements(
    demo_database_url: str, measured: tuple[Targets, dict[str, int]], tmp_path: Path
) -> None:
    # given the hub and the peer, each connected as a role whose statements are logged
    if BACKEND != "postgres":
        pytest.skip("the statement log is PostgreSQL's: run the suite with HUB_TEST_POSTGRES_URL")
    _install_npm_packages()
    targets, _ = measured
    database = BenchDatabase.postgres(demo_database_url)
    try:
        log = find_server_log(demo_database_url, None)
    except LogUnreadable as unreadable:
        pytest.skip(f"PostgreSQL's log is not readable here: {unreadable}")
    hub_bodies = {q.name: q.hub_body(targets) for q in DASHBOARD_QUERIES}
    peer_bodies = {q.name: q.peer_body(targets) for q in DASHBOARD_QUERIES}

    # when each answers every query K times
    hub = count_statements(database, "hub", _hub_spec, hub_bodies, log, tmp_path)
    peer = count_statements(database, "peer", _peer_spec, peer_bodies, log, tmp_path)

    # then every request sent statements, as many each time: the count is whole
    for counts in (hub, peer):
        assert set(counts) == set(hub_bodies)
        for count in counts.values():
            assert count >= 1
            assert count.is_integer(), counts


def _install_npm_packages() -> None:
    npm_ci(BENCH_DIR, why="PostGraphile runs on Node.js")
    assert Path(PEER_CLI).exists()
