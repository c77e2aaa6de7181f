"""Partner widgets: what news sites and other organisations embed in their own pages.

| route | what it is |
|---|---|
| ``GET /widgets/embed.js`` | the script partners load; it turns marks into frames |
| ``GET /widgets/example[?petition=&lang=]`` | a page of the hub's own holding the embed snippet |
| ``GET /widgets/petitions/{slug}/frame`` | the widget itself: count, goal, sign form, endorsers |
| ``GET /widgets/petitions/{slug}`` | the petition's card as JSON (counters, partners' own forms) |
| ``GET /widgets/petitions/{slug}/events`` | the count as it moves (Server-Sent Events) |
| ``POST /widgets/petitions/{slug}/signatures`` | a person signs (JSON or an HTML form) |
| ``GET, POST /widgets/signatures/{action}/{token}`` | a signer's link: confirm, erase, consent |
| ``GET /oembed?url=…&format=json`` | oEmbed: the HTML that embeds a petition's widget |

Everything is anonymous and cookie-less; the rules for signing live in
``hub.services.petition_signing``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from hub.mail.sender import OutboxSender
from hub.settings import Settings
from hub.widgets.counters import counter
from hub.widgets.events import count_events
from hub.widgets.example import example
from hub.widgets.frames import STATIC, frame
from hub.widgets.oembed import oembed
from hub.widgets.signer_pages import signer_link
from hub.widgets.signing import preflight, sign
from hub.widgets.state import Widgets

EMBED_SECONDS = 3600

Handler = Callable[[Request, Widgets], Awaitable[Response]]


def widget_routes(settings: Settings, mail: OutboxSender | None = None) -> list[BaseRoute]:
    widgets = Widgets.for_settings(settings, mail or OutboxSender(settings))

    def bound(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            return await handler(request, widgets)

        return endpoint

    async def embed_script(_request: Request) -> Response:
        return FileResponse(
            STATIC / "embed.js",
            media_type="text/javascript",
            headers={"Cache-Control": f"public, max-age={EMBED_SECONDS}"},
        )

    petition = "/widgets/petitions/{slug}"
    return [
        Route("/widgets/embed.js", embed_script),
        Route("/widgets/example", example),
        Route(petition, bound(counter)),
        Route(f"{petition}/frame", bound(frame), name="widget-frame"),
        Route(f"{petition}/events", bound(count_events)),
        Route(f"{petition}/signatures", bound(sign), methods=["POST"], name="widget-signatures"),
        Route(f"{petition}/signatures", bound(preflight), methods=["OPTIONS"]),
        Route("/widgets/signatures/{action}/{token}", bound(signer_link), methods=["GET", "POST"]),
        Route("/oembed", bound(oembed), name="oembed"),
        Mount("/widgets/static", StaticFiles(directory=STATIC), name="widget-static"),
    ]
