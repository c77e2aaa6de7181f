"""``GET /widgets/petitions/{slug}/events``: a petition's count as it moves (Server-Sent Events).

Each stream sends the count when it opens and again whenever it changes: at once for
signatures this process writes, within ``widget_refresh_seconds`` for the others. A stream
ends after ``STREAM_SECONDS``, and the browser's EventSource opens a new one by itself, so
no connection is held forever.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator

from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.requests import Request
from starlette.responses import Response

from hub.widgets.answers import no_petition
from hub.widgets.state import Widgets

STREAM_SECONDS = 600.0
RECONNECT_MILLISECONDS = 3000


async def count_events(request: Request, widgets: Widgets) -> Response:
    slug = request.path_params["slug"]
    if await widgets.cards.card(slug) is None:
        return no_petition(slug)
    return EventSourceResponse(
        _counts(request, widgets, slug),
        headers={"Cache-Control": "no-store", "Access-Control-Allow-Origin": "*"},
        ping=15,
    )


async def _counts(request: Request, widgets: Widgets, slug: str) -> AsyncIterator[ServerSentEvent]:
    ends = time.monotonic() + STREAM_SECONDS
    sent: tuple[int, str] | None = None
    while time.monotonic() < ends and not await request.is_disconnected():
        card = await widgets.cards.card(slug)
        if card is None:
            return
        now = (card.signature_count, card.status)
        if now != sent:
            sent = now
            yield ServerSentEvent(
                data=json.dumps({"signatureCount": card.signature_count, "status": card.status}),
                event="count",
                retry=RECONNECT_MILLISECONDS,
            )
        await widgets.cards.moved(widgets.settings.widget_refresh_seconds)
