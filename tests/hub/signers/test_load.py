"""2,000 people sign one petition at once through a live hub and confirm from their mails:
exactly 2,000 are counted, each mailed once, and the petition's list is one chain of 2,000
that verifies (two replicas on PostgreSQL, which lock the petition across processes; SQLite
is served by one). Loopback only, at most 100 connections at a time."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import httpx

from hub.mail.sink import MailSink
from tests.databases import BACKEND
from tests.hub.ledger.lists import verified
from tests.hub.mail.sinks import mail_sink
from tests.hub.signers.mails import links_in
from tests.hub.widgets.petitions import build_widget_petitions, signatures_of
from tests.live import live_hubs

SIGNERS = 2_000
CONNECTIONS = 100


async def all_at_once(
    bases: list[str], requests: list[tuple[str, dict[str, str] | None]]
) -> list[int]:
    """POST every (path, JSON body) at once over at most CONNECTIONS connections, to the
    replicas in turn."""
    # a connection idle for 2 s is not used again: the server closes idle ones after 5 s,
    # and a request sent on one it just closed would fail without reaching it
    limits = httpx.Limits(max_connections=CONNECTIONS, keepalive_expiry=2.0)
    # each request may wait its turn as long as it takes; once sent, it is answered within
    # two minutes. The turns are kept here: httpx's pool looks through every request queued
    # in it for each one it sends, which for thousands queued costs the client more than the
    # hub spends answering them.
    timeout = httpx.Timeout(120, pool=None)
    turns = asyncio.Semaphore(CONNECTIONS)

    async def post(http: httpx.AsyncClient, url: str, body: dict[str, str] | None) -> int:
        async with turns:
            return (await http.post(url, json=body)).status_code

    async with httpx.AsyncClient(timeout=timeout, limits=limits) as http:
        return await asyncio.gather(
            *(
                post(http, f"{bases[n % len(bases)]}{path}", body)
                for n, (path, body) in enumerate(requests)
            )
        )


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
    }
    with (
        mail_sink(tmp_path / "sink") as sink,
        live_hubs(replicas, database_url, smtp_port=sink.port, **settings) as bases,
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
        assert signed == [200] * SIGNERS
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
    assert confirmed == [200] * (SIGNERS + 100)
    assert counts == [SIGNERS] * replicas
    count, rows, kept = signatures_of(database_url, slug)
    assert count == rows == SIGNERS
    assert {row.status.value for row in kept} == {"confirmed"}
    verdict = verified(database_url, "petition", slug)
    assert verdict.holds, verdict.problems[:5]
    assert verdict.entries == SIGNERS
