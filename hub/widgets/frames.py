"""The widget frame a partner's page embeds, and the script that embeds it.

The frame is the hub's own page inside the partner's: it shows the petition in the asked
language (right to left for Arabic), its count, goal and endorsers, and the sign form. It is
cacheable for a few seconds, sets no cookies, loads only the hub's own script and styles,
and, when it names a partner, may be framed only by that partner's origins.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from hub.geography import all_countries, country_name
from hub.services.errors import WriteRefused
from hub.widgets.cards import Card
from hub.widgets.linked_data import petition_json_ld, script_text
from hub.widgets.numbers import formatted, number_locale
from hub.widgets.partners import normalised_origin
from hub.widgets.state import Widgets
from hub.widgets.texts import (
    MISSING,
    REFUSALS,
    RIGHT_TO_LEFT,
    WORDS,
    refusal_text,
    widget_language,
)

HERE = Path(__file__).parent
STATIC = HERE / "static"
FRAME_SECONDS = 5
_templates = Environment(
    loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"])
)


async def frame(request: Request, widgets: Widgets) -> Response:
    slug = request.path_params["slug"]
    language = widget_language(request.query_params.get("lang"))
    card = await widgets.cards.card(slug)
    if card is None:
        return missing_page(request, language, "petition", slug)
    partner = request.query_params.get("partner") or None
    known = await widgets.partners.named(partner) if partner else None
    if partner is not None and known is None:
        return missing_page(request, language, "partner", partner)
    # the page it is embedded in, as the embed script says, else as the browser's Referer
    # does: a token only for one of the partner's own origins (elsewhere, the frame names
    # the partner's origins as its only ancestors, and the browser refuses to show it)
    said = request.query_params.get("origin") or request.headers.get("referer", "")
    origin = page_origin(said) if said else None
    if known is None or origin not in known.origins:
        origin = None
    token = None
    if known is not None and origin is not None:
        token = await widgets.tokens.issue(known.slug, card.petition_id, origin)
    response = render_frame(
        request,
        card,
        language,
        partner,
        thanked=request.query_params.get("signed") == "1",
        partner_token=token,
        origin=origin if known is not None else None,
    )
    # a frame counted for a partner is framed by that partner's pages only: with a token,
    # by the one page origin the token names
    ancestors = "*"
    if known is not None:
        ancestors = origin if token and origin else " ".join(sorted(known.origins)) or "'none'"
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self';"
        f" form-action 'self'; base-uri 'none'; frame-ancestors {ancestors}"
    )
    response.headers["Cache-Control"] = f"public, max-age={FRAME_SECONDS}"
    if known is not None and "origin" not in request.query_params:
        response.headers["Vary"] = "Referer"
    return response


def page_origin(url: str) -> str | None:
    """The origin of a web page's URL, or None if it is not one."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return normalised_origin(url)


def render_frame(
    request: Request,
    card: Card,
    language: str,
    partner: str | None,
    thanked: bool = False,
    refusal: WriteRefused | None = None,
    filled: dict[str, Any] | None = None,
    status_code: int = 200,
    partner_token: str | None = None,
    origin: str | None = None,
) -> HTMLResponse:
    answer = card.answer(language)
    words = WORDS[language]
    frame_url = str(
        request.url_for("widget-frame", slug=card.slug).include_query_params(lang=language)
    )
    linked = petition_json_ld(
        answer, frame_url, str(request.url_for("widget-signatures", slug=card.slug))
    )
    page = _templates.get_template("frame.html").render(
        card=answer,
        language=language,
        direction="rtl" if language in RIGHT_TO_LEFT else "ltr",
        words=words,
        refusals_json=json.dumps(REFUSALS[language], ensure_ascii=False),
        count_text=formatted(answer["signatureCount"], language),
        goal_text=words["goal"].format(goal=formatted(answer["goal"], language)),
        number_locale=number_locale(language),
        countries=_countries(language),
        partner=partner,
        partner_token=partner_token,
        origin=origin,
        thanked=thanked,
        refusal_text=(
            refusal_text(language, refusal.code, refusal.field, refusal.message) if refusal else ""
        ),
        refused_field=refusal.field if refusal else None,
        filled=filled or {},
        static=request.url_for("widget-static", path="").path.rstrip("/"),
        json_ld=Markup(script_text(linked)),
        oembed_url=str(
            request.url_for("oembed").include_query_params(url=frame_url, format="json")
        ),
    )
    return HTMLResponse(page, status_code=status_code)


def missing_page(
    request: Request, language: str, what: Literal["petition", "partner"], slug: str
) -> HTMLResponse:
    """A 404 page a person can read, in the asked language: the frame shows it in place
    of the widget."""
    page = _templates.get_template("missing.html").render(
        language=language,
        direction="rtl" if language in RIGHT_TO_LEFT else "ltr",
        title=MISSING[language]["title"],
        message=MISSING[language][what].format(slug=slug),
        static=request.url_for("widget-static", path="").path.rstrip("/"),
    )
    response = HTMLResponse(page, status_code=404)
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'"
    )
    return response


_COUNTRY_LISTS: dict[str, list[tuple[str, str]]] = {}


def _countries(language: str) -> list[tuple[str, str]]:
    if language not in _COUNTRY_LISTS:
        names = [(code, country_name(code, language)) for code, *_ in all_countries()]
        _COUNTRY_LISTS[language] = sorted(names, key=lambda pair: pair[1])
    return _COUNTRY_LISTS[language]
