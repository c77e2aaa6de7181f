"""Two organisations co-sign the same statement 100 times each, all at once, over HTTP."""

from __future__ import annotations

import asyncio

import httpx

from tests.auth.network import AuthNetwork, Statements, build_auth_network, build_statements
from tests.auth.test_co_signing import CO_SIGN
from tests.auth.tokens import statement_id
from tests.databases import fill
from tests.live import live_hub

ATTEMPTS = 100


async def co_sign_many(base: str, network: AuthNetwork, key: int) -> list[dict]:
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        tokens = []
        for member in network.members:
            response = await http.post(
                "/oauth/token",
                data={"grant_type": "client_credentials"},
                auth=(member.client_id, member.client_secret),
            )
            tokens.append(response.json()["access_token"])
        requests = [
            http.post(
                "/graphql",
                json={"query": CO_SIGN, "variables": {"id": statement_id(key)}},
                headers={"Authorization": f"Bearer {token}"},
            )
            for _ in range(ATTEMPTS)
            for token in tokens
        ]
        responses = await asyncio.gather(*requests)
    assert {r.status_code for r in responses} == {200}
    return [r.json()["data"]["coSignStatement"] for r in responses]


def test_concurrent_co_signs_make_exactly_one_signature_each(database_url: str) -> None:
    # given two members and an open statement
    network, statements = AuthNetwork(), Statements()

    async def build() -> None:
        await build_auth_network(network)
        await build_statements(network, statements)

    fill(database_url, build)

    # when each co-signs it 100 times concurrently
    with live_hub(database_url) as base:
        answers = asyncio.run(co_sign_many(base, network, statements.open))

    # then every answer is a success naming the signer, exactly one per organisation is new
    slugs = [m.slug for m in network.members]
    assert all(a["errors"] == [] for a in answers)
    signers = [a["signature"]["organisation"]["slug"] for a in answers]
    assert sorted(set(signers)) == sorted(slugs)
    assert all(signers.count(slug) == ATTEMPTS for slug in slugs)
    assert sum(1 for a in answers if not a["alreadySigned"]) == 2

    # and the database holds two signatures and two audit entries
    counted: dict[str, int] = {}

    async def count() -> None:
        from hub.models import AuditEntry, StatementSignature

        counted["signatures"] = await StatementSignature.filter(
            statement_id=statements.open
        ).count()
        counted["audit"] = await AuditEntry.filter(action="statement.co_sign").count()

    fill(database_url, count)
    assert counted == {"signatures": 2, "audit": 2}
