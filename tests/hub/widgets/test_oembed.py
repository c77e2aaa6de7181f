"""Petitions embedded by URL (oEmbed) and described for machines (schema.org JSON-LD)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from starlette.testclient import TestClient

from hub.models import Petition
from tests.databases import fill
from tests.hub.widgets.petitions import WidgetPetitions

REQUIRED = {"version", "type", "html", "width", "height"}
"""What a ``rich`` oEmbed answer must hold (oEmbed 1.0, sections 2.3.4 and 2.3.4.4)."""


class Head(HTMLParser):
    """The discovery links and JSON-LD scripts of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str | None]] = []
        self.json_ld: list[str] = []
        self._in_json_ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "link" and found.get("type") == "application/json+oembed":
            self.links.append(found)
        self._in_json_ld = tag == "script" and found.get("type") == "application/ld+json"

    def handle_data(self, data: str) -> None:
        if self._in_json_ld:
            self.json_ld.append(data)
            self._in_json_ld = False


def read_head(page: str) -> Head:
    head = Head()
    head.feed(page)
    return head


def valid_rich_answer(answer: dict[str, object]) -> None:
    assert set(answer) >= REQUIRED, answer
    assert answer["version"] == "1.0" and answer["type"] == "rich"
    assert isinstance(answer["width"], int) and isinstance(answer["height"], int)
    html = str(answer["html"])
    assert re.fullmatch(r'<iframe src="[^"]+" width="\d+" height="\d+" [^<]*></iframe>', html)


def test_the_frame_page_is_discoverable_and_answers_in_bounds(
    hub: TestClient, petitions: WidgetPetitions
) -> None:
    # given the discovery link of the Arabic frame
    page = hub.get(f"/widgets/petitions/{petitions.open}/frame?lang=ar").text
    (link,) = read_head(page).links
    assert link["href"] is not None

    # when a consumer asks for it, unbounded and within bounds
    whole = hub.get(link["href"])
    bounded = hub.get(f"{link['href']}&maxwidth=300&maxheight=200")

    # then both are valid rich answers, the second within its bounds
    assert whole.status_code == bounded.status_code == 200
    for answer in (whole.json(), bounded.json()):
        valid_rich_answer(answer)
        assert f"/widgets/petitions/{petitions.open}/frame?lang=ar" in answer["html"]
        assert answer["title"] == "أطلقوا سراح المراسلين"
    assert (bounded.json()["width"], bounded.json()["height"]) == (300, 200)
    assert 'width="300" height="200"' in bounded.json()["html"]
    assert whole.json()["width"] > 300


def test_urls_that_are_no_petition_here_are_404_and_other_formats_501(
    hub: TestClient, petitions: WidgetPetitions
) -> None:
    base = "http://127.0.0.1/widgets/petitions"
    answers = {
        "unknown petition": hub.get("/oembed", params={"url": f"{base}/no-such-petition"}),
        "another site": hub.get(
            "/oembed",
            params={"url": f"https://elsewhere.example/widgets/petitions/{petitions.open}"},
        ),
        "not a widget": hub.get("/oembed", params={"url": "http://127.0.0.1/graphql"}),
        "xml": hub.get("/oembed", params={"url": f"{base}/{petitions.open}", "format": "xml"}),
        "no url": hub.get("/oembed"),
        "bad bound": hub.get(
            "/oembed", params={"url": f"{base}/{petitions.open}", "maxwidth": "wide"}
        ),
    }
    statuses = {name: answer.status_code for name, answer in answers.items()}
    assert statuses == {
        "unknown petition": 404,
        "another site": 404,
        "not a widget": 404,
        "xml": 501,
        "no url": 400,
        "bad bound": 400,
    }
    assert answers["bad bound"].json()["error"]["field"] == "maxwidth"
    assert answers["xml"].json()["error"]["field"] == "format"
    plain = hub.get("/oembed", params={"url": f"{base}/{petitions.open}"})
    valid_rich_answer(plain.json())


def test_the_frame_describes_the_petition_as_json_ld(
    hub: TestClient, petitions: WidgetPetitions, database_url: str
) -> None:
    async def move() -> None:
        await Petition.filter(slug=petitions.open).update(signature_count=321)

    fill(database_url, move)
    page = hub.get(f"/widgets/petitions/{petitions.open}/frame?lang=en").text
    (script,) = read_head(page).json_ld
    data = json.loads(script)

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "CreativeWork"
    assert (data["identifier"], data["name"], data["inLanguage"]) == (
        petitions.open,
        "Free the reporters",
        "en",
    )
    counter = data["interactionStatistic"]
    assert counter["@type"] == "InteractionCounter"
    assert counter["interactionType"] == "https://schema.org/EndorseAction"
    assert counter["userInteractionCount"] == 321
    assert data["potentialAction"]["target"]["urlTemplate"].endswith(
        f"/widgets/petitions/{petitions.open}/signatures"
    )
    assert len(data["sponsor"]) == 2


def test_json_ld_cannot_close_its_script_early(
    hub: TestClient, petitions: WidgetPetitions, database_url: str
) -> None:
    async def rename() -> None:
        await Petition.filter(slug=petitions.open).update(
            title={"en": "</script><script>alert(1)</script>", "ar": "x"}
        )

    fill(database_url, rename)
    page = hub.get(f"/widgets/petitions/{petitions.open}/frame?lang=en").text
    (script,) = read_head(page).json_ld
    assert json.loads(script)["name"] == "</script><script>alert(1)</script>"
    assert "<script>alert(1)" not in page
