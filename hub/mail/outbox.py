"""The outbox's rows: written with the write they are about, claimed once, marked once.

A message is claimed by one sender at a time: the claim is an UPDATE that moves it to
``sending`` with a lease, and on PostgreSQL it skips rows another replica has locked
(``FOR UPDATE SKIP LOCKED``), so two replicas never take the same message; SQLite runs one
writer at a time. A message is sent only by the sender whose claim holds it, then marked
``sent`` (its sealed copy forgotten) in one statement that still requires the claim. Only
a sender that dies between SMTP's acceptance and that mark leaves a message to be tried
again once its lease ends, with the same Message-ID, so that the receiving side can tell
it is the same mail.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from email.message import EmailMessage

from tortoise.backends.base.client import BaseDBAsyncClient

from hub import clock
from hub.db import transaction
from hub.keyring import Keyring
from hub.models import OutboxMessage
from hub.models.mail import OutboxStatus
from hub.services.dialect import Dialect

ERROR_LENGTH = 500


@dataclass(frozen=True)
class Outgoing:
    """A mail to write to the outbox."""

    message: EmailMessage
    kind: str
    language: str
    about: str = ""


@dataclass(frozen=True)
class Claimed:
    """A message this sender holds until its lease ends."""

    id: int
    key_id: str
    sealed: bytes
    attempts: int


async def enqueue(connection: BaseDBAsyncClient, keyring: Keyring, mails: list[Outgoing]) -> None:
    """Write ``mails`` to the outbox in the caller's transaction, sealed."""
    now = clock.now()
    rows = []
    for mail in mails:
        key_id, sealed = keyring.seal(mail.message.as_bytes())
        rows.append(
            OutboxMessage(
                kind=mail.kind,
                language=mail.language,
                about=mail.about,
                sealed=sealed,
                key_id=key_id,
                message_id=str(mail.message["Message-ID"]),
                next_attempt_at=now,
                created_at=now,
            )
        )
    if rows:
        await OutboxMessage.bulk_create(rows, using_db=connection)


async def claim(limit: int, lease: datetime.timedelta) -> list[Claimed]:
    """Up to ``limit`` messages due now (or whose sender's lease ended), claimed."""
    now = clock.now()
    async with transaction() as connection:
        dialect = Dialect.of(connection)
        skip_locked = " FOR UPDATE SKIP LOCKED" if dialect.postgres else ""
        mark = [dialect.marks(1, n) for n in range(1, 5)]
        rows = await connection.execute_query_dict(
            f'UPDATE "outbox_message" SET "status" = \'sending\', "attempts" = "attempts" + 1,'
            f' "claimed_until" = {mark[0]}'
            ' WHERE "id" IN (SELECT "id" FROM "outbox_message"'
            f' WHERE ("status" = \'pending\' AND "next_attempt_at" <= {mark[1]})'
            f' OR ("status" = \'sending\' AND "claimed_until" <= {mark[2]})'
            f' ORDER BY "id" LIMIT {mark[3]}{skip_locked})'
            ' RETURNING "id", "key_id", "sealed", "attempts"',
            [dialect.moment(now + lease), dialect.moment(now), dialect.moment(now), limit],
        )
    return sorted(
        (
            Claimed(int(r["id"]), str(r["key_id"]), bytes(r["sealed"]), int(r["attempts"]))
            for r in rows
        ),
        key=lambda claimed: claimed.id,
    )


async def mark_sent(message_id: int) -> bool:
    """Sent: the sealed copy is forgotten. False if the claim had been lost meanwhile."""
    updated = await OutboxMessage.filter(id=message_id, status=OutboxStatus.SENDING).update(
        status=OutboxStatus.SENT,
        sealed=None,
        sent_at=clock.now(),
        claimed_until=None,
        last_error=None,
    )
    return updated == 1


async def mark_failed(
    claimed: Claimed, error: str, retry: datetime.timedelta, max_attempts: int
) -> OutboxStatus:
    """Tried again after ``retry`` doubled per attempt made, or given up (and forgotten)."""
    if claimed.attempts >= max_attempts:
        await OutboxMessage.filter(id=claimed.id, status=OutboxStatus.SENDING).update(
            status=OutboxStatus.FAILED,
            sealed=None,
            claimed_until=None,
            last_error=error[:ERROR_LENGTH],
        )
        return OutboxStatus.FAILED
    wait = retry * 2 ** (claimed.attempts - 1)
    await OutboxMessage.filter(id=claimed.id, status=OutboxStatus.SENDING).update(
        status=OutboxStatus.PENDING,
        next_attempt_at=clock.now() + wait,
        claimed_until=None,
        last_error=error[:ERROR_LENGTH],
    )
    return OutboxStatus.PENDING
