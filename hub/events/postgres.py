"""Events across replicas: ``LISTEN`` on a PostgreSQL connection of this process's own.

The connection is not one of the pool's: a pooled connection is reset (``UNLISTEN *``)
each time it is given back, and would miss notifications while lent out. When it is lost
(the database restarted, the network dropped), the listener connects again, waiting a
little longer after each failure, up to ``MOST_SECONDS_BETWEEN_TRIES``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import asyncpg

from hub.db import lone_connection_url
from hub.events.bus import CHANNEL, EVENTS, Event, Events
from hub.settings import Settings

log = logging.getLogger(__name__)

CHECK_SECONDS = 10.0
"""How often a quiet connection is asked whether it is still there."""
MOST_SECONDS_BETWEEN_TRIES = 5.0
APPLICATION_NAME = "hub events"
"""How the listening connection names itself to PostgreSQL (``pg_stat_activity``)."""


class Listener:
    """Hands the notifications on the hub's channel to this process's subscribers."""

    def __init__(self, dsn: str, events: Events = EVENTS) -> None:
        self.dsn = dsn
        self.events = events
        self.listening = asyncio.Event()
        """Set while a connection listens: set for the first time once it does."""
        self.connections_made = 0
        self._task: asyncio.Task[None] | None = None

    async def start(self, wait_seconds: float = 10.0) -> None:
        """Start listening, and wait (so long at most) until the first connection listens."""
        self._task = asyncio.create_task(self._listen_always())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.listening.wait(), wait_seconds)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _listen_always(self) -> None:
        wait = 0.1
        while True:
            try:
                await self._listen_once()
                wait = 0.1
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
                log.warning("Listening for events failed; trying again in %.1f s: %r", wait, error)
            self.listening.clear()
            await asyncio.sleep(wait)
            wait = min(wait * 2, MOST_SECONDS_BETWEEN_TRIES)

    async def _listen_once(self) -> None:
        """Listen on one connection until it is lost."""
        connection: asyncpg.Connection[Any] = await asyncpg.connect(
            self.dsn, server_settings={"application_name": APPLICATION_NAME}
        )
        lost = asyncio.Event()
        try:
            connection.add_termination_listener(lambda _connection: lost.set())
            await connection.add_listener(CHANNEL, self._heard)
            self.connections_made += 1
            if self.connections_made > 1:
                log.info("Listening for events again")
            self.listening.set()
            while not lost.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(lost.wait(), CHECK_SECONDS)
                if not lost.is_set():
                    await connection.execute("SELECT 1")  # raises once the server is gone
        finally:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(connection.close(), 2)

    def _heard(self, _connection: Any, _pid: int, _channel: str, payload: object) -> None:
        event = Event.decoded(payload) if isinstance(payload, str) else None
        if event is None:
            log.warning("Ignored a notification on %s that is no event: %.200s", CHANNEL, payload)
            return
        self.events.deliver(event)


async def events_across_replicas(settings: Settings) -> Listener | None:
    """On PostgreSQL, a listener started for this process; on SQLite, none is needed."""
    url = lone_connection_url(settings.database_url)
    if url is None:
        return None
    listener = Listener(url)
    await listener.start()
    return listener
