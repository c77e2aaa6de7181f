"""The write scenario: members co-signing joint statements at a fixed concurrency, every
signature counted afterwards: none lost, none counted twice.

Before the run the bench opens statements of its own (open to every member) and registers
one OAuth client per member, whose token it gets from the hub's ``/oauth/token``. Each
request co-signs one (member, statement) pair; every tenth pair is sent again with the same
``Idempotency-Key``, as a member's system retrying after a timeout would. Afterwards the
database must hold exactly one signature and one audit entry per pair the hub said it
signed, and nothing for the pairs never sent. Then the bench's statements, clients and
their rows are removed, so the seeded database serves the next run unchanged.
"""

from __future__ import annotations

import asyncio
import statistics
import time
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
from strawberry.relay import GlobalID

from bench.load import LoadSettings
from hub import clock, db
from hub.models import (
    AuditEntry,
    IdempotentResponse,
    NetworkMembership,
    OAuthClient,
    Organisation,
    Statement,
    StatementSignature,
)
from hub.models.statements import StatementStatus
from hub.periods import running_on
from hub.services.access import register_client
from hub.settings import Settings

MEMBERS = 40
STATEMENTS = 40
RETRY_EVERY = 10
"""Every tenth pair carries an Idempotency-Key and is sent again once answered."""

CO_SIGN = """mutation($id: ID!) {
  coSignStatement(input: {statementId: $id, signedBy: "Bench"}) {
    alreadySigned signature { signedAt } errors { code message }
  }
}"""


@dataclass(frozen=True)
class Member:
    organisation_id: int
    client_id: str
    client_secret: str


@dataclass(frozen=True)
class WritePlan:
    """What the bench made for one write run, and removes after it."""

    tag: str
    statement_ids: list[int]
    members: list[Member]


@dataclass(frozen=True)
class WriteResult:
    """One write run: throughput, latency, and the exact count afterwards."""

    scenario: str
    connections: int
    seconds: float
    requests: int
    """Co-signatures sent, retries included."""
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    signed: int
    """Pairs the hub answered with a new signature."""
    replayed: int
    """Retries answered with the first answer (``Idempotent-Replayed``)."""
    refused: int
    """Requests answered with an error, or not 200."""
    rows: int
    """Signatures in the database afterwards, on the bench's statements."""
    audited: int
    """Audit entries of co-signatures on the bench's statements."""

    @property
    def exact(self) -> bool:
        """Nothing lost, nothing doubled: one row and one audit entry per signature."""
        return self.refused == 0 and self.rows == self.audited == self.signed


def co_signatures(
    database_url: str,
    hub_url: str,
    settings: LoadSettings,
    members: int = MEMBERS,
    statements: int = STATEMENTS,
) -> WriteResult:
    """Prepare, drive for ``settings.duration`` seconds (or until every pair is sent),
    count, and clean up."""
    plan = asyncio.run(_with_database(database_url, _prepare(members, statements)))
    try:
        return asyncio.run(_drive_and_count(database_url, hub_url, plan, settings))
    finally:
        asyncio.run(_with_database(database_url, _remove(plan)))


async def _with_database(database_url: str, work: Any) -> Any:
    async with db.connected(database_url):
        return await work


async def _prepare(members_wanted: int, statements_wanted: int) -> WritePlan:
    tag = f"bench-{uuid.uuid4().hex[:8]}"
    current = NetworkMembership.filter(running_on("joined_on", "left_on", clock.today()))
    member_ids = sorted(set(await current.values_list("organisation_id", flat=True)))
    organisations = await Organisation.filter(id__in=member_ids[:members_wanted]).order_by("id")
    settings = Settings()
    members = []
    for organisation in organisations:
        credentials = await register_client(organisation, tag, "statements:sign", [], settings)
        members.append(
            Member(organisation.id, credentials.client_id, credentials.client_secret or "")
        )
    now = clock.now()
    statements = [
        await Statement.create(
            slug=f"{tag}-{number}",
            title={"en": f"Bench statement {number}"},
            body={"en": "Opened by `hub bench` to measure co-signing; removed after the run."},
            original_language="en",
            status=StatementStatus.OPEN,
            lead_organisation_id=organisations[0].id,
            open_to_all_members=True,
            created_at=now,
            opened_at=now,
        )
        for number in range(statements_wanted)
    ]
    return WritePlan(tag, [statement.id for statement in statements], members)


@dataclass
class _Tally:
    latencies: list[float]
    signed: int = 0
    replayed: int = 0
    refused: int = 0


async def _drive_and_count(
    database_url: str, hub_url: str, plan: WritePlan, settings: LoadSettings
) -> WriteResult:
    async with httpx.AsyncClient(base_url=hub_url, timeout=60) as client:
        tokens = [await _token(client, member) for member in plan.members]
        work: asyncio.Queue[tuple[str, str, str | None]] = asyncio.Queue()
        for number, (token, statement_id) in enumerate(
            (token, statement_id) for statement_id in plan.statement_ids for token in tokens
        ):
            node_id = str(GlobalID("Statement", str(statement_id)))
            key = f"{plan.tag}-{number}" if number % RETRY_EVERY == 0 else None
            work.put_nowait((token, node_id, key))
        tally = _Tally(latencies=[])
        started = time.perf_counter()
        deadline = started + settings.duration
        await asyncio.gather(
            *(_worker(client, work, tally, deadline) for _ in range(settings.connections))
        )
        seconds = time.perf_counter() - started
    rows, audited = await _with_database(database_url, _count(plan))
    requests = len(tally.latencies)
    return WriteResult(
        scenario="co-signatures",
        connections=settings.connections,
        seconds=round(seconds, 2),
        requests=requests,
        requests_per_second=round(requests / seconds, 1) if seconds else 0.0,
        p50_ms=_percentile(tally.latencies, 50),
        p99_ms=_percentile(tally.latencies, 99),
        signed=tally.signed,
        replayed=tally.replayed,
        refused=tally.refused,
        rows=rows,
        audited=audited,
    )


async def _token(client: httpx.AsyncClient, member: Member) -> str:
    response = await client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(member.client_id, member.client_secret),
    )
    response.raise_for_status()
    return str(response.json()["access_token"])


async def _worker(
    client: httpx.AsyncClient,
    work: asyncio.Queue[tuple[str, str, str | None]],
    tally: _Tally,
    deadline: float,
) -> None:
    while time.perf_counter() < deadline:
        try:
            token, node_id, key = work.get_nowait()
        except asyncio.QueueEmpty:
            return
        headers = {"Authorization": f"Bearer {token}"}
        if key is not None:
            headers["Idempotency-Key"] = key
        # a pair with a key is sent again once answered, as a retry after a lost answer
        for _ in range(1 if key is None else 2):
            await _co_sign(client, node_id, headers, tally)


async def _co_sign(
    client: httpx.AsyncClient, node_id: str, headers: dict[str, str], tally: _Tally
) -> None:
    sent = time.perf_counter()
    response = await client.post(
        "/graphql", json={"query": CO_SIGN, "variables": {"id": node_id}}, headers=headers
    )
    tally.latencies.append((time.perf_counter() - sent) * 1000)
    answer = response.json() if response.status_code == 200 else {}
    payload = (answer.get("data") or {}).get("coSignStatement") or {}
    if response.status_code != 200 or answer.get("errors") or payload.get("errors"):
        tally.refused += 1
    elif response.headers.get("idempotent-replayed") == "true":
        tally.replayed += 1
    elif payload.get("alreadySigned") is False:
        tally.signed += 1


async def _count(plan: WritePlan) -> tuple[int, int]:
    rows = await StatementSignature.filter(statement_id__in=plan.statement_ids).count()
    subjects = [f"Statement:{statement_id}" for statement_id in plan.statement_ids]
    audited = await AuditEntry.filter(action="statement.co_sign", subject__in=subjects).count()
    return rows, audited


async def _remove(plan: WritePlan) -> None:
    subjects = [f"Statement:{statement_id}" for statement_id in plan.statement_ids]
    client_ids = [member.client_id for member in plan.members]
    await AuditEntry.filter(subject__in=subjects).delete()
    await AuditEntry.filter(client_id__in=client_ids).delete()
    await Statement.filter(id__in=plan.statement_ids).delete()  # signatures cascade
    for member in plan.members:  # idempotency keys are stored as "client_id:key"
        await IdempotentResponse.filter(key__startswith=f"{member.client_id}:").delete()
    await OAuthClient.filter(client_id__in=client_ids).delete()


def _percentile(values: list[float], percent: int) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return round(values[0], 1)
    return round(statistics.quantiles(values, n=100, method="inclusive")[percent - 1], 1)
