"""The widget in every language, in Chromium: the frame is as wide as the page it is in,
alone and embedded in a partner's page, with nothing to scroll sideways (right to left
included), its numbers are written alike by the server (Babel) and the script
(``Intl.NumberFormat``), axe-core finds no WCAG 2.1 AA violation, and no cookie is set."""

from __future__ import annotations

from typing import Any

from hub.models import Petition
from hub.widgets.texts import LANGUAGES
from tests.databases import fill
from tests.hub.widgets.petitions import build_widget_petitions
from tests.hub.widgets.test_in_a_browser import (
    accessibility_violations,
    chromium,
    install_axe,
    partner_site,
    register_partner,
)
from tests.live import live_hub

__all__ = ["chromium"]  # the browser fixture, shared with the other browser tests

COUNT, GOAL = 1_234_567, 2_500  # seven digits and four: some languages group only the first
WIDTHS = (360, 1024)
PARTNER = "layout-partner"

MEASURE = """async ([count, goal]) => {
  const root = document.documentElement;
  const main = document.querySelector("main.petition");
  // what the server wrote, before the live count replaced it
  const served = new DOMParser().parseFromString(
    await (await fetch(location.href, {credentials: "omit"})).text(), "text/html");
  // the script's own writing: the live count, once it has replaced the served one
  const shown = main.querySelector("[data-count]");
  for (let wait = 0; shown.hasAttribute("data-served") && wait < 100; wait++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const numbers = new Intl.NumberFormat(main.dataset.locale, {useGrouping: "always"});
  window.scrollTo(root.dir === "rtl" ? -100000 : 100000, 0);
  return {
    lang: root.lang,
    dir: root.dir,
    documentWidth: root.scrollWidth,
    viewportWidth: window.innerWidth,
    clientWidth: root.clientWidth,
    scrolledSideways: window.scrollX,
    serverCount: served.querySelector("[data-count]").textContent,
    scriptCount: shown.hasAttribute("data-served") ? "(never written by the script)"
      : shown.textContent,
    serverGoal: served.querySelector(".count span").textContent,
    scriptGoal: numbers.format(goal),
  };
}"""


def misfits(where: str, measured: dict[str, Any]) -> list[str]:
    """What is wrong with one frame's layout and numbers, in words."""
    found = []
    if not measured["documentWidth"] == measured["clientWidth"] == measured["viewportWidth"]:
        found.append(
            f"{where}: document {measured['documentWidth']} px wide in a viewport of"
            f" {measured['viewportWidth']} px (client {measured['clientWidth']} px)"
        )
    if measured["scrolledSideways"] != 0:
        found.append(f"{where}: scrolls sideways by {measured['scrolledSideways']} px")
    if measured["serverCount"] != measured["scriptCount"]:
        found.append(f"{where}: count {measured['serverCount']!r} != {measured['scriptCount']!r}")
    if measured["scriptGoal"] not in measured["serverGoal"]:
        found.append(f"{where}: goal {measured['serverGoal']!r} lacks {measured['scriptGoal']!r}")
    return found


def a_page_embedding_every_language(hub: str, slug: str) -> str:
    marks = "".join(
        f'<h2>{language}</h2><div data-hub-petition="{slug}" data-lang="{language}"'
        f' data-partner="{PARTNER}" data-title="Petition ({language})"></div>'
        for language in LANGUAGES
    )
    return (
        '<!doctype html><html lang="en"><head><meta name="viewport"'
        ' content="width=device-width, initial-scale=1"><title>News</title></head><body>'
        f"<h1>Today's news</h1>{marks}"
        f'<script src="{hub}/widgets/embed.js"></script></body></html>'
    )


def counted(database_url: str, slug: str) -> None:
    async def move() -> None:
        await Petition.filter(slug=slug).update(signature_count=COUNT, goal=GOAL)

    fill(database_url, move)


def test_every_language_fits_its_page_alone_and_embedded(database_url: str, chromium: str) -> None:
    from playwright.sync_api import sync_playwright

    # given a petition with a seven-digit count, and a partner's page embedding it in
    # every widget language
    install_axe()
    slug = build_widget_petitions(database_url).open
    counted(database_url, slug)
    problems: list[str] = []
    checked = 0
    with (
        live_hub(database_url) as hub,
        partner_site(a_page_embedding_every_language(hub, slug)) as site,
    ):
        register_partner(database_url, PARTNER, site)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            try:
                for width in WIDTHS:
                    context = browser.new_context(viewport={"width": width, "height": 4000})
                    page = context.new_page()

                    # when each language's frame opens alone
                    for language in LANGUAGES:
                        page.goto(f"{hub}/widgets/petitions/{slug}/frame?lang={language}")
                        measured = page.evaluate(MEASURE, [COUNT, GOAL])
                        assert (measured["lang"], measured["dir"]) == (
                            language,
                            "rtl" if language == "ar" else "ltr",
                        )
                        problems += misfits(f"{language} alone at {width} px", measured)
                        checked += 1
                        if width == WIDTHS[0]:  # and stays WCAG 2.1 AA in every language
                            violations = accessibility_violations(page)
                            problems += [f"{language}: axe-core {v['id']}" for v in violations]

                    # and embedded in the partner's page
                    page.goto(site)
                    frames = page.locator("iframe")
                    frames.nth(len(LANGUAGES) - 1).wait_for()
                    for index, language in enumerate(LANGUAGES):
                        element = frames.nth(index)
                        element.scroll_into_view_if_needed()
                        frame = element.element_handle().content_frame()
                        assert frame is not None
                        frame.wait_for_selector("main.petition")
                        measured = frame.evaluate(MEASURE, [COUNT, GOAL])
                        assert measured["lang"] == language
                        problems += misfits(f"{language} embedded at {width} px", measured)
                        checked += 1
                    outer = page.evaluate(
                        "() => [document.documentElement.scrollWidth, window.innerWidth]"
                    )
                    if outer[0] != outer[1]:
                        problems.append(f"the partner's page at {width} px is {outer[0]} px wide")

                    # then no cookie was set anywhere
                    assert context.cookies() == []
                    context.close()
            finally:
                browser.close()

    # then every frame fits and writes its numbers one way
    assert checked == 2 * len(WIDTHS) * len(LANGUAGES)
    assert problems == []
