"""Special reports as printable pages: ``GET /reports/{slug}[?lang=xx]``.

A published report, in the language asked (else the reader's Accept-Language, else its
original language), with ``lang`` and ``dir`` set on the page and on every text served in
another language, and a stylesheet made for print as much as for screens. A report not
published is not found.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from hub.feeds import not_found_page
from hub.geography import country_name
from hub.models import (
    Alert,
    Campaign,
    Organisation,
    Report,
    ReportAlert,
    ReportCampaign,
    ReportCountry,
)
from hub.models.reports import ReportStatus
from hub.texts_served import direction, served_text
from schema.languages import accepted_languages, parse_language

HERE = Path(__file__).parent
_templates = Environment(
    loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"])
)
PAGE_SECONDS = 300


def paragraphs(text: str) -> list[str]:
    return [part.strip() for part in text.split("\n\n") if part.strip()]


def wanted_languages(request: Request) -> list[str] | JSONResponse:
    asked = request.query_params.get("lang")
    if asked is None:
        return accepted_languages(request.headers.get("accept-language", ""))
    try:
        return [parse_language(asked)]
    except ValueError as problem:
        return JSONResponse(
            {"error": {"code": "invalid", "field": "lang", "message": str(problem)}},
            status_code=400,
        )


async def report_page(request: Request) -> Response:
    wanted = wanted_languages(request)
    if isinstance(wanted, JSONResponse):
        return wanted
    slug = request.path_params["slug"]
    report = await Report.get_or_none(slug=slug, status=ReportStatus.PUBLISHED)
    if report is None:
        return not_found_page(f"No published report is called '{slug}'.")
    title = served_text(report.title, report.original_language, *wanted)
    language = title.language

    def text(texts: dict[str, str], original: str) -> dict[str, str]:
        served = served_text(texts, original, language)
        return {"text": served.text, "lang": served.language, "dir": direction(served.language)}

    author = await Organisation.get(id=report.organisation_id)
    codes = await ReportCountry.filter(report_id=report.id).order_by("country_id")
    campaign_ids = await ReportCampaign.filter(report_id=report.id).order_by("id")
    campaigns = {
        c.id: c for c in await Campaign.filter(id__in=[c.campaign_id for c in campaign_ids])
    }
    cited = await ReportAlert.filter(report_id=report.id).order_by("id")
    alerts = {a.id: a for a in await Alert.filter(id__in=[c.alert_id for c in cited])}
    body = served_text(report.body, report.original_language, language)
    page = _templates.get_template("report.html").render(
        language=language,
        direction=direction(language),
        title=title.text,
        summary=text(report.summary, report.original_language),
        body={
            "paragraphs": paragraphs(body.text),
            "lang": body.language,
            "dir": direction(body.language),
        },
        covered_on=report.covered_on.isoformat(),
        author=text(author.name, author.original_language),
        countries=[named_country(c.country_id, language) for c in codes],
        campaigns=[
            text(campaigns[c.campaign_id].title, campaigns[c.campaign_id].original_language)
            for c in campaign_ids
        ],
        alerts=[
            {
                "occurred_on": alerts[c.alert_id].occurred_on.isoformat(),
                "country": alerts[c.alert_id].country_id,
                **text(alerts[c.alert_id].title, alerts[c.alert_id].original_language),
            }
            for c in cited
        ],
    )
    return HTMLResponse(
        page,
        headers={"Cache-Control": f"public, max-age={PAGE_SECONDS}", "Content-Language": language},
    )


def named_country(code: str, language: str) -> str:
    try:
        return country_name(code, language.split("-")[0])
    except KeyError:  # a code iso-codes does not know (XK, say) is shown as it is
        return code


def report_routes() -> list[BaseRoute]:
    return [
        Mount("/reports/static", StaticFiles(directory=HERE / "static"), name="report-static"),
        Route("/reports/{slug}", report_page),
    ]
