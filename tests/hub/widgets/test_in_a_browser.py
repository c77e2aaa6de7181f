"""The widget as readers meet it: on a partner's page, in Chromium (Debian's ``chromium``).

A partner's page on one origin loads ``embed.js`` from a live hub on another; the reader signs
in Arabic; the frame thanks them, the hub mails them a link (through an SMTP sink), a mail
scanner fetching the link confirms nothing, the reader confirms from the link's page, and the
count moves on every open widget; signing again with the same address is answered as a
first signature is and not counted. The frame tells the page its height, no cookie is set,
and axe-core finds no accessibility violation. A page on an origin that is not
the partner's cannot frame the partner's widget.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from hub.models import Partner
from hub.services.signer_words import words_in
from tests.databases import fill
from tests.hub.mail.sinks import mail_sink
from tests.hub.signers.mails import html_of, links_in, wait_for_mail
from tests.hub.widgets.petitions import build_widget_petitions, signatures_of
from tests.live import free_port, live_hub
from tests.tools import needs, npm_ci

HERE = Path(__file__).resolve().parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def chromium() -> str:
    (path,) = needs("chromium", why="the widget is tested in Debian's Chromium")
    return path


def install_axe() -> None:
    npm_ci(HERE, why="axe-core checks the widget's accessibility")
    assert AXE.exists()


@contextmanager
def partner_site(page: str) -> Iterator[str]:
    """A site serving ``page`` at ``/`` on its own loopback origin, until the block ends."""
    body = page.encode()

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("content-type", "text/html; charset=utf-8")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def embedding(hub: str, slug: str, partner: str, language: str) -> str:
    return (
        f'<!doctype html><html lang="en"><head><title>News</title></head><body>'
        f"<h1>Today's news</h1>"
        f'<div data-hub-petition="{slug}" data-lang="{language}" data-partner="{partner}"'
        f' data-title="Petition"></div>'
        f'<script src="{hub}/widgets/embed.js"></script></body></html>'
    )


def accessibility_violations(frame: Any) -> list[dict[str, Any]]:
    frame.evaluate(AXE.read_text(encoding="utf-8"))
    result = frame.evaluate(
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa']}})"
    )
    return [{"id": v["id"], "nodes": [n["html"] for n in v["nodes"]]} for v in result["violations"]]


def test_a_reader_signs_on_a_partners_page(
    database_url: str, chromium: str, tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    # given a petition, a live hub mailing through an SMTP sink, a partner's page on its own
    # origin that embeds the petition in Arabic, and the English widget open in another tab
    install_axe()
    petitions = build_widget_petitions(database_url)
    with (
        mail_sink(tmp_path / "sink") as sink,
        live_hub(
            database_url, outbox_sender=True, smtp_port=sink.port, outbox_poll_seconds=0.2
        ) as hub,
        partner_site(embedding(hub, petitions.open, "browser-partner", "ar")) as site,
    ):
        register_partner(database_url, "browser-partner", site)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            try:
                context = browser.new_context()
                page = context.new_page()
                page.goto(site)
                frame = page.frame_locator("iframe")
                frame.locator("main.petition").wait_for()
                other = context.new_page()
                other.goto(f"{hub}/widgets/petitions/{petitions.open}/frame?lang=en")
                other.locator("main.petition").wait_for()

                # when the reader signs in Arabic
                assert frame.locator("html").get_attribute("dir") == "rtl"
                signed = sign_in(page, frame, "رانيا", "rania@example.org", "وقّع")

                # then they are thanked and asked to confirm, and mailed a link, in Arabic
                frame.get_by_role("status").filter(has_text="شكرًا لك").wait_for()
                (mail,) = wait_for_mail(sink, 1)
                assert mail["To"] == "rania@example.org"
                assert '<html lang="ar" dir="rtl">' in html_of(mail)
                link = f"{hub}{links_in(mail)['confirm']}"

                # when a mail scanner fetches the link, nothing is confirmed
                assert httpx.get(link).status_code == 200
                assert counted(database_url, petitions.open) == (0, ["pending"])

                # when the reader opens the link and presses its button
                confirming = context.new_page()
                confirming.goto(link)
                assert confirming.locator("html").get_attribute("dir") == "rtl"
                confirming.locator("button[type=submit]").click()
                confirming.get_by_role("status").filter(
                    has_text=words_in("ar")["confirmed"]
                ).wait_for()

                # then the count moves on every open widget, each in its own language, and
                # the partner's page fits the frame to it
                one_in_arabic = page.evaluate("new Intl.NumberFormat('ar').format(1)")
                frame.locator("[data-count]").filter(has_text=one_in_arabic).wait_for()
                other.locator("[data-count]").filter(has_text="1").wait_for()
                assert page.locator("iframe").evaluate("f => f.style.height").endswith("px")

                # when they sign again with the same address, in the English widget, and
                # someone new signs there too
                again = sign_in(other, other, "Rania", " Rania@Example.org", "Sign")
                fresh_page = context.new_page()
                fresh_page.goto(f"{hub}/widgets/petitions/{petitions.open}/frame?lang=en")
                fresh = sign_in(fresh_page, fresh_page, "Omar", "omar@example.org", "Sign")

                # then both are answered alike, and only the first signature counts
                assert again == fresh
                assert signed[0] == again[0] == 200
                assert counted(database_url, petitions.open) == (1, ["confirmed", "pending"])
                # and the reader is sent a notice, not a second link to confirm
                mails = {m["To"]: m for m in wait_for_mail(sink, 3)[1:]}
                assert "confirm" not in links_in(mails["rania@example.org"])
                assert "confirm" in links_in(mails["omar@example.org"])
                assert context.cookies() == []

                # and the frame, in Arabic and in English, passes axe-core's WCAG rules
                alone = context.new_page()
                for language in ("ar", "en"):
                    alone.goto(f"{hub}/widgets/petitions/{petitions.open}/frame?lang={language}")
                    assert accessibility_violations(alone) == []
            finally:
                browser.close()

    _, _, rows = signatures_of(database_url, petitions.open)
    assert rows[0].source == "widget:browser-partner"


def sign_in(page: Any, frame: Any, name: str, email: str, button: str) -> tuple[int, bytes]:
    """Fill in the widget's form in ``frame`` (a frame locator, or the page itself) and sign;
    the hub's answer (status, body) as the browser received it."""
    labels = {"وقّع": ("اسمك", "بريدك الإلكتروني"), "Sign": ("Your name", "Your e-mail address")}
    name_label, email_label = labels[button]
    frame.get_by_label(name_label).fill(name)
    frame.get_by_label(email_label).fill(email)
    with page.expect_response(
        lambda r: r.url.endswith("/signatures") and r.request.method == "POST"
    ) as answer:
        frame.get_by_role("button", name=button).click()
    return answer.value.status, answer.value.body()


def counted(database_url: str, slug: str) -> tuple[int, list[str]]:
    count, _, rows = signatures_of(database_url, slug)
    return count, [row.status.value for row in rows]


def test_a_stranger_cannot_frame_a_partners_widget(database_url: str, chromium: str) -> None:
    from playwright.sync_api import sync_playwright

    # given the partner's widget, embedded by a page on another origin
    petitions = build_widget_petitions(database_url)
    with (
        live_hub(database_url) as hub,
        partner_site(embedding(hub, petitions.open, petitions.partner, "en")) as stranger,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            blocked: list[str] = []
            page.on("console", lambda message: blocked.append(message.text))
            page.goto(stranger)
            page.locator("iframe").wait_for()
            page.wait_for_timeout(1000)

            # then the browser refuses to show it there
            frame = page.frames[1]
            assert frame.locator("main.petition").count() == 0
            assert any("frame-ancestors" in text for text in blocked), blocked
        finally:
            browser.close()


def register_partner(database_url: str, slug: str, origin: str) -> None:
    async def add() -> None:
        await Partner.create(slug=slug, name="Browser Partner", origins=[origin])

    fill(database_url, add)
