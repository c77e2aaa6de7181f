"""``/dashboard/``: the coalition dashboard, a page of the hub built on its public API.

Choose a coalition, working group or monitoring group (or an organisation, a country, a
campaign) and see its members drawn as a network with their countries and campaigns, the
alerts in those countries (the archive's facets), the statements the members co-signed,
their petitions with counts moving live (a subscription), and the membership on any day.

The page is the hub's own HTML, script and styles (``static/``; the drawings are SVG made
by the script), in the network's six languages (Arabic right to left). It reads through
``/graphql`` only, with the persisted operations of ``operations/``, and loads nothing
from another host.
"""

from __future__ import annotations

import json
import tomllib
from functools import cache
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from hub.dashboard.operations import dashboard_operations
from hub.dashboard.texts import LANGUAGE_NAMES, WORDS
from schema.languages import accepted_languages

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
KINDS = ("group", "organisation", "country", "campaign")
RIGHT_TO_LEFT = frozenset({"ar"})
POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
    " connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
_templates = Environment(
    loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"])
)


def dashboard_language(request: Request) -> str:
    """The language asked with ``?lang=``, else the first of Accept-Language the
    dashboard speaks, else English."""
    asked = request.query_params.get("lang")
    if asked is not None and asked in WORDS:
        return asked
    spoken = accepted_languages(request.headers.get("accept-language", ""))
    return next((lang for lang in spoken if lang in WORDS), "en")


@cache
def violation_names(language: str) -> dict[str, str]:
    """The violation types' names in ``language``, from the controlled vocabulary."""
    text = resources.files("fixtures").joinpath("vocabulary.toml").read_text(encoding="utf-8")
    rows = tomllib.loads(text)["alerts"]["violations"]
    position = 3 + list(WORDS).index(language)
    return {name.upper().replace("-", "_"): row[position] for name, row in rows.items()}


async def dashboard(request: Request) -> Response:
    kind = request.path_params.get("kind")
    slug = request.path_params.get("slug")
    language = dashboard_language(request)
    chosen = request.query_params.get("choice", "")
    if kind is None and "/" in chosen:  # the chooser, sent without the page's script
        kind, slug = chosen.split("/", 1)
        return RedirectResponse(f"/dashboard/{quote(kind)}/{quote(slug)}?lang={language}", 303)
    if kind is not None and kind not in KINDS:
        return HTMLResponse(
            _templates.get_template("missing.html").render(
                language=language,
                direction="rtl" if language in RIGHT_TO_LEFT else "ltr",
                words=WORDS[language],
                message=WORDS[language]["not_found"].format(slug=f"{kind}/{slug}"),
            ),
            status_code=404,
            headers={"Content-Security-Policy": POLICY},
        )
    setup = {
        "language": language,
        "words": WORDS[language],
        "violations": violation_names(language),
        "subject": {"kind": kind, "slug": slug} if kind else None,
        "operations": {
            name: {"sha256": operation.sha256, "document": operation.document}
            for name, operation in dashboard_operations().items()
        },
    }
    page = _templates.get_template("dashboard.html").render(
        language=language,
        direction="rtl" if language in RIGHT_TO_LEFT else "ltr",
        words=WORDS[language],
        languages=LANGUAGE_NAMES,
        path=request.url.path,
        setup_json=json.dumps(setup, ensure_ascii=False).replace("</", "<\\/"),
    )
    return HTMLResponse(
        page, headers={"Content-Security-Policy": POLICY, "Cache-Control": "no-cache"}
    )


async def to_dashboard(request: Request) -> Response:
    return RedirectResponse(request.url.replace(path="/dashboard/"), status_code=308)


def dashboard_routes() -> list[BaseRoute]:
    return [
        Route("/dashboard", to_dashboard),
        Route("/dashboard/", dashboard),
        Mount("/dashboard/static", StaticFiles(directory=STATIC), name="dashboard-static"),
        Route("/dashboard/{kind}/{slug}", dashboard),
    ]
