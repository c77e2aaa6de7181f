"""The signature writer's own rules (``hub.services.signature_writer``): batches of at most
``MAX_BATCH``, each committed signer answered and counted once, the queue's depth and the
signatures written measured, and what has expired removed once per window."""

from __future__ import annotations

import asyncio
import datetime

from prometheus_client import REGISTRY

from hub import clock, db
from hub.models import AddressSigningWindow, Petition, PetitionSignature
from hub.services import address_limit
from hub.services.petition_signing import Limits, Signed
from hub.services.signature_writer import MAX_BATCH, SignatureWriter
from tests.hub.widgets.petitions import build_widget_petitions, signature

HOUR = datetime.timedelta(hours=1)
LIMITS = Limits(per_address=10_000, window=HOUR)


def metric(name: str) -> float:
    return REGISTRY.get_sample_value(name) or 0.0


def test_a_crowd_is_written_in_batches_of_at_most_max_batch(database_url: str) -> None:
    slug = build_widget_petitions(database_url).open
    commits: list[dict[int, int]] = []
    crowd = 2 * MAX_BATCH + 100

    async def write() -> tuple[int, list[Signed]]:
        async with db.connected(database_url):
            petition = await Petition.get(slug=slug)
            writer = SignatureWriter(LIMITS, counted=commits.append)
            people = [*range(crowd), 0, 1]  # two of them sign twice
            answers = await asyncio.gather(
                *(writer.write(signature(petition.id, n)) for n in people)
            )
            return petition.id, answers

    written_before = metric("hub_petition_signatures_written_total")
    petition_id, answers = asyncio.run(write())

    # every signer was queued before the first batch began: three batches, each told the
    # petition's count (nothing confirmed yet), and every signer answered
    assert commits == [{petition_id: 0}] * 3
    assert len(answers) == crowd + 2
    assert sum(answer.new for answer in answers) == crowd
    # the new signatures written are measured once, and the queue is empty again
    assert metric("hub_petition_signatures_written_total") - written_before == crowd
    assert metric("hub_signature_writer_queue_depth") == 0


def test_what_expired_is_removed_once_per_window(database_url: str) -> None:
    slug = build_widget_petitions(database_url).open

    async def write() -> list[int]:
        async with db.connected(database_url):
            petition = await Petition.get(slug=slug)
            window = address_limit.window_of(clock.now(), HOUR)
            ended = window - HOUR

            async def stale() -> None:
                # a counter of an ended window, and a signature never confirmed in time
                await AddressSigningWindow.create(
                    address_hash=f"old-{clock.now().timestamp()}", window_start=ended, signatures=1
                )
                await PetitionSignature.create(
                    petition_id=petition.id,
                    email_hash=f"stale-{await PetitionSignature.all().count()}",
                    hash_key="db",
                    language="en",
                    source="widget",
                    signed_at=clock.now() - 3 * HOUR,
                )

            left = []
            writer = SignatureWriter(LIMITS, pending_for=2 * HOUR)
            await stale()
            await writer.write(signature(petition.id, 1))
            await writer.settled()
            left.append(await AddressSigningWindow.filter(window_start=ended).count())
            left.append(await PetitionSignature.filter(signed_at__lt=window - HOUR).count())
            # in the same window, the writer does not look again
            await stale()
            await writer.write(signature(petition.id, 2))
            await writer.settled()
            left.append(await AddressSigningWindow.filter(window_start=ended).count())
            left.append(await PetitionSignature.filter(signed_at__lt=window - HOUR).count())
            # another writer (another process) removes them in its first window
            another = SignatureWriter(LIMITS, pending_for=2 * HOUR)
            await another.write(signature(petition.id, 3))
            await another.settled()
            left.append(await AddressSigningWindow.filter(window_start=ended).count())
            left.append(await PetitionSignature.filter(signed_at__lt=window - HOUR).count())
            left.append(await PetitionSignature.filter(petition_id=petition.id).count())
            return left

    assert asyncio.run(write()) == [0, 0, 1, 1, 0, 0, 3]
