"""One process's subscribers: each hears the events of its topic and keys, once."""

from __future__ import annotations

import asyncio

import pytest

from hub.events import bus
from hub.events.bus import Event, Events, FellBehind, alert_filed, petition_counted


async def test_an_event_reaches_the_subscribers_of_its_topic_and_key_only() -> None:
    # given subscribers to Mexico's and Tunisia's alerts, and to France's
    events = Events()
    async with (
        events.subscription("alert.filed", ["MX", "TN"]) as americas_and_africa,
        events.subscription("alert.filed", ["FR"]) as europe,
    ):
        # when alerts are filed in France and Tunisia, and a petition's count moves
        events.deliver(alert_filed("FR", 1))
        events.deliver(petition_counted(7))
        events.deliver(alert_filed("TN", 2))

        # then each hears its own, in order
        assert await anext(europe) == alert_filed("FR", 1)
        assert await anext(americas_and_africa) == alert_filed("TN", 2)
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(anext(europe), 0.05)


async def test_a_subscriber_that_left_is_forgotten() -> None:
    events = Events()
    async with events.subscription("petition.counted", ["7", "7"]):
        assert events.following("petition.counted", "7") == 1
    assert events.following("petition.counted", "7") == 0


async def test_a_subscriber_that_falls_behind_is_told_rather_than_served_less(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given a subscriber who may have 2 events waiting
    monkeypatch.setattr(bus, "QUEUE_SIZE", 2)
    events = Events()
    async with events.subscription("petition.counted", ["7"]) as counts:
        # when 3 come before it reads any
        for _ in range(3):
            events.deliver(petition_counted(7))

        # then it is ended, saying why
        with pytest.raises(FellBehind):
            await anext(counts)


@pytest.mark.parametrize(
    "payload", ["", "not json", "[1, 2, 3]", '["petition.counted", "7"]', '{"a": 1}']
)
def test_a_notification_that_is_no_event_is_ignored(payload: str) -> None:
    assert Event.decoded(payload) is None


def test_an_event_survives_its_notification() -> None:
    event = alert_filed("TN", 42)
    assert Event.decoded(event.encoded()) == event
