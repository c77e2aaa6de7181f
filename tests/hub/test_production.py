"""Production mode: what helps a developer and an attacker alike is off."""

from __future__ import annotations

import logging

import pytest
from pydantic import ValidationError
from starlette.testclient import TestClient

from hub.settings import Settings
from tests.conftest import hub_client

INTROSPECTION = "{ __schema { queryType { name } } }"
MISSPELT = '{ organisation(slug: "x") { slg } }'


def production(url: str, **settings: object) -> TestClient:
    return hub_client(url, env="production", issuer="https://hub.example.org", **settings)


def test_production_turns_off_introspection_suggestions_and_graphiql(
    demo_database_url: str,
) -> None:
    # when a production hub is introspected, misspelt and asked for GraphiQL
    with production(demo_database_url) as client:
        introspected = client.post("/graphql", json={"query": INTROSPECTION}).json()
        misspelt = client.post("/graphql", json={"query": MISSPELT})
        ide = client.get("/graphql", headers={"accept": "text/html"})

    # then none of it is there
    assert "introspection" in introspected["errors"][0]["message"].lower()
    message = misspelt.json()["errors"][0]["message"]
    assert "Cannot query field 'slg'" in message and "Did you mean" not in message
    assert "graphiql" not in ide.text.lower()


def test_development_keeps_them_and_settings_can_turn_them_on(demo_database_url: str) -> None:
    with hub_client(demo_database_url) as client:
        developing = client.post("/graphql", json={"query": MISSPELT})
    with production(demo_database_url, introspection=True) as client:
        introspected = client.post("/graphql", json={"query": INTROSPECTION}).json()

    assert "Did you mean 'slug'?" in developing.json()["errors"][0]["message"]
    assert introspected["data"] == {"__schema": {"queryType": {"name": "Query"}}}


def test_production_needs_its_issuer() -> None:
    # when a production hub is configured without saying where clients reach it
    with pytest.raises(ValidationError) as refused:
        Settings(env="production")

    # then it refuses to start, saying what to set
    assert "HUB_ISSUER must be set in production" in str(refused.value)


def test_html_pages_carry_a_policy_and_every_answer_nosniff(demo_database_url: str) -> None:
    # when a production hub serves an HTML page (the consent page's refusal) and JSON
    with production(demo_database_url) as client:
        page = client.get("/oauth/authorize")
        answer = client.post("/graphql", json={"query": "{ network { name } }"})

    # then the page may be framed by nobody and loads nothing from elsewhere
    assert page.headers["content-type"].startswith("text/html")
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert answer.headers["x-content-type-options"] == "nosniff"


def test_a_fault_is_masked_with_a_reference_found_in_the_log(
    demo_database_url: str, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a read that fails inside the server
    import schema.reads.plans

    async def broken(*_args: object) -> list[str]:
        raise RuntimeError("the database's secret insides")

    monkeypatch.setattr(schema.reads.plans, "run", broken)
    monkeypatch.setattr("schema.reads.roots.run", broken)

    # when it is asked for
    with caplog.at_level(logging.ERROR), production(demo_database_url) as client:
        body = client.post("/graphql", json={"query": "{ network { name } }"}).json()

    # then the client reads no insides, and a reference the log holds with the fault
    (error,) = body["errors"]
    reference = error["extensions"]["reference"]
    assert "secret" not in error["message"] and reference in error["message"]
    assert any(reference in record.getMessage() for record in caplog.records)
    assert any("secret insides" in str(record.exc_info) for record in caplog.records)
