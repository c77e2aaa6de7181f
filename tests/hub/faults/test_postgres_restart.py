"""PostgreSQL restarted under load: while it is down the hub answers 503 with Retry-After
(``/ready`` too), and once it is back the hub serves again by itself, having lost nothing it
acknowledged.

The test runs a PostgreSQL server of its own (``private_postgres``): the shared one serves
other test runs and is never restarted.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.auth.tokens import statement_id
from tests.hub.faults.servers import PrivatePostgres, migrated_database, private_postgres
from tests.hub.faults.writers import CO_SIGN, DASHBOARD, Writers, build_writers, held, tokens
from tests.live import live_hub

pytestmark = pytest.mark.slow

SIGNERS, READERS, MEMBERS, STATEMENTS = 4, 2, 2, 300
DOWN_SECONDS = 1.5
RECOVERY_SECONDS = 15.0
"""How long after PostgreSQL is back the test waits for the hub to serve again (it takes
well under a second; the bound only keeps the test from running forever)."""
KINDS = ("read", "sign", "co-sign", "ready")
NOT_WRITTEN = "Nothing was written: try again in a moment."
GRAPHQL_RESPONSE = "application/graphql-response+json"


@dataclass
class Answer:
    kind: str
    """``read``, ``sign``, ``co-sign`` or ``ready``."""
    sent_at: float
    status: int
    retry_after: str | None
    body: dict[str, object]
    answered_at: float
    email: str = ""
    """Who signed: an e-mail address, or a member and a statement."""


@dataclass
class Traffic:
    answers: list[Answer] = field(default_factory=list)
    stopping_at: float = 0.0
    """When PostgreSQL was asked to stop."""
    stopped_at: float = 0.0
    """When PostgreSQL had stopped."""
    starting_at: float = 0.0
    """When PostgreSQL was being started again."""

    def during(self, kind: str) -> list[Answer]:
        return [
            a
            for a in self.answers
            if a.kind == kind and self.stopped_at <= a.sent_at and a.answered_at < self.starting_at
        ]

    def before(self, kind: str) -> list[Answer]:
        return [a for a in self.answers if a.kind == kind and a.answered_at < self.stopping_at]

    def recovered(self) -> bool:
        return self.answered_since(self.starting_at)

    def answered_since(self, moment: float) -> bool:
        """Whether each kind of request sent after ``moment`` has been answered 200."""
        after = [a for a in self.answers if a.sent_at > moment]
        return all(any(a.kind == kind and a.status == 200 for a in after) for kind in KINDS)


def _maybe_written(body: dict[str, object]) -> bool:
    errors = body.get("errors") or []
    return any(e["extensions"].get("maybeWritten") for e in errors)  # type: ignore[attr-defined,index]


def _body(response: httpx.Response) -> dict[str, object]:
    try:
        body = response.json()
    except ValueError:
        return {"text": response.text[:300]}
    return body if isinstance(body, dict) else {"json": body}


async def under_restart(
    base: str, server: PrivatePostgres, writers: Writers, member_tokens: list[str]
) -> Traffic:
    slug = writers.petition
    traffic = Traffic()
    stop = asyncio.Event()

    async def record(kind: str, response: httpx.Response, sent_at: float, email: str = "") -> None:
        traffic.answers.append(
            Answer(
                kind,
                sent_at,
                response.status_code,
                response.headers.get("retry-after"),
                _body(response),
                time.monotonic(),
                email,
            )
        )
        await asyncio.sleep(0.01)

    async def signer(http: httpx.AsyncClient, n: int) -> None:
        for k in range(1_000_000):
            if stop.is_set():
                return
            email, sent_at = f"signer{n}.{k}@example.org", time.monotonic()
            response = await http.post(
                f"/widgets/petitions/{slug}/signatures", json={"name": "A signer", "email": email}
            )
            await record("sign", response, sent_at, email)

    async def co_signer(http: httpx.AsyncClient, member: int) -> None:
        for statement in writers.statements:
            if stop.is_set():
                return
            sent_at = time.monotonic()
            response = await http.post(
                "/graphql",
                json={"query": CO_SIGN, "variables": {"id": statement_id(statement)}},
                headers={
                    "Accept": GRAPHQL_RESPONSE,
                    "Authorization": f"Bearer {member_tokens[member]}",
                },
            )
            await record("co-sign", response, sent_at, f"{member}:{statement}")

    async def reader(http: httpx.AsyncClient) -> None:
        while not stop.is_set():
            sent_at = time.monotonic()
            response = await http.post(
                "/graphql",
                json={"query": DASHBOARD, "variables": {"slug": slug}},
                headers={"Accept": GRAPHQL_RESPONSE},
            )
            await record("read", response, sent_at)

    async def readiness(http: httpx.AsyncClient) -> None:
        while not stop.is_set():
            sent_at = time.monotonic()
            await record("ready", await http.get("/ready"), sent_at)

    async def restart() -> None:
        try:
            # traffic flowing: every kind of request answered at least once
            deadline = time.monotonic() + RECOVERY_SECONDS
            while not traffic.answered_since(0.0) and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            traffic.stopping_at = time.monotonic()
            await asyncio.to_thread(server.stop)
            traffic.stopped_at = time.monotonic()
            await asyncio.sleep(DOWN_SECONDS)
            traffic.starting_at = time.monotonic()
            await asyncio.to_thread(server.start)
            deadline = time.monotonic() + RECOVERY_SECONDS
            while not traffic.recovered() and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            await asyncio.sleep(0.2)
        finally:
            stop.set()

    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        await asyncio.gather(
            restart(),
            readiness(http),
            *(signer(http, n) for n in range(SIGNERS)),
            *(reader(http) for _ in range(READERS)),
            *(co_signer(http, m) for m in range(MEMBERS)),
        )
    return traffic


def test_a_restarted_database_is_answered_503_and_recovered_from(tmp_path: Path) -> None:
    with private_postgres() as server:
        # given a hub on its own PostgreSQL, with an open petition and open statements
        url = migrated_database(server, "hub")
        writers = build_writers(url, MEMBERS, STATEMENTS)
        log = tmp_path / "hub.log"

        # when PostgreSQL is stopped for a while and started again, as people read and sign
        # and members co-sign
        with live_hub(url, log=log, signatures_per_address=1_000_000) as base:
            member_tokens = asyncio.run(tokens(base, writers))
            traffic = asyncio.run(under_restart(base, server, writers, member_tokens))
        signers = [a.email for a in traffic.answers if a.kind == "sign"]
        kept = held(url, writers.petition, signers)

    # then before the restart everything was answered
    for kind in KINDS:
        assert {a.status for a in traffic.before(kind)} == {200}, kind
    # and while it was down, reads, signatures and /ready were answered 503 with Retry-After
    for kind in KINDS:
        during = traffic.during(kind)
        assert during and {a.status for a in during} == {503}, (kind, during[:3])
        assert {a.retry_after for a in during} == {"1"}, kind
    assert {a.body["database"] for a in traffic.during("ready")} == {"unreachable"}
    graphql_codes = {
        error["extensions"]["code"]  # type: ignore[index]
        for a in [*traffic.during("read"), *traffic.during("co-sign")]
        for error in a.body["errors"]  # type: ignore[attr-defined]
    }
    assert graphql_codes == {"DATABASE_UNAVAILABLE"}
    # and every answer at any time was a 200 or a 503 that says when to come back
    assert {a.status for a in traffic.answers} <= {200, 503}
    assert all(a.retry_after == "1" for a in traffic.answers if a.status == 503)
    # and once it was back the hub served again by itself
    assert traffic.recovered()
    # and nothing it thanked anyone for is lost, nothing it said unwritten was written, and
    # the petition's count is its rows
    thanked = {a.email for a in traffic.answers if a.kind == "sign" and a.status == 200}
    not_written = {
        a.email
        for a in traffic.answers
        if a.kind == "sign" and a.status == 503 and a.body["error"]["message"] == NOT_WRITTEN  # type: ignore[index]
    }
    assert thanked <= set(kept.petition_emails)
    assert not (not_written & set(kept.petition_emails))
    assert (kept.petition_count, kept.petition_pending) == (0, len(kept.petition_emails))
    # and so for co-signatures: each acknowledged one is kept once, audited once, and none
    # said unwritten was written
    org = dict(enumerate(writers.organisations))

    def pair(answer: Answer) -> tuple[int, int]:
        member, statement = answer.email.split(":")
        return org[int(member)], int(statement)

    co_signed = {pair(a) for a in traffic.answers if a.kind == "co-sign" and a.status == 200}
    unwritten = {
        pair(a)
        for a in traffic.answers
        if a.kind == "co-sign" and a.status == 503 and not _maybe_written(a.body)
    }
    assert co_signed <= set(kept.co_signatures)
    assert not (unwritten & set(kept.co_signatures))
    assert len(kept.co_signatures) == len(set(kept.co_signatures)) == kept.co_sign_audits
    assert "Traceback" not in log.read_text()
    refused = [a for a in traffic.answers if a.status == 503]
    back = min(
        a.answered_at
        for a in traffic.answers
        if a.sent_at > traffic.starting_at and a.status == 200
    )
    print(
        f"\n{len(traffic.answers)} answers, {len(refused)} of them 503"
        f" ({', '.join(f'{k} {sum(a.kind == k for a in refused)}' for k in KINDS)});"
        f" {len(thanked)} signatures thanked and kept, {len(co_signed)} co-signatures"
        f" acknowledged and kept; PostgreSQL down"
        f" {traffic.starting_at - traffic.stopped_at:.1f} s; first 200 after its start"
        f" {back - traffic.starting_at:.2f} s"
    )
