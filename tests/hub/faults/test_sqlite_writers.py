"""SQLite writers wait for each other: a concurrent burst of mixed writes (members co-signing
and filing alerts, people signing a petition) is answered without "database is locked", in
one hub process and with a second process writing to the same file (a replica, or a
``hub`` command run beside the server)."""

from __future__ import annotations

import asyncio
from contextlib import nullcontext
from pathlib import Path

import pytest

from tests.databases import BACKEND
from tests.hub.faults.servers import hub_process
from tests.hub.faults.writers import (
    Outcomes,
    build_writers,
    burst,
    co_sign,
    co_signed,
    file_alert,
    filed,
    held,
    sign,
    signed,
    tokens,
)

pytestmark = pytest.mark.skipif(BACKEND != "sqlite", reason="SQLite's own locking")

MEMBERS, STATEMENTS, SIGNERS, ALERTS = 4, 6, 60, 24
SETTINGS = {"signatures_per_address": 1_000_000}


@pytest.mark.parametrize("processes", [1, 2])
def test_a_burst_of_mixed_writes_never_meets_a_locked_database(
    database_url: str, tmp_path: Path, processes: int
) -> None:
    # given members, open statements and an open petition, served by one or two processes
    writers = build_writers(database_url, MEMBERS, STATEMENTS)
    pairs = [(m, s) for m in range(MEMBERS) for s in writers.statements]
    emails = [f"signer{n}@example.org" for n in range(SIGNERS)]
    titles = [(n % MEMBERS, f"Reporter attacked, report {n}") for n in range(ALERTS)]
    log = tmp_path / "hub.log"

    with hub_process(database_url, log, **SETTINGS) as first:
        settings = {**SETTINGS, "issuer": first.base}
        with (
            hub_process(database_url, log, **settings)
            if processes == 2
            else nullcontext(first) as second
        ):
            member_tokens = asyncio.run(tokens(first.base, writers))

            # when all of them write at once, each kind of write sent to both processes
            async def all_at_once() -> list[Outcomes]:
                halves = [first.base, second.base]
                return list(
                    await asyncio.gather(
                        *(
                            burst(halves[i], pairs[i::2], co_sign(member_tokens), co_signed, 4)
                            for i in range(2)
                        ),
                        *(
                            burst(halves[i], emails[i::2], sign(writers.petition), signed, 4)
                            for i in range(2)
                        ),
                        *(
                            burst(halves[i], titles[i::2], file_alert(member_tokens), filed, 4)
                            for i in range(2)
                        ),
                    )
                )

            outcomes = asyncio.run(all_at_once())

    # then every write was acknowledged, none refused, and nothing said the database was locked
    refused = [r for o in outcomes for r in o.refused]
    assert refused == [], refused[:5]
    assert all(o.unanswered == [] for o in outcomes)
    assert "locked" not in log.read_text()
    # and the database holds each write once
    kept = held(database_url, writers.petition, emails)
    assert len(kept.co_signatures) == len(pairs) == kept.co_sign_audits
    assert sorted(kept.petition_emails) == sorted(emails)
    assert (kept.petition_count, kept.petition_pending) == (0, SIGNERS)
    assert sorted(kept.alert_titles) == sorted(title for _, title in titles)
