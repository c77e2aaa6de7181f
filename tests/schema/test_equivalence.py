"""The hub's compiled reads give the answers the documented rules give, query after query.

Generated queries (``tests.schema.equivalence.queries``) go to the hub and to an
independent reference (``tests.schema.equivalence.reference``: the rows in memory, the
committed SDL, graphql-core), over the demo network and over a second network generated
with another seed plus rows the generator never writes (``corner_cases``). The data must be
equal; for a query carrying a bad argument, the errors too (message, code, argument, by root
field).

``HUB_EQUIVALENCE_QUERIES`` sets how many queries each network gets (300 by default),
``HUB_EQUIVALENCE_SEED`` the seed (fixed, so that CI draws the same queries every run). A
disagreement is printed in full, with its variables and Accept-Language, to be replayed.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from starlette.testclient import TestClient

from fixtures import load_network
from tests.conftest import hub_client
from tests.databases import Databases, fill
from tests.schema.equivalence.compare import Disagreement, disagreement
from tests.schema.equivalence.corner_cases import add_corner_cases
from tests.schema.equivalence.palette import Palette
from tests.schema.equivalence.queries import GeneratedQuery, QueryGenerator
from tests.schema.equivalence.reference import Reference
from tests.schema.equivalence.snapshot import snapshot_of

DEFAULT_QUERIES = 300
QUERIES = int(os.environ.get("HUB_EQUIVALENCE_QUERIES", DEFAULT_QUERIES))
SEED = int(os.environ.get("HUB_EQUIVALENCE_SEED", "20261201"))
SECOND_NETWORK_SEED = 7
SHOWN = 12
"""Disagreements printed in full; the rest are counted."""


@pytest.fixture(scope="module")
def generated_network_url(databases: Databases) -> str:
    """Another generated network, with the corner cases the generator never writes."""

    async def build() -> None:
        await load_network("demo", seed=SECOND_NETWORK_SEED)
        await add_corner_cases()

    url = databases.new()
    fill(url, build)
    return url


def ask_hub(client: TestClient, query: GeneratedQuery) -> dict[str, Any]:
    response = client.post(
        "/graphql",
        json={"query": query.text, "variables": query.variables},
        headers={"Accept-Language": query.accept_language},
    )
    try:
        answer: dict[str, Any] = response.json()
    except ValueError:
        answer = {"body": response.text}
    if response.status_code != 200:
        answer["status"] = response.status_code
    answer.pop("extensions", None)  # the query's cost, which the reference does not count
    return answer


def summary(network: str, checked: int, bad: int, found: list[Disagreement], seconds: float) -> str:
    kinds = Counter(d.where.split(":")[0].split("[")[0] for d in found)
    lines = [
        f"{network}: {checked} generated queries checked ({bad} with a bad argument)"
        f" in {seconds:.1f} s, seed {SEED}: {len(found)} disagreements",
        *(f"  {count} at {where}" for where, count in kinds.most_common()),
    ]
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("network", "fixture", "seed_offset"),
    [("demo network", "demo_database_url", 0), ("generated network", "generated_network_url", 1)],
)
def test_compiled_answers_equal_the_reference(
    network: str,
    fixture: str,
    seed_offset: int,
    request: pytest.FixtureRequest,
    record_property: Callable[[str, object], None],
) -> None:
    # given the network's rows, read once, and queries drawn over them
    url: str = request.getfixturevalue(fixture)
    rows = snapshot_of(url)
    reference = Reference(rows)
    generator = QueryGenerator(Palette.of(rows), seed=SEED + seed_offset)
    started = time.monotonic()

    # when each query is asked of the hub and of the reference
    found: list[Disagreement] = []
    checked = bad = 0
    # (what a query may cost is tested in test_limits.py: none is refused here for its cost,
    # so that every generated query reaches the compiled read path)
    with hub_client(url, max_query_cost=10**12, anonymous_budget_per_minute=0) as client:
        for query in generator.queries(QUERIES):
            answered = ask_hub(client, query)
            expected = reference.answer(query.document, query.variables, query.accept_language)
            checked += 1
            bad += query.bad is not None
            if (differing := disagreement(query, answered, expected)) is not None:
                found.append(differing)

    # then they answer alike
    report = summary(network, checked, bad, found, time.monotonic() - started)
    print(report)
    record_property("queries_checked", checked)
    details = "\n\n".join(d.report() for d in found[:SHOWN])
    assert not found, f"{report}\n\n{details}"
    assert checked == QUERIES
