"""``GET /widgets/petitions/{slug}``: a petition's card as JSON, for counters and own forms.

Served from memory (``hub.widgets.cards``), with an ETag that changes with the count, so a
partner's page that asks again gets ``304 Not Modified`` until someone signs. Anyone may
read it from any page: it is public, and no credentials are involved.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from hub.widgets.answers import no_petition
from hub.widgets.state import Widgets
from hub.widgets.texts import widget_language

COUNTER_SECONDS = 1


async def counter(request: Request, widgets: Widgets) -> Response:
    slug = request.path_params["slug"]
    card = await widgets.cards.card(slug)
    if card is None:
        return no_petition(slug)
    body, etag = card.served(widget_language(request.query_params.get("lang")))
    headers = {
        "ETag": etag,
        "Cache-Control": f"public, max-age={COUNTER_SECONDS}",
        "Access-Control-Allow-Origin": "*",
        "Vary": "Accept-Encoding",
    }
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)
