"""Member writes that meet the database away: told to retry, with a code, and logged once."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from starlette.testclient import TestClient

from schema.unavailable import NOT_WRITTEN
from tests.auth.network import AuthNetwork, Statements, build_auth_network, build_statements
from tests.auth.tokens import client_credentials, statement_id
from tests.conftest import hub_client
from tests.databases import BACKEND, fill
from tests.terminations import CUT, cut_connections_writing, stop_cutting_connections

pytestmark = pytest.mark.skipif(BACKEND != "postgres", reason="connections are lost on a server")

CO_SIGN = """mutation($id: ID!, $by: String!) {
  coSignStatement(input: {statementId: $id, signedBy: $by}) {
    alreadySigned
    errors { code field message }
  }
}"""


@dataclass
class Member:
    client: TestClient
    statement: str
    token: str

    def co_sign(self, signed_by: str, **headers: str) -> httpx.Response:
        response: httpx.Response = self.client.post(
            "/graphql",
            json={"query": CO_SIGN, "variables": {"id": self.statement, "by": signed_by}},
            headers={"Authorization": f"Bearer {self.token}", **headers},
        )
        return response


@pytest.fixture
def member(database_url: str) -> Iterator[Member]:
    """A member allowed to co-sign an open statement, signed in through its own system."""
    network, statements = AuthNetwork(), Statements()

    async def build() -> None:
        await build_auth_network(network, scopes="statements:sign")
        await build_statements(network, statements)

    fill(database_url, build)
    with hub_client(database_url) as client:
        a = network.members[0]
        token = client_credentials(client, a.client_id, a.client_secret)
        yield Member(client, statement_id(statements.open), token)


def warnings_of_the_hub(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.name.startswith("hub") and record.levelno >= logging.WARNING
    ]


def test_a_co_signature_that_loses_the_database_is_told_to_retry(
    member: Member, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    # given a database that loses the connection of the transaction writing a co-signature
    asyncio.run(cut_connections_writing(database_url, "statement_signature", "signed_by"))

    # when a member co-signs
    with caplog.at_level(logging.WARNING):
        cut = member.co_sign(CUT)

    # then it is told, with a code, that nothing was written and when to try again
    assert cut.status_code == 200
    (error,) = cut.json()["errors"]
    assert error["message"] == NOT_WRITTEN
    assert error["path"] == ["coSignStatement"]
    assert error["extensions"] == {
        "code": "DATABASE_UNAVAILABLE",
        "retryable": True,
        "retryAfterSeconds": 1,
        "maybeWritten": False,
    }
    # and the hub's log says it once, in one line
    (told,) = warnings_of_the_hub(caplog)
    assert told.startswith("GraphQL field coSignStatement met the database away")

    # and its next write is made, on a fresh connection
    again = member.co_sign("Director")
    assert again.json()["data"]["coSignStatement"] == {"alreadySigned": False, "errors": []}


def test_a_retry_with_the_same_idempotency_key_runs_again(
    member: Member, database_url: str
) -> None:
    # given a co-signature sent with an Idempotency-Key, which lost the database
    asyncio.run(cut_connections_writing(database_url, "statement_signature", "signed_by"))
    key = {"Idempotency-Key": "co-sign-once"}
    cut = member.co_sign(CUT, **key)
    assert cut.json()["errors"][0]["extensions"]["code"] == "DATABASE_UNAVAILABLE"

    # when the database is back and the member retries with the same key and body
    asyncio.run(stop_cutting_connections(database_url, "statement_signature"))
    retry = member.co_sign(CUT, **key)
    replay = member.co_sign(CUT, **key)

    # then the retry is run, not answered the failure again; its answer is the one kept
    assert "idempotent-replayed" not in retry.headers
    assert retry.json()["data"]["coSignStatement"] == {"alreadySigned": False, "errors": []}
    assert replay.headers["idempotent-replayed"] == "true"
    assert replay.content == retry.content


def test_a_request_that_meets_the_database_away_before_graphql_is_told_to_retry(
    member: Member, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    # given a database that loses the connection recording an Idempotency-Key
    asyncio.run(cut_connections_writing(database_url, "idempotent_response", "key"))

    # when a member's write with such a key arrives
    with caplog.at_level(logging.WARNING):
        cut = member.co_sign("Director", **{"Idempotency-Key": CUT})

    # then it is answered 503, when to come back, and a code, instead of a server error
    assert cut.status_code == 503
    assert cut.headers["retry-after"] == "1"
    (error,) = cut.json()["errors"]
    assert error["extensions"]["code"] == "DATABASE_UNAVAILABLE"
    (told,) = warnings_of_the_hub(caplog)
    assert told.startswith("POST /graphql met the database away")

    # and nothing was written: the same write without a key is the first co-signature
    again = member.co_sign("Director")
    assert again.json()["data"]["coSignStatement"] == {"alreadySigned": False, "errors": []}
