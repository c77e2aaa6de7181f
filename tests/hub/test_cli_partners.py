"""`hub partners add` and `hub partners list`, as an operator runs them."""

from __future__ import annotations

import json
import time

import httpx

from hub.widgets.partners import MISS_SECONDS
from tests.conftest import hub_client
from tests.hub.test_cli_access import hub_command
from tests.hub.widgets.petitions import build_widget_petitions
from tests.live import live_hub


def test_a_partner_added_on_the_command_line_may_sign_from_its_origin(database_url: str) -> None:
    # given an open petition
    petitions = build_widget_petitions(database_url)

    # when an operator adds a partner with two origins, spelt loosely
    added = hub_command(
        database_url,
        "partners",
        "add",
        "the-wire",
        "--name",
        "The Wire",
        "--origin",
        "https://The-Wire.example/",
        "--origin",
        "https://the-wire.example:8443",
    )

    # then it is listed with its origins as browsers send them, and its page may sign
    assert added.returncode == 0, added.stderr
    listed = json.loads(hub_command(database_url, "partners", "list").stdout)
    the_wire = next(p for p in listed if p["slug"] == "the-wire")
    assert the_wire["origins"] == ["https://the-wire.example", "https://the-wire.example:8443"]
    with hub_client(database_url) as client:
        signed = client.post(
            f"/widgets/petitions/{petitions.open}/signatures",
            json={"name": "Reader", "email": "reader@example.org"},
            headers={"origin": "https://the-wire.example:8443"},
        )
    assert signed.status_code == 200


def test_bad_partners_are_refused_by_name(database_url: str) -> None:
    build_widget_petitions(database_url)  # holds the partner news-example
    taken = hub_command(
        database_url, "partners", "add", "news-example", "--name", "N", "--origin", "https://n.ex"
    )
    not_origin = hub_command(
        database_url, "partners", "add", "other", "--name", "O", "--origin", "https://o.ex/page"
    )
    bad_slug = hub_command(
        database_url, "partners", "add", "Not A Slug", "--name", "O", "--origin", "https://o.ex"
    )
    assert taken.returncode == 1 and "The slug 'news-example' is taken." in taken.stderr
    assert (
        not_origin.returncode == 1
        and "'https://o.ex/page' is not a web origin" in not_origin.stderr
    )
    assert bad_slug.returncode == 1 and "is not a slug" in bad_slug.stderr
    assert "Traceback" not in taken.stderr + not_origin.stderr + bad_slug.stderr


def test_a_partner_added_on_the_command_line_works_at_once_on_the_running_hub(
    database_url: str,
) -> None:
    # given a running hub that has read its partners (and serves one's frame)
    petitions = build_widget_petitions(database_url)
    with live_hub(database_url) as hub:
        frame = f"{hub}/widgets/petitions/{petitions.open}/frame"
        assert httpx.get(frame, params={"partner": petitions.partner}).status_code == 200
        time.sleep(MISS_SECONDS)  # a partner it does not know is then looked for again

        # when an operator adds a partner on the command line
        added = hub_command(
            database_url, "partners", "add", "late-news", "--name", "Late News",
            "--origin", "https://late.example",
        )  # fmt: skip
        assert added.returncode == 0, added.stderr

        # then the running hub frames its widget for its pages and takes its signatures
        answer = httpx.get(frame, params={"partner": "late-news"})
        signed = httpx.post(
            f"{hub}/widgets/petitions/{petitions.open}/signatures",
            json={"name": "Reader", "email": "late-reader@example.org"},
            headers={"origin": "https://late.example"},
        )
    assert answer.status_code == 200
    assert "frame-ancestors https://late.example" in answer.headers["content-security-policy"]
    assert signed.status_code == 200, signed.text
