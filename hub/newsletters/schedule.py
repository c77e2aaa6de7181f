"""The running hub's digest schedule: every ``HUB_NEWSLETTER_INTERVAL_SECONDS``, each
subscription whose last digest is that old gets the next one, if it has new items.

Every replica may run it: a digest's items are recorded once per subscription, so two
replicas building the same digest queue one mail. A restart loses nothing: what is due is
read from the digests sent, not from this process's memory.
"""

from __future__ import annotations

import asyncio
import datetime
import logging

from hub.mail.sender import STOP_SECONDS, OutboxSender
from hub.newsletters.digests import send_digests
from hub.settings import Settings

log = logging.getLogger(__name__)

LONGEST_NAP = 300.0
"""The schedule looks for due digests at least this often (seconds), the first time this
long after the hub starts."""


class DigestSchedule:
    def __init__(self, settings: Settings, mail: OutboxSender) -> None:
        self.settings = settings
        self.mail = mail
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None and self.settings.newsletter_interval_seconds > 0:
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
            log.warning("The digest schedule did not stop within %s s: left behind", STOP_SECONDS)

    async def _run(self) -> None:
        interval = self.settings.newsletter_interval_seconds
        every = datetime.timedelta(seconds=interval)
        while True:
            # first a nap: a hub just started serves before it writes digests
            await asyncio.sleep(min(interval, LONGEST_NAP))
            try:
                run = await send_digests(self.settings, every)
                if run.digests:
                    self.mail.wake()
            except Exception:  # the database away, say: the next round tries again
                log.warning("The newsletters' digests could not be built this round", exc_info=True)
