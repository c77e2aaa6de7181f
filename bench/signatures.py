"""The anonymous write scenario: people signing a petition through the widget API, at a fixed
concurrency, every signature counted afterwards: none lost, none counted twice.

The bench opens a petition of its own, drives ``POST /widgets/petitions/{slug}/signatures``
with autocannon (``bench/signatures.mjs``: one address per signer, every tenth signer sends
twice), then checks that the petition holds one row per signer thanked, that its kept count
is that number, and that no signer was refused. The petition and its signatures are removed
afterwards, so the seeded database serves the next run unchanged.
"""

from __future__ import annotations

import asyncio
import datetime
import json
import subprocess
import uuid
from dataclasses import dataclass
from typing import Any

from bench.load import BENCH_DIR, GRACE_SECONDS, LoadSettings
from hub import clock, db
from hub.keyring import keyring
from hub.models import NetworkMembership, OutboxMessage, Petition, PetitionSignature
from hub.models.petitions import PetitionStatus, SignatureStatus
from hub.periods import running_on
from hub.services.signer_links import confirm_signature
from hub.services.signer_mail import CONFIRM
from hub.settings import Settings

_IN_TIME = datetime.timedelta(hours=1)
_SETTLED_SECONDS = 1.0
"""How long the petition's rows must stay the same before they are counted."""

SCRIPT = BENCH_DIR / "signatures.mjs"


@dataclass(frozen=True)
class SigningResult:
    """One signing run: throughput, latency, and the exact count afterwards."""

    scenario: str
    connections: int
    seconds: float
    requests: int
    """Signatures sent, second sendings included."""
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    thanked: int
    """Distinct signers answered 200."""
    sent_twice: int
    refused: int
    """Requests answered otherwise (or not at all)."""
    thanked_found: int
    """Signers answered 200 whose signature is in the database afterwards."""
    rows: int
    """Signatures on the bench's petition afterwards."""
    counted: int
    """The petition's kept count afterwards."""

    @property
    def in_flight(self) -> int:
        """Signatures written whose answer the run's end cut off (at most one per connection)."""
        return self.rows - self.thanked_found

    @property
    def exact(self) -> bool:
        """Nothing lost, nothing doubled: every signer thanked has one row, no row is
        unaccounted for beyond the requests in flight at the end, and the count is the rows."""
        return (
            self.refused == 0
            and self.thanked_found == self.thanked
            and 0 <= self.in_flight <= self.connections
            and self.rows == self.counted
        )


def petition_signatures(database_url: str, hub_url: str, settings: LoadSettings) -> SigningResult:
    """Open a petition, drive it for ``settings.duration`` seconds, count, and remove it."""
    tag = f"bench-{uuid.uuid4().hex[:8]}"
    slug = asyncio.run(_with_database(database_url, _open_petition(tag)))
    try:
        driven = _drive(f"{hub_url}/widgets/petitions/{slug}/signatures", settings, tag)
        rows, counted, found = asyncio.run(
            _with_database(database_url, _count(slug, driven["thanked"]))
        )
    finally:
        asyncio.run(_with_database(database_url, _remove(slug)))
    report = driven["report"]
    seconds = float(report["duration"])
    total = int(report["requests"]["total"])
    return SigningResult(
        scenario="petition signatures",
        connections=settings.connections,
        seconds=round(seconds, 2),
        requests=total,
        requests_per_second=round(total / seconds, 1) if seconds else 0.0,
        p50_ms=float(report["latency"]["p50"]),
        p99_ms=float(report["latency"]["p99"]),
        thanked=len(driven["thanked"]),
        sent_twice=int(driven["sentTwice"]),
        refused=int(driven["refused"]) + int(report["errors"]) + int(report["timeouts"]),
        thanked_found=found,
        rows=rows,
        counted=counted,
    )


async def _with_database(database_url: str, work: Any) -> Any:
    async with db.connected(database_url):
        return await work


async def _open_petition(tag: str) -> str:
    current = NetworkMembership.filter(running_on("joined_on", "left_on", clock.today()))
    organisation_id = await current.order_by("organisation_id").values_list(
        "organisation_id", flat=True
    )
    petition = await Petition.create(
        slug=tag,
        title={"en": "Bench petition"},
        body={"en": "Opened by `hub bench` to measure signing; removed after the run."},
        target={"en": "The bench"},
        original_language="en",
        goal=10_000_000,
        status=PetitionStatus.OPEN,
        organisation_id=organisation_id[0],
        opened_at=clock.now(),
    )
    return petition.slug


def _drive(url: str, settings: LoadSettings, tag: str) -> dict[str, Any]:
    finished = subprocess.run(
        ["node", str(SCRIPT), url, str(settings.connections), f"{settings.duration:g}", tag],
        capture_output=True,
        check=True,
        cwd=BENCH_DIR,
        timeout=settings.duration + GRACE_SECONDS,
    )
    driven: dict[str, Any] = json.loads(finished.stdout)
    return driven


async def _remove(slug: str) -> None:
    await OutboxMessage.filter(about=f"petition:{slug}").delete()  # its signers' mails
    await Petition.filter(slug=slug).delete()  # its signatures go with it


async def _count(slug: str, thanked: list[str]) -> tuple[int, int, int]:
    """The petition's rows, its kept count once every signer confirmed, and how many of the
    thanked have a row."""
    petition = await Petition.get(slug=slug)
    signatures = PetitionSignature.filter(petition_id=petition.id)
    keys = await keyring(Settings())
    # the hub may still be committing the batch whose answers the run's end cut off: wait
    # until its rows stop coming, then confirm them all
    before, rows = -1, await signatures.count()
    while rows != before:
        await asyncio.sleep(_SETTLED_SECONDS)
        before, rows = rows, await signatures.count()
    pending = await signatures.filter(status=SignatureStatus.PENDING).values("id")
    for row in pending:  # as each signer would from their mail's link
        await confirm_signature(keys, keys.link_token(CONFIRM, int(row["id"])), _IN_TIME)
    petition = await Petition.get(slug=slug)
    hashes = [keys.hash(email.strip().lower()) for email in thanked]
    found = 0
    for start in range(0, len(hashes), 500):
        found += await signatures.filter(email_hash__in=hashes[start : start + 500]).count()
    return await signatures.count(), petition.signature_count, found
