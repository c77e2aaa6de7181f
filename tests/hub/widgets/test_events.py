"""The count as it moves, over Server-Sent Events, from this hub process and from another."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import httpx

from tests.hub.widgets.petitions import build_widget_petitions, confirmation_links
from tests.live import live_hubs


def count_events(stream: httpx.Response) -> Iterator[int]:
    """The counts a stream sends, as they arrive."""
    for line in stream.iter_lines():
        if line.startswith("data:"):
            yield json.loads(line.removeprefix("data:"))["signatureCount"]


def test_the_count_reaches_streams_and_counters_of_every_replica(database_url: str) -> None:
    # given two hub processes on one database, and a reader following the count on the first
    slug = build_widget_petitions(database_url).open
    with (
        live_hubs(2, database_url, widget_refresh_seconds=0.2) as (first, second),
        httpx.Client(timeout=30) as http,
        http.stream("GET", f"{first}/widgets/petitions/{slug}/events") as stream,
    ):
        assert stream.headers["content-type"].startswith("text/event-stream")
        counts = count_events(stream)
        assert next(counts) == 0

        # when two people sign, and one confirms through the first, the other through the
        # second
        for email in ("a@example.org", "b@example.org"):
            signed = http.post(
                f"{first}/widgets/petitions/{slug}/signatures",
                json={"name": "Reader", "email": email},
            )
            assert signed.status_code == 200
        for base, link in zip((first, second), confirmation_links(database_url, slug), strict=True):
            assert http.post(f"{base}{link}").status_code == 200

        # then the stream's count rises to 2 (the second's within its refresh time)
        seen = [next(counts)]
        while seen[-1] < 2:
            seen.append(next(counts))
        assert seen in ([1, 2], [2])

        # and the second process's counter has the first's signature too
        deadline = time.monotonic() + 10
        while http.get(f"{second}/widgets/petitions/{slug}").json()["signatureCount"] != 2:
            assert time.monotonic() < deadline, "the second process never saw the count move"
            time.sleep(0.1)


def test_an_unknown_petition_has_no_stream(database_url: str) -> None:
    with live_hubs(1, database_url) as (base,):
        response = httpx.get(f"{base}/widgets/petitions/nothing/events")
    assert response.status_code == 404
