"""Atom feeds of alerts and of campaigns' news: valid Atom 1.0, filtered as asked, with
stable tag URIs, validators answered with 304, and errors that name what was wrong."""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from starlette.testclient import TestClient

from hub import models
from tests import factories
from tests.conftest import hub_client
from tests.databases import fill
from tests.sql_statements import recorded_statements

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TAG = re.compile(r"^tag:hub\.example\.org,2026-12-01:[\w/=.-]+$")
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)$")


@dataclass
class Archive:
    client: TestClient
    database_url: str
    campaign: str = ""
    alerts: dict[str, int] = field(default_factory=dict)


@pytest.fixture
def archive(database_url: str) -> Iterator[Archive]:
    made = Archive(None, database_url)  # type: ignore[arg-type]

    async def build() -> None:
        (source,) = await factories.organisations(1, member_since=datetime.date(2000, 1, 1))
        rows = {
            "mx-killed": dict(
                country_id="MX", violations=["killed"], occurred_on=datetime.date(2024, 5, 1)
            ),
            "mx-threatened-es": dict(
                country_id="MX",
                violations=["threatened"],
                occurred_on=datetime.date(2024, 4, 1),
                title={"es": "Periodista amenazado", "en": "Journalist threatened"},
                body={"es": "Un periodista fue amenazado."},
                original_language="es",
            ),
            "tn-arrested": dict(
                country_id="TN", violations=["arrested"], occurred_on=datetime.date(2024, 3, 1)
            ),
            "eg-censored": dict(
                country_id="EG", violations=["censored"], occurred_on=datetime.date(2024, 2, 1)
            ),
        }
        for name, fields in rows.items():
            made.alerts[name] = (await factories.alert(source, **fields)).id
        campaign = await factories.campaign(title={"en": "Day to End Impunity", "ar": "يوم"})
        made.campaign = campaign.slug
        for day, title in (
            (datetime.date(2013, 12, 18), "UN designation"),
            (datetime.date(2011, 11, 2), "First day"),
        ):
            await models.Milestone.create(
                campaign_id=campaign.id,
                occurred_on=day,
                kind="recognition",
                title={"en": title},
                description={"en": f"{title}: the story."},
            )

    fill(database_url, build)
    # no mail sender nor digest schedule: their statements would count with the feeds'
    with hub_client(database_url, outbox_sender=False, newsletter_interval_seconds=0) as client:
        made.client = client
        yield made


def parsed(body: bytes) -> ET.Element:
    return ET.fromstring(body)


def entry_ids(feed: ET.Element) -> list[str]:
    return [e.findtext(f"{ATOM}id") or "" for e in feed.findall(f"{ATOM}entry")]


def alert_tag(alert_id: int) -> str:
    return f"tag:hub.example.org,2026-12-01:alert/{alert_id}"


def test_the_alerts_feed_is_valid_atom_with_stable_tag_uris(archive: Archive) -> None:
    # when the alerts feed is read twice
    first = archive.client.get("/feeds/alerts.atom")
    again = archive.client.get("/feeds/alerts.atom")

    # then it is an Atom feed with every element RFC 4287 requires, newest first
    assert first.status_code == 200
    assert first.headers["content-type"].startswith("application/atom+xml")
    feed = parsed(first.content)
    assert feed.tag == f"{ATOM}feed"
    assert TAG.match(feed.findtext(f"{ATOM}id") or "")
    assert feed.findtext(f"{ATOM}title")
    assert RFC3339.match(feed.findtext(f"{ATOM}updated") or "")
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None
    (self_link,) = [link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_link.get("href", "").endswith("/feeds/alerts.atom")
    for entry in feed.findall(f"{ATOM}entry"):
        assert TAG.match(entry.findtext(f"{ATOM}id") or "")
        assert entry.findtext(f"{ATOM}title")
        assert RFC3339.match(entry.findtext(f"{ATOM}updated") or "")
        assert entry.find(f"{ATOM}content") is not None
    alerts = archive.alerts
    assert entry_ids(feed) == [
        alert_tag(alerts[name])
        for name in ("mx-killed", "mx-threatened-es", "tn-arrested", "eg-censored")
    ]
    # and the same rows keep the same IDs, and the same bytes the same validator
    assert entry_ids(parsed(again.content)) == entry_ids(feed)
    assert again.headers["etag"] == first.headers["etag"]


def test_the_alerts_feed_is_filtered_by_countries_violations_and_language(
    archive: Archive,
) -> None:
    alerts = archive.alerts

    def ids(query: str) -> list[str]:
        response = archive.client.get(f"/feeds/alerts.atom?{query}")
        assert response.status_code == 200, response.text
        return entry_ids(parsed(response.content))

    # countries and violation types repeat: any of them matches
    assert ids("country=MX&country=tn") == [
        alert_tag(alerts[n]) for n in ("mx-killed", "mx-threatened-es", "tn-arrested")
    ]
    assert ids("violation=KILLED&violation=censored") == [
        alert_tag(alerts[n]) for n in ("mx-killed", "eg-censored")
    ]
    assert ids("country=MX&violation=THREATENED") == [alert_tag(alerts["mx-threatened-es"])]
    # a language keeps the alerts with a headline in it, served in it
    spanish = archive.client.get("/feeds/alerts.atom?lang=es")
    feed = parsed(spanish.content)
    assert entry_ids(feed) == [alert_tag(alerts["mx-threatened-es"])]
    assert feed.get(XML_LANG) == "es"
    assert feed.findtext(f"{ATOM}entry/{ATOM}title") == "Periodista amenazado"
    assert ids("country=FR") == []


def test_a_current_copy_is_answered_304_by_etag_and_by_date(archive: Archive) -> None:
    # given the feed as a reader last fetched it
    first = archive.client.get("/feeds/alerts.atom?country=MX")
    etag, modified = first.headers["etag"], first.headers["last-modified"]

    # when the reader asks again with either validator, the answer is 304 and no body
    by_tag = archive.client.get("/feeds/alerts.atom?country=MX", headers={"If-None-Match": etag})
    by_date = archive.client.get(
        "/feeds/alerts.atom?country=MX", headers={"If-Modified-Since": modified}
    )
    assert (by_tag.status_code, by_tag.content) == (304, b"")
    assert by_tag.headers["etag"] == etag
    assert (by_date.status_code, by_date.content) == (304, b"")
    # another validator, or an older date, gets the feed
    stale = archive.client.get("/feeds/alerts.atom?country=MX", headers={"If-None-Match": '"x"'})
    older = archive.client.get(
        "/feeds/alerts.atom?country=MX",
        headers={"If-Modified-Since": "Mon, 01 Jan 2018 00:00:00 GMT"},
    )
    assert stale.status_code == older.status_code == 200

    # when a new alert is filed there
    async def file() -> None:
        source = await models.Organisation.first()
        assert source is not None
        await factories.alert(
            source,
            country_id="MX",
            occurred_on=datetime.date(2024, 6, 1),
            reported_at=datetime.datetime(2024, 6, 2, tzinfo=datetime.UTC),
        )

    fill(archive.database_url, file)
    # then the old validators no longer match
    changed = archive.client.get(
        "/feeds/alerts.atom?country=MX",
        headers={"If-None-Match": etag, "If-Modified-Since": modified},
    )
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag
    assert len(entry_ids(parsed(changed.content))) == 3


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("country=ZZ", "country"),
        ("country=MX&country=Mexico", "country"),
        ("violation=EATEN", "violation"),
        ("lang=english", "lang"),
        ("lang=en&lang=fr", "lang"),
        ("since=2024-01-01", "since"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(archive: Archive, query: str, parameter: str) -> None:
    response = archive.client.get(f"/feeds/alerts.atom?{query}")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["field"] == parameter
    assert error["code"] == "invalid"
    assert parameter in error["message"] or query.split("=")[1].split("&")[0] in error["message"]


def test_a_campaigns_feed_is_its_timeline_newest_first(archive: Archive) -> None:
    response = archive.client.get(f"/feeds/campaigns/{archive.campaign}.atom?lang=ar")
    assert response.status_code == 200
    feed = parsed(response.content)
    assert TAG.match(feed.findtext(f"{ATOM}id") or "")
    assert feed.findtext(f"{ATOM}title") == "يوم"
    titles = [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")]
    assert titles == ["UN designation", "First day"]
    assert feed.findtext(f"{ATOM}updated", "").startswith("2013-12-18T00:00:00")
    assert all(TAG.match(i) for i in entry_ids(feed))
    cached = archive.client.get(
        f"/feeds/campaigns/{archive.campaign}.atom?lang=ar",
        headers={"If-None-Match": response.headers["etag"]},
    )
    assert cached.status_code == 304


def test_an_unknown_campaign_is_a_404_page(archive: Archive) -> None:
    response = archive.client.get("/feeds/campaigns/no-such-campaign.atom")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "no-such-campaign" in response.text
    bad = archive.client.get(f"/feeds/campaigns/{archive.campaign}.atom?lang=xx-")
    assert bad.status_code == 400 and bad.json()["error"]["field"] == "lang"


def test_a_feed_costs_the_same_statements_whatever_its_entries(archive: Archive) -> None:
    # given the Mexican feed's statements with two entries
    with recorded_statements() as few:
        assert (
            len(entry_ids(parsed(archive.client.get("/feeds/alerts.atom?country=MX").content))) == 2
        )

    # when five more Mexican alerts, from five more members, are filed
    async def file() -> None:
        for member in await factories.organisations(5):
            await factories.alert(member, country_id="MX")

    fill(archive.database_url, file)
    with recorded_statements() as many:
        assert (
            len(entry_ids(parsed(archive.client.get("/feeds/alerts.atom?country=MX").content))) == 7
        )

    # then the feed is read with as many statements (no statement per entry)
    assert len(many) == len(few) <= 5
