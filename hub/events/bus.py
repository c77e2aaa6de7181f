"""Events and this process's subscribers to them."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass

from tortoise import connections

from hub.db import DATABASE
from hub.metrics import LIVE_SUBSCRIPTIONS

log = logging.getLogger(__name__)

CHANNEL = "hub_events"
"""The PostgreSQL channel every replica listens on."""

QUEUE_SIZE = 1000
"""Events one subscriber may have waiting; past that it has fallen behind and is ended."""


@dataclass(frozen=True)
class Event:
    """Something written: its ``topic``, the ``key`` subscribers follow it by (a petition's,
    a statement's ID, a country's code) and the ``subject``, the key of the row it wrote."""

    topic: str
    key: str
    subject: int

    def encoded(self) -> str:
        return json.dumps([self.topic, self.key, self.subject])

    @classmethod
    def decoded(cls, text: str) -> Event | None:
        """The event a notification carries, or None when it carries none of ours."""
        try:
            topic, key, subject = json.loads(text)
        except (ValueError, TypeError):
            return None
        if not (isinstance(topic, str) and isinstance(key, str) and isinstance(subject, int)):
            return None
        return cls(topic, key, subject)


def petition_counted(petition_id: int) -> Event:
    """A petition's signature count moved."""
    return Event("petition.counted", str(petition_id), petition_id)


def statement_co_signed(statement_id: int, signature_id: int) -> Event:
    """An organisation co-signed a statement."""
    return Event("statement.co_signed", str(statement_id), signature_id)


def alert_filed(country_code: str, alert_id: int) -> Event:
    """An alert was filed in a country."""
    return Event("alert.filed", country_code, alert_id)


class FellBehind(Exception):
    """A subscriber did not take its events as fast as they came."""


class _Subscriber:
    def __init__(self) -> None:
        self.queue: asyncio.Queue[Event] = asyncio.Queue(QUEUE_SIZE)
        self.behind = False

    def offer(self, event: Event) -> None:
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            self.behind = True


class Events:
    """This process's subscribers, by topic and key."""

    def __init__(self) -> None:
        self._subscribers: dict[tuple[str, str], set[_Subscriber]] = {}

    def deliver(self, event: Event) -> None:
        """Hand an event to everyone following its topic and key."""
        for subscriber in self._subscribers.get((event.topic, event.key), ()):
            subscriber.offer(event)

    def following(self, topic: str, key: str) -> int:
        """How many subscribers follow this topic and key here."""
        return len(self._subscribers.get((topic, key), ()))

    @contextlib.asynccontextmanager
    async def subscription(
        self, topic: str, keys: Iterable[str]
    ) -> AsyncIterator[AsyncIterator[Event]]:
        """The events of ``topic`` with any of ``keys``, as they come, until the block ends.

        Raises :class:`FellBehind` from the iterator once more than ``QUEUE_SIZE`` events
        waited for it, rather than dropping any quietly."""
        subscriber = _Subscriber()
        followed = [(topic, key) for key in set(keys)]
        for pair in followed:
            self._subscribers.setdefault(pair, set()).add(subscriber)
        LIVE_SUBSCRIPTIONS.labels(topic).inc()
        try:
            yield _events_of(subscriber)
        finally:
            LIVE_SUBSCRIPTIONS.labels(topic).dec()
            for pair in followed:
                subscribers = self._subscribers.get(pair)
                if subscribers is not None:
                    subscribers.discard(subscriber)
                    if not subscribers:
                        del self._subscribers[pair]


async def _events_of(subscriber: _Subscriber) -> AsyncIterator[Event]:
    while True:
        event = await subscriber.queue.get()
        if subscriber.behind:
            raise FellBehind()
        yield event


EVENTS = Events()
"""This process's subscribers."""

NOTIFY_ALL = f"SELECT pg_notify('{CHANNEL}', value) FROM json_array_elements_text($1::json)"


async def publish(events: Iterable[Event]) -> None:
    """Tell every subscriber, on every replica, of writes that committed.

    Called after the commit: an event never announces a write that did not happen. A
    failure to notify (the database went away just after the commit) is logged and does
    not undo the write; subscribers following counts see the right one with the next event.
    """
    published = list(events)
    if not published:
        return
    connection = connections.get(DATABASE)
    if connection.capabilities.dialect != "postgres":
        for event in published:
            EVENTS.deliver(event)
        return
    try:
        await connection.execute_query(
            NOTIFY_ALL, [json.dumps([event.encoded() for event in published])]
        )
    except Exception as error:
        log.warning("Could not announce %d events to other replicas: %r", len(published), error)
