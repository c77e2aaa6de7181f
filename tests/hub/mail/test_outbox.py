"""The outbox: sealed at rest, each message sent once, retried with backoff, claimed once."""

from __future__ import annotations

import asyncio
import datetime
import json
from pathlib import Path

from hub import db
from hub.keyring import keyring
from hub.mail import outbox
from hub.mail.message import compose
from hub.mail.outbox import Outgoing
from hub.mail.sender import send_due
from hub.mail.templates import render
from hub.models import OutboxMessage
from hub.models.mail import OutboxStatus
from hub.settings import Settings
from tests.databases import BACKEND
from tests.hub.mail.sinks import mail_sink
from tests.hub.test_cli_access import hub_command
from tests.live import free_port
from tests.sql_statements import recorded_statements

ADDRESS = "outbox.reader@example.org"


def settings_for(database_url: str, port: int, **more: object) -> Settings:
    return Settings(
        database_url=database_url,
        smtp_port=port,
        load_demo_network=False,
        **more,  # type: ignore[arg-type]
    )


def outgoing(number: int) -> Outgoing:
    rendered = render(
        "message",
        "fr",
        f"Message {number}",
        paragraphs=[f"Bonjour {number}"],
        action=None,
        footer_links=[],
    )
    message = compose(rendered, ADDRESS, "Hub <hub@example.org>")
    return Outgoing(message, kind="test", language="fr", about=f"test:{number}")


async def write(settings: Settings, count: int) -> None:
    keys = await keyring(settings)
    async with db.transaction() as connection:
        await outbox.enqueue(connection, keys, [outgoing(n) for n in range(count)])


def test_a_message_is_sent_once_and_then_forgotten(database_url: str, tmp_path: Path) -> None:
    with mail_sink(tmp_path / "sink") as sink:
        settings = settings_for(database_url, sink.port)

        async def run() -> tuple[list[dict[str, object]], int, int]:
            async with db.connected(database_url):
                # given a message in the outbox
                await write(settings, 1)
                resting = await OutboxMessage.all().values("sealed")
                # when the outbox is sent, twice
                first = await send_due(settings)
                second = await send_due(settings)
                return resting, first.sent, second.sent

        resting, first, second = asyncio.run(run())
        received = sink.received()

    # then it rested sealed: no address in its bytes
    assert ADDRESS.encode() not in bytes(resting[0]["sealed"])  # type: ignore[arg-type]
    # and the sink received it once, whole
    assert (first, second) == (1, 0)
    assert [m["To"] for m in received] == [ADDRESS]
    assert received[0]["Subject"] == "Message 0"

    async def after() -> list[dict[str, object]]:
        async with db.connected(database_url):
            return await OutboxMessage.all().values("status", "sealed", "sent_at", "attempts")

    [row] = asyncio.run(after())
    # and the outbox remembers it was sent, not to whom
    assert row["status"] == OutboxStatus.SENT
    assert row["sealed"] is None
    assert row["sent_at"] is not None
    assert row["attempts"] == 1


def test_a_failed_message_waits_twice_as_long_each_time_then_is_given_up(
    database_url: str,
) -> None:
    # given no SMTP server where the settings say
    settings = settings_for(
        database_url, free_port(), outbox_retry_seconds=60, outbox_max_attempts=3
    )

    async def run() -> list[tuple[str, int, float | None, bool]]:
        async with db.connected(database_url):
            await write(settings, 1)
            seen = []
            for _ in range(3):
                # when it is tried (made due again each time)
                before = datetime.datetime.now(datetime.UTC)
                await send_due(settings)
                row = await OutboxMessage.get()
                wait = (row.next_attempt_at - before).total_seconds()
                seen.append((row.status.value, row.attempts, round(wait / 60), row.sealed is None))
                await OutboxMessage.filter(id=row.id).update(next_attempt_at=before)
            return seen

    seen = asyncio.run(run())

    # then it waits 1, then 2 minutes, then is given up and its sealed copy dropped
    assert seen[0][:2] == ("pending", 1) and seen[0][2] == 1
    assert seen[1][:2] == ("pending", 2) and seen[1][2] == 2
    assert seen[2][0] == "failed" and seen[2][1] == 3 and seen[2][3] is True


def test_two_senders_at_once_send_each_message_once(database_url: str, tmp_path: Path) -> None:
    with mail_sink(tmp_path / "sink") as sink:
        settings = settings_for(database_url, sink.port)

        async def run() -> int:
            async with db.connected(database_url):
                # given 150 messages (more than one claim's batch)
                await write(settings, 150)
                # when two senders send at once
                both = await asyncio.gather(send_due(settings), send_due(settings))
                return sum(done.sent for done in both)

        sent = asyncio.run(run())
        received = sink.received()

    # then every message arrived once
    assert sent == 150
    subjects = sorted(str(m["Subject"]) for m in received)
    assert subjects == sorted(f"Message {n}" for n in range(150))


def test_a_claim_whose_sender_died_is_taken_again_after_its_lease(
    database_url: str, tmp_path: Path
) -> None:
    with mail_sink(tmp_path / "sink") as sink:
        settings = settings_for(database_url, sink.port)

        async def run() -> tuple[int, int]:
            async with db.connected(database_url):
                await write(settings, 1)
                # given a sender that claimed the message and died
                await outbox.claim(10, datetime.timedelta(seconds=300))
                # when another sends while the lease holds, then after it ended
                during = (await send_due(settings)).sent
                await OutboxMessage.all().update(
                    claimed_until=datetime.datetime.now(datetime.UTC) - datetime.timedelta(1)
                )
                after = (await send_due(settings)).sent
                return during, after

        during, after = asyncio.run(run())

    # then nothing is sent during the lease, and the message once after it
    assert (during, after) == (0, 1)


def test_claims_skip_locked_rows_on_postgres(database_url: str) -> None:
    # the claim's SQL asks PostgreSQL to skip rows another replica holds
    settings = settings_for(database_url, free_port())

    async def run() -> list[str]:
        async with db.connected(database_url):
            await write(settings, 1)
            with recorded_statements() as statements:
                await outbox.claim(10, datetime.timedelta(seconds=1))
            return [s for s in statements if "outbox_message" in s]

    claims = asyncio.run(run())
    assert len(claims) == 1
    assert ("FOR UPDATE SKIP LOCKED" in claims[0]) is (BACKEND == "postgres")


def test_hub_outbox_shows_what_waits_and_what_was_sent_without_addresses(
    database_url: str, tmp_path: Path
) -> None:
    with mail_sink(tmp_path / "sink") as sink:
        settings = settings_for(database_url, sink.port)

        async def run() -> None:
            async with db.connected(database_url):
                # given one message sent and one waiting
                await write(settings, 1)
                await send_due(settings)
                await write(settings, 1)

        asyncio.run(run())

    # when an operator lists the outbox, and what waits
    listed = hub_command(database_url, "outbox")
    waiting = hub_command(database_url, "outbox", "--waiting")

    # then both are shown with their state, and no address
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert [(r["kind"], r["status"]) for r in rows] == [("test", "sent"), ("test", "pending")]
    assert [r["status"] for r in json.loads(waiting.stdout)] == ["pending"]
    assert ADDRESS not in listed.stdout
