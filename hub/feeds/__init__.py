"""Atom feeds of what the network publishes.

| route | what it is |
|---|---|
| ``GET /feeds/alerts.atom[?country=XX…&violation=TYPE…&lang=xx]`` | the newest alerts, filtered |
| ``GET /feeds/campaigns/{slug}.atom[?lang=xx]`` | a campaign's news: its timeline |

Both answer with an ``ETag`` and ``Last-Modified``, and 304 to a reader whose copy is
current; a bad parameter is a 400 naming it, an unknown campaign a 404 page.
"""

from __future__ import annotations

from html import escape

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Route

from hub.feeds.alerts import alerts_feed
from hub.feeds.atom import answer
from hub.feeds.campaigns import campaign_feed
from hub.feeds.parameters import AlertFeedQuery, BadParameter, language, one, only_known
from hub.models import Campaign
from hub.settings import Settings


def bad_parameter(problem: BadParameter) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": "invalid", "field": problem.parameter, "message": problem.message}},
        status_code=400,
    )


def not_found_page(message: str) -> HTMLResponse:
    page = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        "<title>Not found</title></head>"
        f"<body><h1>Not found</h1><p>{escape(message)}</p></body></html>"
    )
    return HTMLResponse(page, status_code=404)


def feed_routes(settings: Settings) -> list[BaseRoute]:
    async def alerts(request: Request) -> Response:
        try:
            asked = AlertFeedQuery.of(request.query_params)
        except BadParameter as problem:
            return bad_parameter(problem)
        return answer(request, await alerts_feed(request, settings, asked))

    async def campaign(request: Request) -> Response:
        try:
            only_known(request.query_params, ("lang",))
            lang = one(request.query_params, "lang")
            wanted = language(lang) if lang is not None else None
        except BadParameter as problem:
            return bad_parameter(problem)
        slug = request.path_params["slug"]
        found = await Campaign.get_or_none(slug=slug)
        if found is None:
            return not_found_page(f"No campaign is called '{slug}'.")
        return answer(request, await campaign_feed(request, settings, found, wanted))

    return [
        Route("/feeds/alerts.atom", alerts),
        Route("/feeds/campaigns/{slug}.atom", campaign),
    ]
