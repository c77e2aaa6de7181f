"""Signing while PostgreSQL ends the hub's connections, as a failover or a restart does."""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import httpx
import pytest

from tests.databases import BACKEND, POSTGRES_URL
from tests.hub.widgets.petitions import (
    address_hashes,
    build_widget_petitions,
    confirm_all,
    signatures_of,
)
from tests.live import live_hub
from tests.terminations import terminate_backends

pytestmark = pytest.mark.skipif(BACKEND != "postgres", reason="connections are lost on a server")

SIGNERS = 16
TERMINATIONS = 5
GIVE_UP = 15.0
"""Seconds after a termination past which the hub is taken never to thank a signer again: a
bound that lets the test end, not a speed it asserts (`bench/` measures speed)."""

NOT_WRITTEN = "Nothing was written: try again in a moment."
MAYBE_WRITTEN = "The signature may not have been saved: send it again in a moment."
REFUSED_BATCH = re.compile(r"Refused a batch of (\d+) petition signatures")


@dataclass
class Answer:
    email: str
    sent_at: float
    status: int
    retry_after: str | None
    message: str | None


@dataclass
class Burst:
    answers: list[Answer] = field(default_factory=list)
    terminated: list[int] = field(default_factory=list)
    """How many of the hub's backends each termination ended."""
    recovered_after: list[float] = field(default_factory=list)
    """Seconds from each termination to the first thanks for a signature sent after it, or
    infinity where none came; printed, not asserted."""

    def thanked_since(self, moment: float) -> bool:
        return any(a.status == 200 and a.sent_at >= moment for a in self.answers)


async def sign_and_terminate(base: str, slug: str, database_url: str) -> Burst:
    """16 signers signing back to back, each from its own address, while the hub's backends
    are terminated five times."""
    burst = Burst()
    stop = asyncio.Event()

    async def signer(http: httpx.AsyncClient, n: int) -> None:
        for k in range(1_000_000):
            if stop.is_set():
                return
            email = f"signer{n}.{k}@example.org"
            sent_at = time.monotonic()
            response = await http.post(
                f"/widgets/petitions/{slug}/signatures",
                json={"name": f"Signer {n}", "email": email},
                headers={"x-forwarded-for": f"10.16.0.{n}"},
            )
            message = response.json()["error"]["message"] if response.status_code != 200 else None
            retry_after = response.headers.get("retry-after")
            burst.answers.append(Answer(email, sent_at, response.status_code, retry_after, message))

    async def terminations() -> None:
        admin = await asyncpg.connect(POSTGRES_URL)
        try:
            for _ in range(TERMINATIONS):
                await asyncio.sleep(0.3)  # signing at full speed meanwhile
                burst.terminated.append(await terminate_backends(admin, database_url))
                ended_at = time.monotonic()
                while not burst.thanked_since(ended_at):
                    if time.monotonic() - ended_at > GIVE_UP:
                        burst.recovered_after.append(float("inf"))
                        break
                    await asyncio.sleep(0.005)
                else:
                    burst.recovered_after.append(time.monotonic() - ended_at)
        finally:
            stop.set()
            await admin.close()

    limits = httpx.Limits(max_connections=SIGNERS)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as http:
        await asyncio.gather(*(signer(http, n) for n in range(SIGNERS)), terminations())
    return burst


def test_signers_lose_at_most_the_batch_each_termination_cuts(
    database_url: str, tmp_path: Path
) -> None:
    # given a live hub on PostgreSQL, and an open petition
    slug = build_widget_petitions(database_url).open
    log = tmp_path / "hub.log"

    # when 16 people sign back to back while the hub's backends are terminated five times
    with live_hub(database_url, log=log, signatures_per_address=1_000_000) as base:
        burst = asyncio.run(sign_and_terminate(base, slug, database_url))
    logged = log.read_text()

    # then each termination ended the hub's connections, and after each the hub thanked a
    # signature sent after it before the next termination came
    assert len(burst.terminated) == TERMINATIONS and min(burst.terminated) >= 1
    assert len(burst.recovered_after) == TERMINATIONS
    assert float("inf") not in burst.recovered_after, burst.recovered_after
    # and the only refusals were of signatures in flight when a termination came: whole
    # batches, at most one per termination, each told once in the log, and now and then a
    # signature cut before its batch (its keys or petition being read: nothing written);
    # their signers were told to send again in a second
    refused = [a for a in burst.answers if a.status != 200]
    assert {(a.status, a.retry_after) for a in refused} <= {(503, "1")}
    batches = [int(size) for size in REFUSED_BATCH.findall(logged)]
    assert len(batches) <= TERMINATIONS
    assert sum(batches) <= len(refused) <= TERMINATIONS * SIGNERS
    assert all(size <= SIGNERS for size in batches)
    # and every thanked signature is kept once, none said unwritten is kept, and the
    # petition's count is its rows
    confirm_all(database_url, slug)
    count, rows, kept = signatures_of(database_url, slug)
    assert count == rows
    hashes = [row.email_hash for row in kept]
    assert len(hashes) == len(set(hashes))
    thanked = {a.email for a in burst.answers if a.status == 200}
    not_written = {a.email for a in refused if a.message == NOT_WRITTEN}
    maybe_written = {a.email for a in refused if a.message == MAYBE_WRITTEN}
    assert not_written | maybe_written == {a.email for a in refused}
    assert (
        address_hashes(database_url, *thanked)
        <= set(hashes)
        <= address_hashes(database_url, *thanked, *maybe_written)
    )
    # and no task failed unheard, nor anything else with a stack trace
    assert "Traceback" not in logged
    assert "never retrieved" not in logged
    print(
        f"\n{len(burst.answers)} signatures, {len(thanked)} thanked, {len(refused)} refused in"
        f" {len(batches)} batches {batches} ({len(maybe_written)} maybe written);"
        f" terminated {burst.terminated};"
        f" thanked again after {[round(s, 3) for s in burst.recovered_after]} s"
    )
