"""The share of the hub's operations served compiled, read from a live hub's /metrics."""

from __future__ import annotations

import httpx

from bench.metrics import OperationCounts, parse_operations, read_operations
from tests.live import live_hub

EXPOSITION = """\
# HELP hub_graphql_operations_total GraphQL operations executed.
# TYPE hub_graphql_operations_total counter
hub_graphql_operations_total{compiled="true"} 1200.0
hub_graphql_operations_total{compiled="false"} 37.0
# HELP hub_graphql_operations_created GraphQL operations executed.
# TYPE hub_graphql_operations_created gauge
hub_graphql_operations_created{compiled="true"} 1.7961474132328136e+09
"""


def test_the_counter_is_read_by_label_and_its_creation_time_ignored() -> None:
    assert parse_operations(EXPOSITION) == OperationCounts(compiled=1200, resolved=37)
    assert parse_operations("") == OperationCounts(0, 0)


def test_the_share_is_of_the_operations_between_two_readings() -> None:
    # given
    before, after = OperationCounts(100, 10), OperationCounts(130, 20)

    # when
    run = after.since(before)

    # then
    assert (run.compiled, run.resolved, run.total) == (30, 10, 40)
    assert run.compiled_share == 0.75
    assert OperationCounts(0, 0).compiled_share is None


def test_a_live_hub_counts_compiled_reads_apart_from_resolved_ones(
    demo_database_url: str,
) -> None:
    with live_hub(demo_database_url) as hub:
        # given
        before = read_operations(hub)

        # when three reads compiled whole, and one a resolver answers (the viewer)
        for _ in range(3):
            compiled = httpx.post(
                f"{hub}/graphql", json={"query": "{ organisations(first: 2) { nodes { slug } } }"}
            )
            assert compiled.status_code == 200 and "errors" not in compiled.json()
        resolved = httpx.post(f"{hub}/graphql", json={"query": "{ viewer { clientId } }"})
        assert resolved.status_code == 200 and "errors" not in resolved.json()
        run = read_operations(hub).since(before)

    # then
    assert run == OperationCounts(compiled=3, resolved=1)
    assert run.compiled_share == 0.75
