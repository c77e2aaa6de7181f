"""GraphiQL at /graphql: served whole by the hub, with the hub's examples, offline."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from graphql import parse, validate
from starlette.testclient import TestClient

from hub import graphiql
from hub.settings import Settings
from schema.monolith import build_schema
from tests.hub.dashboard.test_in_a_browser import told
from tests.live import live_hub
from tests.tools import needs, npm_ci

README = Path(__file__).resolve().parents[3] / "README.md"


def squeezed(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_every_graphql_example_of_the_readme_is_a_tab_of_graphiql() -> None:
    # given the README's GraphQL examples
    in_readme = re.findall(r"```graphql\n(.*?)```", README.read_text(), re.S)
    assert len(in_readme) >= 3

    # then GraphiQL opens each of them
    tabs = {squeezed(example["query"]) for example in graphiql.examples()}
    assert {squeezed(example) for example in in_readme} <= tabs


def test_every_example_is_valid_against_the_schema() -> None:
    schema = build_schema(Settings())._schema
    for example in graphiql.examples():
        assert validate(schema, parse(example["query"])) == [], example["name"]


def test_without_its_packages_the_page_says_how_to_install_them(
    demo_hub: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(graphiql, "installed", lambda: False)
    page = demo_hub.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 503
    assert "hub graphiql install" in page.text
    assert "unpkg" not in page.text and "cdn" not in page.text.lower()


def test_only_the_named_assets_are_served(demo_hub: TestClient) -> None:
    assert demo_hub.get("/graphiql/assets/package.json").status_code == 404
    assert demo_hub.get("/graphiql/assets/..%2Fpackage.json").status_code == 404
    assert demo_hub.get("/graphiql/assets/hub-graphiql.js").status_code == 200


def test_graphiql_works_with_every_other_host_blocked(
    demo_database_url: str, pytestconfig: pytest.Config
) -> None:
    from playwright.sync_api import Route, sync_playwright

    # given GraphiQL's packages, and a hub on the demo network
    (chromium,) = needs("chromium", why="GraphiQL is tested in Debian's Chromium")
    npm_ci(graphiql.HERE, why="the hub serves GraphiQL from its npm packages")
    with live_hub(demo_database_url) as hub, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            elsewhere: list[str] = []

            def only_the_hub(route: Route) -> None:
                if urlsplit(route.request.url).netloc == urlsplit(hub).netloc:
                    route.continue_()
                else:
                    elsewhere.append(route.request.url)
                    route.abort()

            page.route("**/*", only_the_hub)

            # when a developer opens /graphql
            page.goto(f"{hub}/graphql")

            # then the editor is there, a tab for each example, the first one runs
            page.locator(".graphiql-query-editor").first.wait_for()
            tabs = page.locator(".graphiql-tab")
            assert tabs.count() == len(graphiql.examples())
            page.locator(".graphiql-execute-button").click()
            page.locator(".result-window").filter(has_text="memberCount").wait_for()
            shot = screenshots() / "graphiql.png"
            page.screenshot(path=str(shot))
            told(pytestconfig)(f"screenshot: {shot}")
        finally:
            browser.close()
    assert elsewhere == []


def screenshots() -> Path:
    folder = Path(__file__).resolve().parents[3] / "build" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_installing_without_npm_says_what_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from hub.cli import main

    monkeypatch.setattr("shutil.which", lambda _name: None)
    result = CliRunner().invoke(main, ["graphiql", "install"])
    assert result.exit_code == 1
    assert "install Node.js and npm" in result.output
