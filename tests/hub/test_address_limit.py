"""The limit per network address: one counter per address and window, whatever it signed."""

from __future__ import annotations

import asyncio
import datetime

import pytest

from hub import clock, db
from hub.models import AddressSigningWindow, Petition
from hub.services import address_limit
from hub.services.errors import Refusal, WriteRefused
from hub.services.petition_signing import Limits, Signature, Signed
from hub.services.signature_writer import SignatureWriter
from tests.databases import BACKEND
from tests.hub.widgets.petitions import (
    build_widget_petitions,
    confirm_all,
    signature,
    signatures_of,
)
from tests.sql_statements import recorded_statements

HOUR = datetime.timedelta(hours=1)
NOON = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.UTC)

Answers = list[Signed | BaseException]


def outcome_codes(answers: Answers) -> list[str]:
    return [a.code if isinstance(a, WriteRefused) else type(a).__name__ for a in answers]


async def write_all(writer: SignatureWriter, batch: list[Signature]) -> Answers:
    """Each signature's answer, once the writer has also removed what expired."""
    answers = await asyncio.gather(*(writer.write(s) for s in batch), return_exceptions=True)
    await writer.settled()
    return answers


def test_windows_are_the_same_spans_in_every_process() -> None:
    assert address_limit.window_of(NOON + datetime.timedelta(minutes=59), HOUR) == NOON
    assert address_limit.window_of(NOON + HOUR, HOUR) == NOON + HOUR
    seven = datetime.timedelta(minutes=7)
    start = address_limit.window_of(NOON, seven)
    assert start <= NOON < start + seven
    assert int(start.timestamp()) % int(seven.total_seconds()) == 0
    # the shortest window is a second: each second its own, and less than one is one
    second = datetime.timedelta(seconds=1)
    assert address_limit.window_of(NOON + second * 1.5, second) == NOON + second
    assert address_limit.window_of(NOON + second * 1.5, second / 2) == NOON + second


def test_an_address_signs_only_so_many_times_across_petitions_and_batches(
    database_url: str,
) -> None:
    petitions = build_widget_petitions(database_url)

    async def sign() -> tuple[Answers, Answers]:
        async with db.connected(database_url):
            first = (await Petition.get(slug=petitions.open)).id
            second = (await Petition.get(slug=petitions.past_closing)).id
            await Petition.filter(id=second).update(closes_at=None)
            writer = SignatureWriter(Limits(per_address=4, window=HOUR))
            # given two signatures from one address on one petition, in a batch of their own,
            # and the first signer signing again (counted too: it mails them a notice)
            before = await write_all(writer, [signature(first, n, "same") for n in (1, 2)])
            before += await write_all(writer, [signature(first, 1, "same")])
            # when it signs a second petition twice, beside another address
            after = await write_all(
                writer, [signature(second, 3, "same"), signature(second, 4, "same")]
            )
            after += await write_all(writer, [signature(second, 5, "other")])
            return before, after

    before, after = asyncio.run(sign())

    # then its fourth signature is taken and its fifth refused; the other address is not held
    assert outcome_codes(before) == ["Signed", "Signed", "Signed"]
    assert outcome_codes(after) == ["Signed", Refusal.TOO_MANY, "Signed"]
    assert confirm_all(database_url, petitions.past_closing) == 2
    assert signatures_of(database_url, petitions.past_closing)[:2] == (2, 2)


def test_an_address_has_its_allowance_again_in_the_next_window(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    slug = build_widget_petitions(database_url).open
    now = [NOON + datetime.timedelta(minutes=58)]
    monkeypatch.setattr(clock, "now", lambda: now[0])

    async def sign() -> tuple[list[str], list[str], list[datetime.datetime]]:
        async with db.connected(database_url):
            petition_id = (await Petition.get(slug=slug)).id
            writer = SignatureWriter(Limits(per_address=2, window=HOUR))
            # given an address that used its allowance just before the window ends
            late = await write_all(writer, [signature(petition_id, n, "same") for n in (1, 2, 3)])
            # when it signs again once the next window has begun
            now[0] = NOON + HOUR + datetime.timedelta(minutes=1)
            early = await write_all(writer, [signature(petition_id, n, "same") for n in (4, 5, 6)])
            windows = [row.window_start for row in await AddressSigningWindow.all()]
            return outcome_codes(late), outcome_codes(early), windows

    late, early, windows = asyncio.run(sign())

    # then it signs as many times again, and only the new window is still kept
    assert late == early == ["Signed", "Signed", Refusal.TOO_MANY]
    assert windows == [NOON + HOUR]


def test_the_limit_reads_the_addresss_window_not_its_signatures(database_url: str) -> None:
    # given an address that has made 1,000 signatures in the window, and one that has made none
    slug = build_widget_petitions(database_url).open
    limits = Limits(per_address=10_000, window=HOUR)

    async def sign() -> dict[str, list[str]]:
        async with db.connected(database_url):
            petition_id = (await Petition.get(slug=slug)).id
            writer = SignatureWriter(limits)
            await write_all(writer, [signature(petition_id, n, "busy") for n in range(1000)])
            statements = {}
            # when each signs once more
            for n, address in ((1000, "busy"), (1001, "new")):
                with recorded_statements() as statements[address]:
                    await writer.write(signature(petition_id, n, address))
            return statements

    statements = asyncio.run(sign())

    # then both batches ran the same statements, none of which read the address's
    # signatures (the signatures are read only by their e-mail address's hash)
    assert len(statements["busy"]) == len(statements["new"])
    for statement in statements["busy"]:
        reads = "petition_signature" in statement and not statement.startswith("INSERT")
        assert not reads or ("email_hash" in statement and "address_hash" not in statement)
    assert signatures_of(database_url, slug)[:2] == (0, 1002)


@pytest.mark.skipif(BACKEND != "postgres", reason="SQLite runs one transaction at a time")
def test_processes_writing_at_once_share_an_addresss_allowance(database_url: str) -> None:
    # given four hub processes (four writers, each with its own transactions), each taking
    # signatures on its own petition, all from one address allowed ten
    petitions = build_widget_petitions(database_url)

    async def sign() -> Answers:
        async with db.connected(database_url):
            ids = [(await Petition.get(slug=petitions.open)).id]
            for slug in (petitions.closed, petitions.draft, petitions.past_closing):
                ids.append((await Petition.get(slug=slug)).id)
            await Petition.filter(id__in=ids).update(status="open", closes_at=None)
            writers = [SignatureWriter(Limits(per_address=10, window=HOUR)) for _ in ids]
            # when each takes ten signatures at the same moment
            return await asyncio.gather(
                *(
                    writer.write(signature(petition_id, 100 * w + n, "same"))
                    for w, (writer, petition_id) in enumerate(zip(writers, ids, strict=True))
                    for n in range(10)
                ),
                return_exceptions=True,
            )

    answers = asyncio.run(sign())

    # then ten were taken in all, and the address's window says ten
    assert sum(isinstance(a, Signed) for a in answers) == 10
    assert outcome_codes(answers).count(Refusal.TOO_MANY) == 30

    async def window() -> list[int]:
        async with db.connected(database_url):
            return [row.signatures for row in await AddressSigningWindow.all()]

    assert asyncio.run(window()) == [10]
