"""The dashboard as a coalition's staff meet it: in Chromium (Debian's ``chromium``).

A live hub serves the demo network; the dashboard draws a coalition with as many member
nodes as the API counts, shows the Tunisia Monitoring Group's 21 members of 2004 when its
slider is moved there by keyboard, moves a petition's count when someone signs, fits an
Arabic screen without scrolling sideways, passes axe-core's WCAG 2.1 AA rules, and asks no
other host for anything. A screenshot of each view is written to ``build/screenshots/``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from tests.databases import Databases, fill
from tests.hub.widgets.petitions import confirmation_link_of
from tests.hub.widgets.test_in_a_browser import accessibility_violations, install_axe
from tests.live import live_hub
from tests.tools import needs

SCREENSHOTS = Path(__file__).resolve().parents[3] / "build" / "screenshots"


@dataclass
class Browsing:
    hub: str
    database_url: str
    page: Any
    say: Callable[[str], None]
    requests: list[str] = field(default_factory=list)

    def open(self, path: str) -> None:
        self.page.goto(f"{self.hub}{path}")
        self.page.locator("#views:not([hidden])").wait_for()

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"dashboard-{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        self.say(f"screenshot: {path}")
        return path

    def ask(self, query: str, **variables: Any) -> Any:
        answer = httpx.post(f"{self.hub}/graphql", json={"query": query, "variables": variables})
        body = answer.json()
        assert "errors" not in body, body
        return body["data"]


@pytest.fixture(scope="module")
def demo_hub_url(databases: Databases) -> Iterator[tuple[str, str]]:
    """The live hub's URL, and its database's."""
    from fixtures import load_network

    url = databases.new()
    fill(url, lambda: load_network("demo"))
    with live_hub(url) as hub:
        yield hub, url


@pytest.fixture
def browsing(demo_hub_url: tuple[str, str], pytestconfig: pytest.Config) -> Iterator[Browsing]:
    from playwright.sync_api import sync_playwright

    (chromium,) = needs("chromium", why="the dashboard is tested in Debian's Chromium")
    install_axe()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1024, "height": 768})
            seen = Browsing(*demo_hub_url, page, told(pytestconfig))
            page.on("request", lambda request: seen.requests.append(request.url))
            page.on("websocket", lambda socket: seen.requests.append(socket.url))
            yield seen
        finally:
            browser.close()
    # and nothing was asked of another host
    hub = urlsplit(demo_hub_url[0]).netloc
    assert [url for url in seen.requests if urlsplit(url).netloc != hub] == []


def told(config: pytest.Config) -> Callable[[str], None]:
    """A line in the test run's output, whether or not pytest captures it."""
    capture = config.pluginmanager.getplugin("capturemanager")

    def say(line: str) -> None:
        with capture.global_and_fixture_disabled():
            print(f"\n{line}")

    return say


def member_nodes(browsing: Browsing) -> int:
    return int(browsing.page.locator("svg.network a.node.organisation").count())


def test_a_coalition_is_drawn_with_every_member(browsing: Browsing) -> None:
    # given the demo network's first coalition, as the API counts its members
    (coalition,) = browsing.ask(
        "{ coalitions(first: 1) { nodes { slug name { text } members { totalCount } } } }"
    )["coalitions"]["nodes"]
    members = coalition["members"]["totalCount"]
    assert members > 0

    # when its dashboard is opened
    browsing.open(f"/dashboard/group/{coalition['slug']}")
    browsing.page.locator("#country-grid li").first.wait_for()

    # then the network has a node per member, the alerts and statements are there
    assert member_nodes(browsing) == members
    assert browsing.page.locator("h1").inner_text() == coalition["name"]["text"]
    assert browsing.page.locator("#years-chart li").count() > 0
    assert browsing.page.locator("#violations-chart li").count() > 0
    assert browsing.page.locator("#statement-list li time").count() > 0
    assert accessibility_violations(browsing.page) == []
    browsing.screenshot("group")

    # and a member's node is a link to its own view, followed by keyboard
    first = browsing.page.locator("svg.network a.node.organisation").first
    slug = first.get_attribute("data-key")
    first.focus()
    browsing.page.keyboard.press("Enter")
    browsing.page.wait_for_url(f"**/dashboard/organisation/{slug}?lang=en")
    browsing.page.locator("#views:not([hidden])").wait_for()
    assert member_nodes(browsing) == 1
    browsing.screenshot("organisation")

    # and so is a country's
    country = browsing.page.locator("svg.network a.node.country").first
    code = country.get_attribute("data-key")
    country.focus()
    browsing.page.keyboard.press("Enter")
    browsing.page.wait_for_url(f"**/dashboard/country/{code}?lang=en")
    browsing.page.locator("#views:not([hidden])").wait_for()
    assert member_nodes(browsing) >= 1
    browsing.screenshot("country")


def test_the_slider_shows_the_tunisia_monitoring_group_of_2004(browsing: Browsing) -> None:
    # given the group's dashboard, showing its members on the day before it was dissolved
    last = browsing.ask('{ group(slug: "tunisia-monitoring-group") { members { totalCount } } }')[
        "group"
    ]["members"]["totalCount"]
    browsing.open("/dashboard/group/tunisia-monitoring-group")
    assert member_nodes(browsing) == last
    assert browsing.page.locator("#as-of-value").inner_text().endswith("2012-12-31")

    # when the slider is moved to its first year with the keyboard
    browsing.page.locator("#as-of").focus()
    browsing.page.keyboard.press("Home")

    # then, once the group as it stood then is read (the slider shows the bare date while it
    # is read, and the count with it after), its 21 founding members of 2004 are drawn
    browsing.page.locator("#as-of-value").filter(has_text="21 members on 2004-12-31").wait_for()
    assert member_nodes(browsing) == 21
    browsing.screenshot("membership-2004")


def test_a_petitions_count_moves_when_someone_signs(browsing: Browsing) -> None:
    # given an organisation's dashboard listing an open petition it runs
    (petition,) = browsing.ask(
        "{ petitions(first: 1, filter: {status: OPEN}) {"
        " nodes { slug signatureCount organisation { slug } } } }"
    )["petitions"]["nodes"]
    browsing.open(f"/dashboard/organisation/{petition['organisation']['slug']}")
    count = browsing.page.locator(f"li[data-petition='{petition['slug']}'] data.count")
    assert count.get_attribute("value") == str(petition["signatureCount"])

    # when a person signs it
    signed = httpx.post(
        f"{browsing.hub}/widgets/petitions/{petition['slug']}/signatures",
        json={"name": "Dashboard Reader", "email": "dashboard-reader@example.org"},
    )
    assert signed.status_code == 200, signed.text
    # and confirms from the link mailed to them
    link = confirmation_link_of(
        browsing.database_url, petition["slug"], "dashboard-reader@example.org"
    )
    assert httpx.post(f"{browsing.hub}{link}").status_code == 200

    # then the count on the dashboard moves without reloading
    moved = str(petition["signatureCount"] + 1)
    browsing.page.locator(
        f"li[data-petition='{petition['slug']}'] data.count[value='{moved}']"
    ).wait_for()
    browsing.screenshot("petition-live")


def test_in_arabic_the_dashboard_reads_right_to_left_and_fits(browsing: Browsing) -> None:
    # given a narrow screen
    browsing.page.set_viewport_size({"width": 390, "height": 844})
    (coalition,) = browsing.ask("{ coalitions(first: 1) { nodes { slug } } }")["coalitions"][
        "nodes"
    ]

    # when the coalition's dashboard is opened in Arabic
    browsing.open(f"/dashboard/group/{coalition['slug']}?lang=ar")
    browsing.page.locator("#country-grid li").first.wait_for()

    # then it reads right to left, nothing scrolls sideways, and it stays accessible
    assert browsing.page.locator("html").get_attribute("dir") == "rtl"
    assert browsing.page.locator("#graph-title").inner_text() == "الأعضاء وبلدانهم وحملاتهم"
    overflow = browsing.page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert accessibility_violations(browsing.page) == []
    browsing.screenshot("group-arabic")


def test_a_campaign_has_its_view(browsing: Browsing) -> None:
    browsing.open("/dashboard/campaign/international-day-to-end-impunity?lang=fr")
    assert browsing.page.locator("html").get_attribute("lang") == "fr"
    browsing.screenshot("campaign")
