"""GraphQL over HTTP: media types and status codes."""

from __future__ import annotations

from hub.graphql_view import status_of
from tests.conftest import GraphQLClient

WANTS_GRAPHQL_RESPONSE = {"Accept": "application/graphql-response+json"}
CO_SIGN = 'mutation { coSignStatement(input: {statementId: "x"}) { errors { code } } }'


def test_graphql_response_json_is_served_when_asked(demo: GraphQLClient) -> None:
    response = demo.client.post(
        "/graphql", json={"query": "{ network { name } }"}, headers=WANTS_GRAPHQL_RESPONSE
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/graphql-response+json")


def test_a_request_that_cannot_execute_is_a_400(demo: GraphQLClient) -> None:
    response = demo.client.post(
        "/graphql", json={"query": "{ network { nosuchfield } }"}, headers=WANTS_GRAPHQL_RESPONSE
    )
    assert response.status_code == 400
    assert "nosuchfield" in response.json()["errors"][0]["message"]


def test_an_anonymous_write_is_a_401(demo: GraphQLClient) -> None:
    anonymous = demo.client.post(
        "/graphql", json={"query": CO_SIGN}, headers=WANTS_GRAPHQL_RESPONSE
    )
    assert anonymous.status_code == 401
    assert anonymous.headers["www-authenticate"].startswith("Bearer")
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_plain_json_clients_keep_getting_200(demo: GraphQLClient) -> None:
    response = demo.client.post("/graphql", json={"query": CO_SIGN})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")


def test_a_write_refused_for_a_missing_scope_is_a_403() -> None:
    body = {
        "data": None,
        "errors": [
            {"message": "…", "path": ["coSignStatement"], "extensions": {"code": "FORBIDDEN"}}
        ],
    }
    assert status_of(body) == 403


def test_a_field_error_beside_data_is_a_200() -> None:
    body = {"data": {"a": None}, "errors": [{"message": "…", "path": ["a"]}]}
    assert status_of(body) == 200
