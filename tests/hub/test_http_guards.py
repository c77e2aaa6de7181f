"""What the GraphQL routes refuse before any operation runs: bodies too big, JSON too
deep, requests a browser could forge across sites; what runs too long is stopped."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.conftest import hub_client

QUERY = "{ network { name } }"


def test_a_body_over_the_limit_is_refused_before_it_is_read(demo_database_url: str) -> None:
    # given a hub that reads at most 2 KB
    with hub_client(demo_database_url, max_body_bytes=2048) as client:
        # when a 3 KB body is sent, declared or streamed
        declared = client.post("/graphql", json={"query": QUERY, "padding": "x" * 3000})
        streamed = client.post(
            "/graphql",
            content=iter([b'{"query": "{ network { name } }", "padding": "', b"x" * 3000, b'"}']),
            headers={"content-type": "application/json"},
        )

    # then both are refused with 413 and a code, and a small one passes
    for refused in (declared, streamed):
        assert refused.status_code == 413
        assert refused.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


def test_json_nested_deeper_than_the_limit_is_refused(demo_hub: TestClient) -> None:
    # given variables nested a thousand deep
    deep = "[" * 1000 + "1" + "]" * 1000

    # when they are sent
    response = demo_hub.post(
        "/graphql",
        content=f'{{"query": "{QUERY}", "variables": {{"deep": {deep}}}}}',
        headers={"content-type": "application/json"},
    )

    # then the request is refused, saying how deep JSON may go
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert "nests deeper than 32" in error["message"]


def test_a_cross_site_get_without_a_preflight_is_refused(demo_hub: TestClient) -> None:
    # when a query comes as a plain GET, as a browser sends one from another site
    forged = demo_hub.get("/graphql", params={"query": QUERY})
    preflighted = demo_hub.get(
        "/graphql", params={"query": QUERY}, headers={"apollo-require-preflight": "true"}
    )

    # then it is refused, saying what to send; with Apollo's header it is answered
    assert forged.status_code == 400
    assert forged.json()["errors"][0]["extensions"]["code"] == "CSRF_PREVENTED"
    assert preflighted.status_code == 200
    assert preflighted.json()["data"] == {"network": {"name": "IFEX"}}


def test_a_mutation_over_get_is_refused(demo_hub: TestClient) -> None:
    # when a mutation is sent by GET
    response = demo_hub.get(
        "/graphql",
        params={
            "query": 'mutation { coSignStatement(input: {statementId: "x"}) { alreadySigned } }'
        },
        headers={"apollo-require-preflight": "true"},
    )

    # then it is not run
    assert response.status_code == 405


def test_a_request_running_too_long_is_stopped(demo_database_url: str) -> None:
    # given a hub that lets a request run a microsecond
    with hub_client(demo_database_url, max_execution_seconds=0.000001) as client:
        # when a query is sent
        response = client.post("/graphql", json={"query": QUERY})

    # then it is stopped, saying so
    assert response.status_code == 504
    assert response.json()["errors"][0]["extensions"]["code"] == "TIMEOUT"


def test_an_answer_to_a_request_error_has_no_data(demo_hub: TestClient) -> None:
    # when a query that does not validate is sent
    response = demo_hub.post(
        "/graphql",
        json={"query": "{ network { nope } }"},
        headers={"accept": "application/graphql-response+json"},
    )

    # then the answer is a request error: 400, errors, and no data at all
    assert response.status_code == 400
    assert "data" not in response.json()


DEEP = "[" * 1000 + "1" + "]" * 1000


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/graphql"),
        ("GET", "/graphql"),
        ("POST", "/subgraphs/network/graphql"),
        ("GET", "/subgraphs/campaigns/graphql"),
    ],
)
def test_variables_nested_a_thousand_deep_are_refused_on_every_graphql_route(
    demo_hub: TestClient, method: str, path: str
) -> None:
    # when variables nested a thousand deep are sent in a body or in the address
    if method == "POST":
        response = demo_hub.post(
            path,
            content=f'{{"query": "{QUERY}", "variables": {{"deep": {DEEP}}}}}',
            headers={"content-type": "application/json", "idempotency-key": "deep"},
        )
    else:
        response = demo_hub.get(
            path,
            params={"query": QUERY, "variables": f'{{"deep": {DEEP}}}'},
            headers={"apollo-require-preflight": "true"},
        )

    # then the request is refused, saying how deep JSON may go
    assert response.status_code == 400, response.text
    assert "nests deeper than 32" in response.json()["errors"][0]["message"]
