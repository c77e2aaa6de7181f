"""The newsletters' routes: subscribing, and the pages the mails' links open.

- ``POST /newsletters/subscriptions``: ask for a digest, as JSON or a form: ``email``, one
  of ``country``, ``violation`` or ``campaign``, and ``language``; 202 whatever the address.
- ``GET /newsletters/confirm/{token}``: the confirmation mail's page, a button that posts;
  ``POST`` confirms.
- ``GET /newsletters/unsubscribe/{token}``: a digest's unsubscribe page, a button; ``POST``
  unsubscribes, from that button or as a mail client's one-click POST (RFC 8058).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Route

from hub.feeds import not_found_page
from hub.mail.sender import OutboxSender
from hub.models import Subscription
from hub.newsletters import subscriptions
from hub.newsletters.topics import topic_name
from hub.newsletters.words import WORDS
from hub.services.errors import Refusal, WriteRefused
from hub.settings import Settings
from hub.texts_served import direction

_templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
)
FIELDS = ("email", "country", "violation", "campaign", "language")


STATUS = {Refusal.NOT_FOUND: 404, Refusal.TOO_MANY: 429}


def refused(problem: WriteRefused, settings: Settings) -> JSONResponse:
    too_many = problem.code == Refusal.TOO_MANY
    return JSONResponse(
        {"error": {"code": problem.code.value, "field": problem.field, "message": problem.message}},
        status_code=STATUS.get(problem.code, 400),
        headers={"Retry-After": str(settings.signature_window_seconds)} if too_many else None,
    )


async def asked_for(request: Request) -> dict[str, str]:
    """The subscription's fields, from JSON or a form; text values only."""
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            body: Any = json.loads(await request.body())
        except ValueError:
            raise WriteRefused(Refusal.INVALID, "The body is not JSON.", None) from None
        if not isinstance(body, dict):
            raise WriteRefused(Refusal.INVALID, "The body is a JSON object of fields.", None)
    else:
        body = dict(await request.form())
    given: dict[str, str] = {}
    for name in FIELDS:
        value = body.get(name)
        if value is not None and not isinstance(value, str):
            raise WriteRefused(Refusal.INVALID, f"'{name}' must be a string.", name)
        if value:
            given[name] = value
    if "email" not in given:
        raise WriteRefused(Refusal.INVALID, "An e-mail address is needed.", "email")
    return given


async def page(
    subscription: Subscription, message: str, action: str | None = None, button: str = ""
) -> HTMLResponse:
    language = subscription.language
    text = message.format(topic=await topic_name(subscription, language))
    html = _templates.get_template("page.html").render(
        language=language,
        direction=direction(language),
        message=text,
        action=action,
        button=button,
    )
    return HTMLResponse(html, headers={"Cache-Control": "no-store"})


def newsletter_routes(settings: Settings, mail: OutboxSender) -> list[BaseRoute]:
    async def subscribe(request: Request) -> Response:
        try:
            given = await asked_for(request)
            await subscriptions.subscribe(
                settings,
                given["email"],
                given.get("language"),
                country=given.get("country"),
                violation=given.get("violation"),
                campaign=given.get("campaign"),
                network_address=request.client.host if request.client else None,
            )
        except WriteRefused as problem:
            return refused(problem, settings)
        mail.wake()
        return JSONResponse(
            {
                "status": "confirmation-sent",
                "message": "Unless it is subscribed already, the"
                " address gets a mail with a link that confirms the subscription.",
            },
            status_code=202,
        )

    async def confirm(request: Request) -> Response:
        token = request.path_params["token"]
        if request.method == "GET":
            found = await subscriptions.subscription_of(settings, subscriptions.CONFIRM, token)
            if found is None:
                return not_found_page("This confirmation link is not one the hub made.")
            words = WORDS[found.language]
            return await page(
                found, words["confirm_page"], str(request.url.path), words["confirm_action"]
            )
        confirmed = await subscriptions.confirm(settings, token)
        if confirmed is None:
            return not_found_page("This confirmation link is not one the hub made.")
        return await page(confirmed, WORDS[confirmed.language]["confirmed_page"])

    async def unsubscribe(request: Request) -> Response:
        token = request.path_params["token"]
        if request.method == "GET":
            found = await subscriptions.subscription_of(settings, subscriptions.UNSUBSCRIBE, token)
            if found is None:
                return not_found_page("This unsubscribe link is not one the hub made.")
            words = WORDS[found.language]
            return await page(
                found, words["unsubscribe_page"], str(request.url.path), words["unsubscribe"]
            )
        left = await subscriptions.unsubscribe(settings, token)
        if left is None:
            return not_found_page("This unsubscribe link is not one the hub made.")
        return await page(left, WORDS[left.language]["unsubscribed_page"])

    return [
        Route("/newsletters/subscriptions", subscribe, methods=["POST"]),
        Route("/newsletters/confirm/{token}", confirm, methods=["GET", "POST"]),
        Route("/newsletters/unsubscribe/{token}", unsubscribe, methods=["GET", "POST"]),
    ]
