"""Events: what a write tells the hub's subscribers after it commits.

A write publishes an :class:`~hub.events.bus.Event` once its transaction has committed
(``publish``). In one process on SQLite it goes straight to this process's subscribers; on
PostgreSQL it is sent with ``NOTIFY`` on the hub's channel, and every replica (this one
included) hears it on a connection of its own kept for ``LISTEN`` (``hub.events.postgres``)
and hands it to its subscribers. GraphQL subscriptions (``schema.live``) are those
subscribers.
"""

from hub.events.bus import (
    CHANNEL,
    EVENTS,
    Event,
    Events,
    alert_filed,
    petition_counted,
    publish,
    statement_co_signed,
)

__all__ = [
    "CHANNEL",
    "EVENTS",
    "Event",
    "Events",
    "alert_filed",
    "petition_counted",
    "publish",
    "statement_co_signed",
]
