"""What a request may ask, refused before the work: fragment fan-out, cost, budgets."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

import schema.limits.guard
from tests.conftest import GraphQLClient, hub_client
from tests.sql_statements import recorded_statements


def fan_out(levels: int) -> str:
    """Each fragment spreading the next twice: 2^levels fields once expanded."""
    fragments = ["fragment F0 on Organisation { slug }"]
    fragments += [
        f"fragment F{i} on Organisation {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, levels)
    ]
    return "\n".join(fragments) + f"\n{{ organisations {{ nodes {{ ...F{levels - 1} }} }} }}"


@pytest.mark.parametrize("path", ["/graphql", "/subgraphs/network/graphql"])
def test_fragments_fanning_out_are_refused_before_validation(
    demo_hub: TestClient, monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    # given a document of 1 KB that spreads into a billion fields
    validated = 0
    original = schema.limits.guard.ValidationAfterLimits.on_validate

    def counting(self: Any) -> Any:
        nonlocal validated
        if not self.execution_context.pre_execution_errors:
            validated += 1
        return original(self)

    monkeypatch.setattr(schema.limits.guard.ValidationAfterLimits, "on_validate", counting)

    # when it is sent, to the monolith and to a subgraph
    response = demo_hub.post(path, json={"query": fan_out(30)})

    # then it is refused, saying why, and never validated
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "QUERY_TOO_LARGE"
    assert validated == 0


def test_a_fragment_that_spreads_itself_is_refused(demo: GraphQLClient) -> None:
    # when
    errors = demo.errors(
        "fragment A on Organisation { ...B } fragment B on Organisation { slug ...A }"
        " { organisations { nodes { ...A } } }"
    )
    # then
    assert "spreads itself" in errors[0]["message"]


def test_a_query_reports_its_cost_as_a_gateway_counts_it(demo: GraphQLClient) -> None:
    # when a page of 10 organisations, each with 5 co-signatures and their statements, is read
    body = demo.post(
        """{ organisations(first: 10) { totalCount nodes { slug
             coSignedStatements(first: 5) { nodes { statement { slug } } } } } }"""
    )

    # then it costs the connection (1), and for each of 10 organisations (1), its
    # co-signatures' connection (1) and 5 co-signatures (1) with their statement (1)
    assert body["extensions"]["cost"]["requestedQueryCost"] == 1 + 10 * (1 + 1 + 5 * (1 + 1))


def test_a_query_over_the_cost_limit_is_refused_before_any_sql(demo: GraphQLClient) -> None:
    # given lists nested four deep, a hundred items each
    query = """{ a: organisations(first: 100) { nodes { campaigns(first: 100) { nodes {
      petitions(first: 100) { nodes { endorsements(first: 100) { totalCount } } } } } } } }"""

    # when it is sent
    with recorded_statements() as statements:
        body = demo.post(query)

    # then it is refused with its cost and the limit, and the database did nothing
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "COST_LIMIT_EXCEEDED"
    assert error["extensions"]["cost"] > error["extensions"]["limit"]
    assert statements == []


def test_a_client_that_spent_its_budget_waits(demo_database_url: str) -> None:
    # given a hub whose anonymous readers may spend 30 a minute
    query = "{ organisations(first: 10) { nodes { slug } } }"  # costs 11
    with hub_client(demo_database_url, anonymous_budget_per_minute=30) as client:
        # when the same reader asks four times, the last twice as a known operation
        answers = [client.post("/graphql", json={"query": query}) for _ in range(4)]

    # then the first two are answered, then the budget is spent: 429, and when to retry
    assert [answer.status_code for answer in answers] == [200, 200, 429, 429]
    left = answers[1].json()["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"]
    assert left == 30 - 2 * 11
    refused = answers[2].json()["errors"][0]
    assert refused["extensions"]["code"] == "THROTTLED"
    assert int(answers[2].headers["retry-after"]) >= 1


def test_a_known_operation_sent_the_ordinary_way_is_charged_once(demo_database_url: str) -> None:
    # given a hub with a budget, and a known operation (answered once already)
    query = "query Page($first: Int) { organisations(first: $first) { nodes { slug } } }"
    with hub_client(demo_database_url, anonymous_budget_per_minute=1000) as client:

        def ask(first: int) -> dict[str, Any]:
            answer = client.post("/graphql", json={"query": query, "variables": {"first": first}})
            return dict(answer.json())

        known = ask(10)
        # when it comes with a page too big: its compiled answer gives up after the budget
        # was spent, and the ordinary way answers (and refuses the argument)
        too_big = ask(150)
        after = ask(10)

    # then the budget went down by each request's cost once
    costs = [answer["extensions"]["cost"]["requestedQueryCost"] for answer in (known, too_big)]
    assert too_big["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    left = after["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"]
    assert left == 1000 - sum(costs) - after["extensions"]["cost"]["requestedQueryCost"]
