"""The README's embed snippet works as written on a laptop: on the hub's own example page,
with the demo network's partner whose origins are the local hub's."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from hub.app import create_app
from hub.settings import Settings

README = Path(__file__).resolve().parents[3] / "README.md"
LAPTOP = "http://127.0.0.1:8000"


@pytest.fixture(scope="module")
def laptop(demo_database_url: str) -> Iterator[TestClient]:
    """The demo network's hub as `hub serve` runs it on a laptop: at 127.0.0.1:8000."""
    app = create_app(
        Settings(database_url=demo_database_url, load_demo_network=False, outbox_sender=False)
    )
    with TestClient(app, base_url=LAPTOP) as client:
        yield client


def test_the_example_page_holds_the_readmes_snippet(laptop: TestClient) -> None:
    # given the README's snippet
    snippet = re.search(r"```html\n(.*?)```", README.read_text(), re.S)
    assert snippet is not None

    # when the hub's example page is read
    page = laptop.get("/widgets/example")
    slug = re.search(r'data-hub-petition="([^"]+)"', page.text)

    # then it holds the snippet as written, for an open petition of the demo network
    assert page.status_code == 200 and slug is not None
    for line in snippet.group(1).strip().splitlines():
        assert line.replace("SLUG", slug.group(1)) in page.text
    card = laptop.get(f"/widgets/petitions/{slug.group(1)}").json()
    assert card["status"] == "open"


def test_the_demo_partner_on_the_local_hub_may_frame_its_widget(laptop: TestClient) -> None:
    slug = re.search(r'data-hub-petition="([^"]+)"', laptop.get("/widgets/example").text)
    assert slug is not None
    frame = laptop.get(f"/widgets/petitions/{slug.group(1)}/frame?partner=this-hub&lang=ar")
    assert frame.status_code == 200
    ancestors = frame.headers["content-security-policy"].split("frame-ancestors ")[1]
    assert set(ancestors.split()) == {"http://127.0.0.1:8000", "http://localhost:8000"}


def test_the_example_page_for_an_unknown_petition_says_so(laptop: TestClient) -> None:
    page = laptop.get("/widgets/example?petition=nothing-here&lang=fr")
    assert page.status_code == 404
    assert "Aucune pétition ne s'appelle « nothing-here »" in html.unescape(page.text)
