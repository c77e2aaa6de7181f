"""Signatures arriving together are written together: exactly, whatever the crowd."""

from __future__ import annotations

import asyncio
import datetime
import logging
import time
from dataclasses import replace

import httpx
import pytest

from hub import db
from hub.models import Petition
from hub.services.errors import Refusal, WriteRefused
from hub.services.petition_signing import Limits, Signed
from hub.services.signature_writer import SignatureWriter
from tests.databases import BACKEND
from tests.hub.widgets.petitions import (
    address_hashes,
    build_widget_petitions,
    confirm_all,
    signature,
    signatures_of,
)
from tests.live import live_hub
from tests.terminations import cut_connections_writing

LIMITS = Limits(per_address=1000, window=datetime.timedelta(hours=1))


def card_once_counted(url: str, count: int, seconds: float = 20.0) -> dict[str, object]:
    """The card once it shows ``count`` (confirmed elsewhere: it refreshes), or the last."""
    ends = time.monotonic() + seconds
    while True:
        card: dict[str, object] = httpx.get(url).json()
        if card["signatureCount"] == count or time.monotonic() > ends:
            return card
        time.sleep(0.2)


def test_a_crowd_signing_at_once_is_written_in_few_transactions(database_url: str) -> None:
    # given an open petition, and 300 people signing at the same moment, 30 of them twice
    slug = build_widget_petitions(database_url).open
    commits: list[dict[int, int]] = []

    async def crowd() -> list[Signed]:
        async with db.connected(database_url):
            petition = await Petition.get(slug=slug)
            writer = SignatureWriter(LIMITS, counted=commits.append)
            people = [*range(300), *range(0, 300, 10)]
            return await asyncio.gather(*(writer.write(signature(petition.id, n)) for n in people))

    answers = asyncio.run(crowd())

    # then they went in one or two transactions, and each person counts once confirmed
    assert 1 <= len(commits) <= 2
    assert sum(answer.new for answer in answers) == 300
    assert signatures_of(database_url, slug)[:2] == (0, 300)
    assert confirm_all(database_url, slug) == 300
    count, rows, _ = signatures_of(database_url, slug)
    assert count == rows == 300


def test_one_refusal_does_not_refuse_the_rest_of_its_batch(database_url: str) -> None:
    petitions = build_widget_petitions(database_url)

    async def mixed() -> list[Signed | BaseException]:
        async with db.connected(database_url):
            open_id = (await Petition.get(slug=petitions.open)).id
            closed_id = (await Petition.get(slug=petitions.closed)).id
            writer = SignatureWriter(Limits(2, datetime.timedelta(hours=1)))
            batch = [
                signature(open_id, 1, "same-address"),
                signature(closed_id, 2),
                signature(open_id, 3, "same-address"),
                signature(open_id, 4, "same-address"),  # the third from one address
                signature(open_id, 5),
            ]
            return await asyncio.gather(*(writer.write(s) for s in batch), return_exceptions=True)

    answers = asyncio.run(mixed())

    refusals = [a.code if isinstance(a, WriteRefused) else None for a in answers]
    assert refusals == [None, Refusal.WRONG_STATUS, None, Refusal.TOO_MANY, None]
    assert confirm_all(database_url, petitions.open) == 3
    assert signatures_of(database_url, petitions.open)[:2] == (3, 3)
    assert signatures_of(database_url, petitions.closed)[:2] == (0, 0)


def test_a_signature_the_database_refuses_fails_alone(database_url: str) -> None:
    # given a batch in which one signature names a country the database does not hold
    slug = build_widget_petitions(database_url).open

    async def batch() -> list[Signed | BaseException]:
        async with db.connected(database_url):
            petition_id = (await Petition.get(slug=slug)).id
            writer = SignatureWriter(LIMITS)
            stranger = replace(signature(petition_id, 2), country="ZZ")
            signatures = [signature(petition_id, 1), stranger, signature(petition_id, 3)]
            return await asyncio.gather(
                *(writer.write(s) for s in signatures), return_exceptions=True
            )

    # when it is written
    answers = asyncio.run(batch())

    # then only that signer gets the error; the others are written and counted
    assert isinstance(answers[1], Exception) and not isinstance(answers[1], WriteRefused)
    assert [isinstance(a, Signed) for a in (answers[0], answers[2])] == [True, True]
    confirm_all(database_url, slug)
    count, rows, written = signatures_of(database_url, slug)
    assert count == rows == 2
    assert {row.email_hash for row in written} == address_hashes(
        database_url, "person1@example.org", "person3@example.org"
    )


def test_many_signers_over_http_are_all_answered_and_counted_once(database_url: str) -> None:
    # given a live hub, and 400 signers on 400 addresses sending together; 40 send twice
    slug = build_widget_petitions(database_url).open

    async def signers(base: str) -> list[httpx.Response]:
        limits = httpx.Limits(max_connections=32)
        async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:
            people = [*range(400), *range(0, 400, 10)]
            return await asyncio.gather(
                *(
                    http.post(
                        f"/widgets/petitions/{slug}/signatures",
                        json={"name": f"Person {n}", "email": f"person{n}@example.org"},
                        headers={"x-forwarded-for": f"10.0.{n // 250}.{n % 250}"},
                    )
                    for n in people
                )
            )

    with live_hub(database_url) as base:
        answers = asyncio.run(signers(base))
        confirm_all(database_url, slug)
        card = card_once_counted(f"{base}/widgets/petitions/{slug}", 400)

    # then every one was thanked, and the petition has 400 signatures, counted 400 once
    # confirmed
    assert {a.status_code for a in answers} == {200}
    assert card["signatureCount"] == 400
    count, rows, written = signatures_of(database_url, slug)
    assert count == rows == 400
    assert len({row.address_hash for row in written}) == 400


@pytest.mark.skipif(BACKEND != "postgres", reason="connections are lost on a server")
def test_a_batch_that_loses_its_connection_is_refused_alone(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    # given a database that loses the connection of a transaction writing a certain address
    slug = build_widget_petitions(database_url).open
    (cut_hash,) = address_hashes(database_url, "person0@example.org")
    asyncio.run(cut_connections_writing(database_url, "petition_signature", "email_hash", cut_hash))

    async def two_batches() -> tuple[list[Signed | BaseException], list[Signed | BaseException]]:
        async with db.connected(database_url):
            petition_id = (await Petition.get(slug=slug)).id
            writer = SignatureWriter(LIMITS)
            # when a batch of 16 holding that address is written, 16 more signers queued
            # behind it
            batch = [
                asyncio.create_task(writer.write(signature(petition_id, n))) for n in range(16)
            ]
            await asyncio.sleep(0)  # they wait in the writer, which takes them next
            behind = [
                asyncio.create_task(writer.write(signature(petition_id, n))) for n in range(16, 32)
            ]
            return (
                await asyncio.gather(*batch, return_exceptions=True),
                await asyncio.gather(*behind, return_exceptions=True),
            )

    with caplog.at_level(logging.WARNING, "hub.services.signature_writer"):
        refused, written = asyncio.run(two_batches())

    # then that batch alone is refused, saying nothing of it was written, and said once in
    # the log; the signers queued behind it are written, on a fresh connection
    assert all(isinstance(a, db.DatabaseUnavailable) and not a.maybe_written for a in refused)
    assert all(isinstance(a, Signed) and a.new for a in written)
    (told,) = [r.getMessage() for r in caplog.records if "Refused a batch" in r.getMessage()]
    assert "Refused a batch of 16 petition signatures" in told
    confirm_all(database_url, slug)
    count, rows, kept = signatures_of(database_url, slug)
    assert count == rows == 16
    assert {row.email_hash for row in kept} == address_hashes(
        database_url, *(f"person{n}@example.org" for n in range(16, 32))
    )
