"""``GET /oembed``: petitions for sites that embed by URL (oEmbed 1.0, https://oembed.com).

A consumer (a CMS, a chat app) given a petition's widget URL —
``https://HUB/widgets/petitions/SLUG/frame[?lang=…]`` or ``…/petitions/SLUG`` — asks here for
the HTML that embeds it: a ``rich`` answer holding the widget's frame, within ``maxwidth`` and
``maxheight`` when given. As the specification says: a URL that is no petition of this hub
is 404, a format other than JSON is 501 (the hub answers JSON only). The widget frame links
here for discovery (``<link rel="alternate" type="application/json+oembed">``).
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from markupsafe import escape
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from hub.widgets.answers import error_answer
from hub.widgets.partners import normalised_origin
from hub.widgets.state import Widgets
from hub.widgets.texts import widget_language

WIDTH, HEIGHT = 480, 640
"""The frame's size when the consumer sets no bounds (it reports its height once shown)."""
CACHE_SECONDS = 300


def _bound(request: Request, name: str) -> int | None:
    text = request.query_params.get(name)
    if text is None:
        return None
    if not text.isdigit() or int(text) == 0:
        raise ValueError(f"'{name}' is a width or height in pixels: a whole number above 0.")
    return int(text)


async def oembed(request: Request, widgets: Widgets) -> Response:
    url = request.query_params.get("url")
    if not url:
        return error_answer(400, "bad_argument", "Give the petition's 'url'.", "url")
    answer_format = request.query_params.get("format", "json")
    if answer_format != "json":
        return error_answer(
            501,
            "not_implemented",
            f"The hub answers oEmbed as JSON, not '{answer_format}'.",
            "format",
        )
    try:
        max_width, max_height = _bound(request, "maxwidth"), _bound(request, "maxheight")
    except ValueError as bad:
        field = "maxwidth" if "'maxwidth'" in str(bad) else "maxheight"
        return error_answer(400, "bad_argument", str(bad), field)
    slug, language = _petition_of(url, request, widgets)
    card = await widgets.cards.card(slug) if slug else None
    if card is None:
        return error_answer(404, "not_found", "The URL is not one of this hub's petitions.", "url")
    width = min(WIDTH, max_width) if max_width else WIDTH
    height = min(HEIGHT, max_height) if max_height else HEIGHT
    origin = normalised_origin(url)
    query = urlencode({"lang": language}) if language else ""
    src = f"{origin}/widgets/petitions/{card.slug}/frame" + (f"?{query}" if query else "")
    title = card.answer(language or card.original_language)["title"]
    frame = (
        f'<iframe src="{escape(src)}" width="{width}" height="{height}" title="{escape(title)}"'
        ' style="border:0;max-width:100%" loading="lazy"></iframe>'
    )
    return JSONResponse(
        {
            "version": "1.0",
            "type": "rich",
            "title": title,
            "provider_name": "The hub",
            "provider_url": origin,
            "cache_age": CACHE_SECONDS,
            "html": frame,
            "width": width,
            "height": height,
        },
        headers={"Cache-Control": f"public, max-age={CACHE_SECONDS}"},
    )


def _petition_of(url: str, request: Request, widgets: Widgets) -> tuple[str | None, str | None]:
    """The slug and language of a widget URL of this hub, or (None, None)."""
    parts = urlsplit(url)
    own = {normalised_origin(str(request.base_url)), normalised_origin(widgets.settings.issuer)}
    if parts.scheme not in ("http", "https") or normalised_origin(url) not in own:
        return None, None
    steps = parts.path.strip("/").split("/")
    if steps[:2] != ["widgets", "petitions"] or len(steps) not in (3, 4):
        return None, None
    if len(steps) == 4 and steps[3] != "frame":
        return None, None
    asked = dict(pair.split("=", 1) for pair in parts.query.split("&") if "=" in pair)
    language = widget_language(asked["lang"]) if "lang" in asked else None
    return steps[2], language
