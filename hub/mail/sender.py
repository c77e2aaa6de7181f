"""Each hub process's outbox sender: claims what is due, sends it over SMTP, marks it."""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import email
import email.utils
import logging
from dataclasses import dataclass

import aiosmtplib

from hub.db import DatabaseUnavailable, connection_lost
from hub.keyring import UnknownKey, keyring
from hub.mail import outbox
from hub.mail.message import POLICY
from hub.mail.outbox import Claimed
from hub.models.mail import OutboxStatus
from hub.settings import Settings

log = logging.getLogger(__name__)

STOP_SECONDS = 5.0
"""How long a stopping hub waits for the sender's round to end."""

BATCH = 100
"""Messages claimed, and sent over one SMTP connection, at a time."""


@dataclass
class Delivered:
    """What one pass over the outbox did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0


async def send_due(settings: Settings) -> Delivered:
    """Send every message due now, a batch at a time, until none is left."""
    done = Delivered()
    lease = datetime.timedelta(seconds=settings.outbox_lease_seconds)
    while claimed := await outbox.claim(BATCH, lease):
        await _send_batch(settings, claimed, done)
    return done


async def _send_batch(settings: Settings, claimed: list[Claimed], done: Delivered) -> None:
    keys = await keyring(settings)
    retry = datetime.timedelta(seconds=settings.outbox_retry_seconds)

    async def failed(message: Claimed, error: str) -> None:
        status = await outbox.mark_failed(message, error, retry, settings.outbox_max_attempts)
        if status == OutboxStatus.FAILED:
            done.failed += 1
            log.error(
                "Outbox message %d given up after %d attempts: %s",
                message.id,
                message.attempts,
                error,
            )
        else:
            done.retried += 1

    smtp: aiosmtplib.SMTP | None = None
    unreachable: str | None = None
    try:
        for message in claimed:
            try:
                raw = keys.open(message.key_id, message.sealed)
            except UnknownKey as error:
                await failed(message, str(error))
                continue
            if unreachable is not None:  # tried once for the batch: the rest wait too
                await failed(message, unreachable)
                continue
            try:
                if smtp is None or not smtp.is_connected:
                    smtp = await _connect(settings)
            except (aiosmtplib.SMTPException, OSError) as error:
                unreachable = f"SMTP server not reachable: {error!r}"
                log.warning(
                    "The SMTP server %s:%d is not reachable: %r",
                    settings.smtp_host,
                    settings.smtp_port,
                    error,
                )
                await failed(message, unreachable)
                continue
            try:
                # sent as it was written: aiosmtplib's own flattening would fold a long
                # header (a List-Unsubscribe link) into encoded words
                await smtp.sendmail(*_envelope(raw), raw)
            except (aiosmtplib.SMTPException, OSError) as error:
                log.warning("Outbox message %d not sent: %r", message.id, error)
                await failed(message, f"{type(error).__name__}: {error}")
                continue
            if await outbox.mark_sent(message.id):
                done.sent += 1
    finally:
        if smtp is not None and smtp.is_connected:
            with contextlib.suppress(aiosmtplib.SMTPException, OSError):
                await smtp.quit()


def _envelope(raw: bytes) -> tuple[str, list[str]]:
    """The sender and the recipients of a message, from its headers."""
    headers = email.message_from_bytes(raw, policy=POLICY)
    sender = email.utils.parseaddr(str(headers["From"]))[1]
    recipients = [address for _, address in email.utils.getaddresses(headers.get_all("To", []))]
    return sender, recipients


async def _connect(settings: Settings) -> aiosmtplib.SMTP:
    smtp = aiosmtplib.SMTP(
        hostname=settings.smtp_host,
        port=settings.smtp_port,
        use_tls=settings.smtp_security == "tls",
        start_tls=settings.smtp_security == "starttls",
        timeout=settings.smtp_timeout_seconds,
    )
    await smtp.connect()
    if settings.smtp_username:
        await smtp.login(settings.smtp_username, settings.smtp_password or "")
    return smtp


class OutboxSender:
    """Sends the outbox while the app runs: at once when told of new mail (:meth:`wake`),
    and every ``outbox_poll_seconds`` for mail other processes wrote or that is due again."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._woken = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        """Cancel the task, and wait for it a few seconds at most: a hub shutting down is
        never held up by a round that does not end (an SMTP server that stopped answering)."""
        task, self._task = self._task, None
        if task is None:
            return
        task.cancel()
        done, _ = await asyncio.wait({task}, timeout=STOP_SECONDS)
        if not done:
            log.warning("The outbox sender did not stop within %s s: left behind", STOP_SECONDS)

    def wake(self) -> None:
        self._woken.set()

    async def _run(self) -> None:
        while True:
            self._woken.clear()
            try:
                await send_due(self.settings)
            except Exception as error:  # the next round tries again
                if isinstance(error, DatabaseUnavailable) or connection_lost(error):
                    log.warning("The outbox met the database away this round: %r", error)
                else:
                    log.exception("The outbox could not be sent this round")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._woken.wait(), self.settings.outbox_poll_seconds)
