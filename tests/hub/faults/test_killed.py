"""The hub killed (SIGKILL) in the middle of a burst of writes loses nothing it acknowledged
and doubles nothing: restarted on the same database, it holds every acknowledged write once,
and the clients' retries of the writes never answered complete the rest, each once.

On SQLite, and on PostgreSQL with ``HUB_TEST_POSTGRES_URL``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.hub.faults.servers import HubProcess, hub_process
from tests.hub.faults.writers import (
    Acknowledged,
    Outcomes,
    Send,
    build_writers,
    burst,
    co_sign,
    co_signed,
    held,
    sign,
    signed,
    tokens,
)
from tests.hub.widgets.petitions import confirm_all

MEMBERS, STATEMENTS = 6, 10
SIGNERS = 200
KILL_AFTER = 20
"""Acknowledged writes before the kill: the burst is well under way, and far from done."""
SETTINGS = {"signatures_per_address": 1_000_000}
"""Every signer of the test comes from 127.0.0.1."""


def burst_then_kill(
    hub: HubProcess, writes: list[Any], send: Send, acknowledged: Acknowledged
) -> Outcomes:
    """Send the writes 8 at a time, and SIGKILL the hub once KILL_AFTER were acknowledged."""
    outcomes = Outcomes()

    async def run() -> None:
        sending = asyncio.create_task(
            burst(hub.base, writes, send, acknowledged, outcomes=outcomes)
        )
        while len(outcomes.acknowledged) < KILL_AFTER and not sending.done():
            await asyncio.sleep(0.001)
        hub.kill()  # at once, the loop held: the requests in flight stay in flight
        await sending

    asyncio.run(run())
    return outcomes


def restarted(
    database_url: str, log: Path, issuer: str, work: Callable[[HubProcess], Outcomes]
) -> Outcomes:
    with hub_process(database_url, log, issuer=issuer, **SETTINGS) as hub:
        return work(hub)


def test_co_signatures_acknowledged_before_a_kill_are_kept_once(
    database_url: str, tmp_path: Path
) -> None:
    # given members co-signing open statements, each pair once, on a live hub
    writers = build_writers(database_url, MEMBERS, STATEMENTS)
    pairs = [(m, s) for m in range(MEMBERS) for s in writers.statements]
    log = tmp_path / "hub.log"

    # when the hub is killed in the middle of the burst
    with hub_process(database_url, log, **SETTINGS) as hub:
        issuer = hub.base  # the restarted hub takes the same tokens
        member_tokens = asyncio.run(tokens(hub.base, writers))
        during = burst_then_kill(hub, pairs, co_sign(member_tokens), co_signed)

    # then the burst was cut: some writes were acknowledged, some never answered
    assert len(during.acknowledged) >= KILL_AFTER and during.unanswered, during
    assert during.refused == []

    # and, restarted on the same database, the hub holds each acknowledged one once
    before_retries = held(database_url, writers.petition)
    rows = before_retries.co_signatures
    assert len(rows) == len(set(rows))
    org = dict(enumerate(writers.organisations))
    acknowledged = {(org[m], s) for m, s in during.acknowledged}
    assert acknowledged <= set(rows) <= {(org[m], s) for m, s in pairs}
    # and each row was audited once, in its own transaction: none half written
    assert before_retries.co_sign_audits == len(rows)

    # when the clients send again what was never answered
    after = restarted(
        database_url,
        log,
        issuer,
        lambda hub: asyncio.run(
            burst(hub.base, during.unanswered, co_sign(member_tokens), co_signed)
        ),
    )

    # then every retry is acknowledged, and every pair is one signature, audited once
    assert after.refused == [] and after.unanswered == []
    final = held(database_url, writers.petition)
    assert sorted(final.co_signatures) == sorted({(org[m], s) for m, s in pairs})
    assert final.co_sign_audits == len(pairs)
    assert "Traceback" not in log.read_text()
    print(_summary(during, before_retries.co_signatures, len(pairs)))


def test_petition_signatures_acknowledged_before_a_kill_are_kept_once(
    database_url: str, tmp_path: Path
) -> None:
    # given people signing a petition from its widget, each once, on a live hub
    writers = build_writers(database_url, 1, 0)
    emails = [f"signer{n}@example.org" for n in range(SIGNERS)]
    log = tmp_path / "hub.log"

    # when the hub is killed in the middle of the burst
    with hub_process(database_url, log, **SETTINGS) as hub:
        issuer = hub.base
        during = burst_then_kill(hub, emails, sign(writers.petition), signed)

    # then the burst was cut
    assert len(during.acknowledged) >= KILL_AFTER and during.unanswered, during
    assert during.refused == []

    # and every thanked signer's signature is kept, once, waiting for its confirmation
    before_retries = held(database_url, writers.petition, emails)
    kept = before_retries.petition_emails
    assert len(kept) == len(set(kept))
    assert set(during.acknowledged) <= set(kept) <= set(emails)
    assert (before_retries.petition_count, before_retries.petition_pending) == (0, len(kept))

    # when the signers never answered send again
    after = restarted(
        database_url,
        log,
        issuer,
        lambda hub: asyncio.run(burst(hub.base, during.unanswered, sign(writers.petition), signed)),
    )

    # then each is thanked, and the petition holds every signer once; once they confirm,
    # each is counted once
    assert after.refused == [] and after.unanswered == []
    assert sorted(held(database_url, writers.petition, emails).petition_emails) == sorted(emails)
    assert confirm_all(database_url, writers.petition) == SIGNERS
    final = held(database_url, writers.petition, emails)
    assert (final.petition_count, final.petition_pending) == (SIGNERS, 0)
    assert "Traceback" not in log.read_text()
    print(_summary(during, kept, SIGNERS))


def _summary(during: Outcomes, kept: list[Any], writes: int) -> str:
    return (
        f"\n{writes} writes: {len(during.acknowledged)} acknowledged before the kill,"
        f" {len(during.unanswered)} never answered, {len(kept)} rows after the restart"
        f" ({len(kept) - len(during.acknowledged)} written but never acknowledged)"
    )
