"""Two thousand people signing one petition at once make one list: no fork, none lost."""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx

from tests.databases import BACKEND
from tests.hub.ledger.lists import verified
from tests.hub.widgets.petitions import build_widget_petitions, signatures_of
from tests.live import live_hubs

SIGNERS = 2000
CONNECTIONS = 100


def test_two_thousand_concurrent_signatures_make_one_chain(database_url: str) -> None:
    # given an open petition served by the hub (two replicas on PostgreSQL, which lock the
    # petition across processes; SQLite is served by one process)
    slug = build_widget_petitions(database_url).open
    replicas = 2 if BACKEND == "postgres" else 1
    with live_hubs(replicas, database_url, signatures_per_address=SIGNERS) as bases:

        async def crowd() -> list[int]:
            limits = httpx.Limits(max_connections=CONNECTIONS)
            # each signer waits for a free connection as long as it takes (the machine may
            # be busy): only the hub's answer is timed out
            timeout = httpx.Timeout(120, pool=None)
            async with httpx.AsyncClient(limits=limits, timeout=timeout) as client:

                async def sign(n: int) -> int:
                    answer = await client.post(
                        f"{bases[n % replicas]}/widgets/petitions/{slug}/signatures",
                        json={"name": f"Person {n}", "email": f"person{n}@example.org"},
                    )
                    return answer.status_code

                return await asyncio.gather(*(sign(n) for n in range(SIGNERS)))

        # when 2,000 people sign at once
        statuses = asyncio.run(crowd())

    # then every one is counted once, and the list is one chain of 2,000 that verifies
    assert Counter(statuses) == {200: SIGNERS}
    count, rows, _ = signatures_of(database_url, slug)
    assert count == rows == SIGNERS
    verdict = verified(database_url, "petition", slug)
    assert verdict.holds, verdict.problems[:5]
    assert verdict.entries == SIGNERS
