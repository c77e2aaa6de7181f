"""``GET /widgets/example``: a page of the hub holding the embed snippet of the README.

The demo network's partner ``this-hub`` has the hub's own origins (``http://127.0.0.1:8000``
and ``http://localhost:8000``), so on a laptop the snippet works as written on this page;
a partner's own site works the same once its origins are registered.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from hub.models import Petition
from hub.models.petitions import PetitionStatus
from hub.widgets.frames import missing_page
from hub.widgets.texts import widget_language

PARTNER = "this-hub"
PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>A page embedding a petition</title>
</head>
<body>
<main>
<h1>A page embedding a petition</h1>
<div data-hub-petition="{slug}" data-lang="{language}" data-partner="{partner}"></div>
<script src="{hub}/widgets/embed.js" async></script>
</main>
</body>
</html>
"""


async def example(request: Request) -> Response:
    language = widget_language(request.query_params.get("lang") or "ar")
    slug = request.query_params.get("petition") or await _newest_open_petition()
    if slug is None or not await Petition.exists(slug=slug):
        return missing_page(request, language, "petition", slug or "")
    hub = f"{request.url.scheme}://{request.url.netloc}"
    return HTMLResponse(PAGE.format(slug=slug, language=language, partner=PARTNER, hub=hub))


async def _newest_open_petition() -> str | None:
    petition = (
        await Petition.filter(status=PetitionStatus.OPEN).order_by("-opened_at", "-id").first()
    )
    return petition.slug if petition is not None else None
