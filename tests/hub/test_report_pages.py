"""A published report's printable page: in the reader's language, its direction set, with
a stylesheet for print; a report not published, or unknown, is not found."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from hub import models
from hub.models.reports import ReportStatus
from tests import factories
from tests.conftest import hub_client
from tests.databases import fill


@pytest.fixture
def pages(database_url: str) -> Iterator[TestClient]:
    async def build() -> None:
        (author,) = await factories.organisations(1)
        alert = await factories.alert(author, title={"en": "Reporter detained", "ar": "احتجاز"})
        campaign = await factories.campaign(title={"en": "End impunity"})
        for slug, status in (("published", ReportStatus.PUBLISHED), ("draft", ReportStatus.DRAFT)):
            report = await models.Report.create(
                slug=f"{slug}-report",
                title={"en": "Ten years of impunity", "ar": "عشر سنوات من الإفلات من العقاب"},
                summary={"en": "Nine killings in ten go unpunished."},
                body={"en": "First part.\n\nSecond part.", "ar": "الجزء الأول.\n\nالجزء الثاني."},
                covered_on=datetime.date(2026, 11, 2),
                status=status,
                organisation_id=author.id,
                created_at=factories.when(2026, 10, 1),
            )
            await models.ReportCountry.create(report_id=report.id, country_id="MX")
            await models.ReportCampaign.create(report_id=report.id, campaign_id=campaign.id)
            await models.ReportAlert.create(report_id=report.id, alert_id=alert.id)

    fill(database_url, build)
    with hub_client(database_url) as client:
        yield client


def test_a_published_report_is_a_printable_page_in_the_readers_language(
    pages: TestClient,
) -> None:
    # when the report is read in Arabic
    page = pages.get("/reports/published-report?lang=ar")

    # then the page is Arabic, right to left, with what the report covers and cites
    assert page.status_code == 200
    html = page.text
    assert re.search(r'<html lang="ar" dir="rtl">', html)
    assert "<h1>عشر سنوات من الإفلات من العقاب</h1>" in html
    assert "<p>الجزء الأول.</p>" in html and "<p>الجزء الثاني.</p>" in html
    # a text the report lacks in Arabic is served in English, marked so
    assert '<section class="summary" lang="en" dir="ltr">' in html
    assert "المكسيك" in html  # Mexico, named in Arabic
    assert 'lang="ar" dir="rtl">احتجاز</span>' in html
    assert 'lang="en" dir="ltr">End impunity</li>' in html
    # with a stylesheet made for print
    assert '<link rel="stylesheet" href="/reports/static/report.css">' in html
    css = pages.get("/reports/static/report.css")
    assert css.status_code == 200 and "@media print" in css.text and "@page" in css.text


def test_the_page_follows_accept_language_and_refuses_a_bad_language(pages: TestClient) -> None:
    english = pages.get("/reports/published-report", headers={"Accept-Language": "de, en;q=0.5"})
    assert '<html lang="en" dir="ltr">' in english.text
    bad = pages.get("/reports/published-report?lang=klingon")
    assert bad.status_code == 400
    assert bad.json()["error"]["field"] == "lang"


def test_a_draft_or_unknown_report_is_not_found(pages: TestClient) -> None:
    for slug in ("draft-report", "no-such-report"):
        page = pages.get(f"/reports/{slug}")
        assert page.status_code == 404
        assert page.headers["content-type"].startswith("text/html")
        assert slug in page.text
