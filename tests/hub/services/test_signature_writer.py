"""The signature writer's own rules (``hub.services.signature_writer``): batches of at most
``MAX_BATCH``, each committed signer answered and counted once, the queue's depth and the
signatures written measured, what has expired removed once per window, and what each
signer is told when the database refuses a batch or goes away under it."""

from __future__ import annotations

import asyncio
import datetime
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from prometheus_client import REGISTRY

from hub import clock, db
from hub.db import DatabaseUnavailable
from hub.models import AddressSigningWindow, Petition, PetitionSignature
from hub.services import address_limit, signature_writer
from hub.services.petition_signing import Limits, Signature, Signed
from hub.services.signature_batch import Signers, commit_batch
from hub.services.signature_writer import MAX_BATCH, Outcome, SignatureWriter
from hub.settings import Settings
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


class Failing:
    """``commit_batch`` as the writer calls it, failing as told: every batch of more than one
    signer with ``batch``, any batch holding signer ``n`` with ``bad[n]``. It notes the size
    of each batch tried, and how many had been tried each time the writer looked for what
    expired."""

    def __init__(
        self, batch: Exception | None = None, bad: dict[int, Exception] | None = None
    ) -> None:
        self.batch, self.bad = batch, bad or {}
        self.sizes: list[int] = []
        self.looked_after: list[int] = []
        self.looking_fails: Exception | None = None

    async def commit(self, batch: Sequence[Signature], *args: Any) -> list[Outcome]:
        self.sizes.append(len(batch))
        if self.batch is not None and len(batch) > 1:
            raise self.batch
        for number, error in self.bad.items():
            if any(s.email == f"person{number}@example.org" for s in batch):
                raise error
        return await commit_batch(batch, *args)

    async def delete_ended_windows(self, *args: Any) -> None:
        self.looked_after.append(len(self.sizes))
        if self.looking_fails is not None:
            raise self.looking_fails


@dataclass
class Writing:
    writer: SignatureWriter
    petition_id: int

    async def signers(self, *numbers: int) -> list[Signed | BaseException]:
        """Signers handed to the writer at once: their answers, or what each was refused."""
        people = (self.writer.write(signature(self.petition_id, n)) for n in numbers)
        return await asyncio.gather(*people, return_exceptions=True)


def run_failing(
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    failing: Failing,
    check: Callable[[Writing], Awaitable[None]],
    signers: Signers | None = None,
) -> int:
    """Runs ``check`` with a writer whose commits fail as ``failing`` says; the petition's id."""
    slug = build_widget_petitions(database_url).open
    monkeypatch.setattr(signature_writer, "commit_batch", failing.commit)
    monkeypatch.setattr(address_limit, "delete_ended_windows", failing.delete_ended_windows)

    async def in_database() -> int:
        async with db.connected(database_url):
            petition = await Petition.get(slug=slug)
            writer = SignatureWriter(LIMITS, signers=signers)
            await check(Writing(writer, petition.id))
            await writer.settled()
            return petition.id

    return asyncio.run(in_database())


def test_a_batch_the_database_went_away_under_is_refused_to_each_signer_and_logged_once(
    database_url: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    lost = DatabaseUnavailable(maybe_written=True)
    lost.__cause__ = ConnectionResetError("server closed the connection")
    failing = Failing(batch=lost)

    async def check(writing: Writing) -> None:
        answers = await writing.signers(1, 2, 3)
        # each signer is told the commit may or may not have been saved; none is tried alone
        assert [type(answer) for answer in answers] == [DatabaseUnavailable] * 3
        assert all(getattr(answer, "maybe_written", False) for answer in answers)
        assert await PetitionSignature.all().count() == 0
        # the signer after them is written, in a batch of their own
        (alone,) = await writing.signers(4)
        assert isinstance(alone, Signed) and alone.new

    with caplog.at_level(logging.WARNING, logger=signature_writer.__name__):
        petition_id = run_failing(database_url, monkeypatch, failing, check)
    assert failing.sizes == [3, 1]
    assert [record.getMessage() for record in caplog.records] == [
        f"Refused a batch of 3 petition signatures (petitions [{petition_id}]): {lost}"
        " Cause: ConnectionResetError('server closed the connection')"
    ]
    # what expired is looked for after a batch that committed, not after the refused one
    assert failing.looked_after == [2]


def test_a_lone_signature_the_database_refuses_is_refused_with_its_error(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = ValueError("value too long for type character varying(2)")
    failing = Failing(bad={1: broken})

    async def check(writing: Writing) -> None:
        assert await writing.signers(1) == [broken]

    run_failing(database_url, monkeypatch, failing, check)
    assert failing.sizes == [1]
    assert failing.looked_after == []  # nothing was committed


def test_one_refused_signature_does_not_refuse_the_others_of_its_batch(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = ValueError("value too long for type character varying(2)")
    failing = Failing(batch=ValueError("a batch holding signer 2"), bad={2: broken})

    async def check(writing: Writing) -> None:
        one, two, three = await writing.signers(1, 2, 3)
        assert isinstance(one, Signed) and isinstance(three, Signed)
        assert two is broken
        assert await PetitionSignature.all().count() == 2

    run_failing(database_url, monkeypatch, failing, check)
    assert failing.sizes == [3, 1, 1, 1]  # the batch, then each signer alone
    assert failing.looked_after == [4]


def test_a_batch_whose_every_signature_is_refused_commits_nothing(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = ValueError("value too long for type character varying(2)")
    failing = Failing(batch=ValueError("a batch"), bad={1: broken, 2: broken})

    async def check(writing: Writing) -> None:
        assert await writing.signers(1, 2) == [broken, broken]

    run_failing(database_url, monkeypatch, failing, check)
    assert failing.sizes == [2, 1, 1]
    assert failing.looked_after == []  # nothing was committed: nothing to look after


def test_the_database_going_away_one_by_one_refuses_the_rest_at_once(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    failing = Failing(batch=ValueError("a batch"), bad={2: DatabaseUnavailable()})

    async def check(writing: Writing) -> None:
        one, two, three = await writing.signers(1, 2, 3)
        assert isinstance(one, Signed)
        assert isinstance(two, DatabaseUnavailable) and not two.maybe_written
        assert isinstance(three, DatabaseUnavailable) and not three.maybe_written

    run_failing(database_url, monkeypatch, failing, check)
    assert failing.sizes == [3, 1, 1]  # signer 3 is not tried: the database is away
    assert failing.looked_after == [3]  # signer 1 was committed


def test_the_writers_signers_send_the_mail_of_every_batch(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[int] = []
    signers = Signers(Settings(), sent=lambda: sent.append(1))
    failing = Failing(batch=ValueError("a batch"))

    async def check(writing: Writing) -> None:
        await writing.signers(1)  # a batch of one
        await writing.signers(2, 3)  # refused as a batch, then written one by one

    run_failing(database_url, monkeypatch, failing, check, signers=signers)
    assert len(sent) == 3


def test_what_expired_failing_to_go_is_logged_and_signing_goes_on(
    database_url: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    failing = Failing()
    failing.looking_fails = RuntimeError("address_signing_window is locked")

    async def check(writing: Writing) -> None:
        (first,) = await writing.signers(1)
        (second,) = await writing.signers(2)
        assert isinstance(first, Signed) and isinstance(second, Signed)

    with caplog.at_level(logging.WARNING, logger=signature_writer.__name__):
        run_failing(database_url, monkeypatch, failing, check)
    (record,) = caplog.records
    assert record.getMessage() == "The signing limit's ended windows could not be deleted"
    assert record.exc_info is not None and record.exc_info[1] is failing.looking_fails
    assert failing.looked_after == [1]  # tried once in the window: not after every batch


class FaultyOnce(Failing):
    """Its first commit hands the writer one more signer, then answers for none of its own
    batch: a fault of the writer's own (outcomes that do not match their signers)."""

    def __init__(self) -> None:
        super().__init__()
        self.writing: Writing | None = None
        self.later: list[asyncio.Task[Signed]] = []

    async def commit(self, batch: Sequence[Signature], *args: Any) -> list[Outcome]:
        if self.writing is not None and not self.later:
            writer, petition_id = self.writing.writer, self.writing.petition_id
            self.later.append(asyncio.create_task(writer.write(signature(petition_id, 3))))
            await asyncio.sleep(0)  # signer 3 is queued behind this batch
            self.sizes.append(len(batch))
            return []
        return await super().commit(batch, *args)


def test_a_fault_of_the_writers_own_answers_its_batch_and_the_next_batch_is_written(
    database_url: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    faulty = FaultyOnce()

    async def check(writing: Writing) -> None:
        faulty.writing = writing
        one, two = await asyncio.wait_for(writing.signers(1, 2), 60)
        # the batch's signers are told, with the fault
        assert isinstance(one, ValueError) and two is one
        # and the signer queued behind it is written, without waiting for another to come
        third = await asyncio.wait_for(faulty.later[0], 60)
        assert third.new and await PetitionSignature.all().count() == 1

    with caplog.at_level(logging.WARNING, logger=signature_writer.__name__):
        run_failing(database_url, monkeypatch, faulty, check)
    assert faulty.sizes == [2, 1]
    (record,) = caplog.records
    assert record.getMessage() == "The signature writer failed on a batch of 2"
    assert record.exc_info is not None and isinstance(record.exc_info[1], ValueError)


def test_a_counter_failing_after_a_commit_leaves_its_signers_answered(
    database_url: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    told: list[dict[int, int]] = []

    def counted(counts: dict[int, int]) -> None:
        told.append(counts)
        if len(told) == 1:
            raise RuntimeError("a widget's counter is gone")

    async def check(writing: Writing) -> None:
        writing.writer.counted = counted
        # the first batch commits, then its counter fails: its signers keep their answers
        one, two = await asyncio.wait_for(writing.signers(1, 2), 60)
        assert isinstance(one, Signed) and isinstance(two, Signed)
        # and the writer writes the next
        (three,) = await asyncio.wait_for(writing.signers(3), 60)
        assert isinstance(three, Signed)

    with caplog.at_level(logging.WARNING, logger=signature_writer.__name__):
        petition_id = run_failing(database_url, monkeypatch, Failing(), check)
    assert told == [{petition_id: 0}, {petition_id: 0}]
    (record,) = caplog.records
    assert record.getMessage() == "The signature writer failed on a batch of 2"
