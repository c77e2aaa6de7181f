"""2,000 people sign one petition at once through a live hub and confirm from their mails:
exactly 2,000 are counted, each mailed once, and the petition's list is one chain of 2,000
that verifies (two replicas on PostgreSQL, which lock the petition across processes; SQLite
is served by one). Loopback only, at most 100 connections at a time."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from hub.mail.sink import MailSink
from tests.databases import BACKEND
from tests.hub.ledger.lists import verified
from tests.hub.mail.sinks import mail_sink
from tests.hub.signers.mails import links_in
from tests.hub.widgets.petitions import build_widget_petitions, signatures_of
from tests.live import live_hubs

pytestmark = pytest.mark.slow

SIGNERS = 2_000
CONNECTIONS = 100
KEEP_ALIVE = 60


@dataclass(frozen=True)
class Replica:
    """A replica's own client, and its turns: as many as the client's connections."""

    http: httpx.AsyncClient
    turns: asyncio.Semaphore


async def all_at_once(
    bases: list[str], requests: list[tuple[str, dict[str, str] | None]]
) -> Counter[int | str]:
    """POST every (path, JSON body) at once, to the replicas in turn, over at most
    CONNECTIONS connections shared between them; how many were answered with each status,
    or failed with each error."""
    # Each replica has a client of its own, and never more requests in flight than
    # connections: so the client's pool never closes a connection to make room for
    # another replica's, nor for having sat idle. httpcore's pool can close a connection it
    # has already given to a waiting request (encode/httpcore#1110), which the request then
    # meets as a ReadError and the hub as a signer gone half-way through the body. The
    # servers keep idle connections for a minute (KEEP_ALIVE): none sits that long here.
    share = CONNECTIONS // len(bases)
    limits = httpx.Limits(
        max_connections=share, max_keepalive_connections=share, keepalive_expiry=None
    )
    # each request may wait its turn as long as it takes; once sent, it is answered within
    # two minutes. The turns are kept here: httpx's pool looks through every request queued
    # in it for each one it sends, which for thousands queued costs the client more than the
    # hub spends answering them.
    timeout = httpx.Timeout(120, pool=None)

    async def post(replica: Replica, path: str, body: dict[str, str] | None) -> int | str:
        async with replica.turns:
            try:
                return (await replica.http.post(path, json=body)).status_code
            except httpx.TransportError as error:
                return type(error).__name__

    async with AsyncExitStack() as stack:
        replicas = [
            Replica(
                await stack.enter_async_context(
                    httpx.AsyncClient(base_url=base, timeout=timeout, limits=limits)
                ),
                asyncio.Semaphore(share),
            )
            for base in bases
        ]
        return Counter(
            await asyncio.gather(
                *(
                    post(replicas[n % len(replicas)], path, body)
                    for n, (path, body) in enumerate(requests)
                )
            )
        )


def warnings_in(log: Path) -> list[str]:
    """What the servers logged above INFO (the first 20 lines of it): why a request failed,
    where they saw it."""
    return [line for line in log.read_text().splitlines() if " INFO " not in line][:20]


def wait_for_count(sink: MailSink, count: int, seconds: float = 300.0) -> None:
    ends = time.monotonic() + seconds
    while sink.count() < count and time.monotonic() < ends:
        time.sleep(0.5)
    assert sink.count() == count


def card_count(base: str, slug: str, expected: int, seconds: float = 30.0) -> int:
    """The count a replica's card shows, once it shows ``expected`` (another replica's
    confirmations reach it by event) or the time is up."""
    ends = time.monotonic() + seconds
    while True:
        count = int(httpx.get(f"{base}/widgets/petitions/{slug}").json()["signatureCount"])
        if count == expected or time.monotonic() > ends:
            return count
        time.sleep(0.2)


def test_two_thousand_signers_confirming_at_once_are_counted_exactly(
    database_url: str, tmp_path: Path
) -> None:
    slug = build_widget_petitions(database_url).open
    replicas = 2 if BACKEND == "postgres" else 1
    settings = {
        "outbox_sender": True,
        "signatures_per_address": SIGNERS * 2,  # all of them come from 127.0.0.1
        "outbox_poll_seconds": 0.5,
        "keep_alive_seconds": KEEP_ALIVE,
    }
    log = tmp_path / "hubs.log"
    with (
        mail_sink(tmp_path / "sink") as sink,
        live_hubs(replicas, database_url, log=log, smtp_port=sink.port, **settings) as bases,
    ):
        # given 2,000 people signing at once
        started = time.monotonic()
        signed = asyncio.run(
            all_at_once(
                bases,
                [
                    (
                        f"/widgets/petitions/{slug}/signatures",
                        {"name": f"Person {n}", "email": f"person{n}@example.org"},
                    )
                    for n in range(SIGNERS)
                ],
            )
        )
        assert signed == {200: SIGNERS}, warnings_in(log)
        print(f"\n{SIGNERS} signed in {time.monotonic() - started:.1f} s", end=" ")
        # when each confirms from their mail (each mailed once, whichever replica sent it),
        # at once, and 100 of them twice
        wait_for_count(sink, SIGNERS)
        print(f"mailed by {time.monotonic() - started:.1f} s", end=" ")
        links = [links_in(mail)["confirm"] for mail in sink.received()]
        assert len(set(links)) == SIGNERS
        confirmed = asyncio.run(
            all_at_once(bases, [(link, None) for link in [*links, *links[:100]]])
        )
        counts = [card_count(base, slug, SIGNERS) for base in bases]
        print(f"confirmed by {time.monotonic() - started:.1f} s")

    # then every one was confirmed, and exactly 2,000 are counted, on every replica's card,
    # at rest, and in one chain of 2,000 entries that verifies
    assert confirmed == {200: SIGNERS + 100}, warnings_in(log)
    assert counts == [SIGNERS] * replicas
    count, rows, kept = signatures_of(database_url, slug)
    assert count == rows == SIGNERS
    assert {row.status.value for row in kept} == {"confirmed"}
    verdict = verified(database_url, "petition", slug)
    assert verdict.holds, verdict.problems[:5]
    assert verdict.entries == SIGNERS
