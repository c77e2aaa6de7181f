"""A signature is credited to a partner only from its widget on its own pages: the frame
carries a token the hub signed over the partner, the petition, the page's origin and an
expiry; a partner's name alone, a forged, foreign or expired token credits no one."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from starlette.testclient import TestClient

from hub.widgets import partner_tokens
from tests.conftest import hub_client
from tests.hub.widgets.petitions import PARTNER_ORIGIN, WidgetPetitions, signatures_of

ANA = {"name": "Ana Lima", "email": "ana@example.org", "language": "en"}
TOKEN = re.compile(r'name="partnerToken" value="([^"]+)"')


def frame(hub: TestClient, slug: str, query: str, **headers: str) -> tuple[str, str, str | None]:
    """(the frame's page, its frame-ancestors, its partner token if it has one)."""
    page = hub.get(f"/widgets/petitions/{slug}/frame?{query}", headers=headers)
    assert page.status_code == 200, page.text
    ancestors = page.headers["content-security-policy"].split("frame-ancestors ")[1]
    found = TOKEN.search(page.text)
    return page.text, ancestors, found.group(1) if found else None


def sign(hub: TestClient, slug: str, body: dict[str, object]) -> tuple[int, dict[str, object]]:
    answer = hub.post(f"/widgets/petitions/{slug}/signatures", json=body)
    return answer.status_code, answer.json()


def test_a_frame_on_the_partners_page_credits_the_partner(
    hub: TestClient, petitions: WidgetPetitions, database_url: str
) -> None:
    # given the frame the embed script asks for on the partner's page
    _, ancestors, token = frame(
        hub, petitions.open, f"partner={petitions.partner}&origin={PARTNER_ORIGIN}"
    )
    # then only that page may show it, and it carries a token
    assert ancestors == PARTNER_ORIGIN
    assert token is not None

    # when a reader signs in it (the frame is the hub's page: no cross-origin header)
    status, _ = sign(hub, petitions.open, {**ANA, "partnerToken": token})

    # then the signature is the partner's
    assert status == 200
    assert signatures_of(database_url, petitions.open)[2][0].source == "widget:news-example"


def test_a_partners_name_alone_credits_no_one(
    hub: TestClient, petitions: WidgetPetitions, database_url: str
) -> None:
    status, answer = sign(hub, petitions.open, {**ANA, "partner": petitions.partner})

    assert status == 422
    assert answer["error"]["field"] == "partner"  # type: ignore[index]
    assert "partnerToken is missing" in answer["error"]["message"]  # type: ignore[index]
    assert signatures_of(database_url, petitions.open)[:2] == (0, 0)


def test_forged_and_foreign_tokens_are_refused_by_name(
    hub: TestClient, petitions: WidgetPetitions, database_url: str
) -> None:
    query = f"partner={petitions.partner}&origin={PARTNER_ORIGIN}"
    _, _, token = frame(hub, petitions.open, query)
    _, _, other = frame(hub, petitions.past_closing, query)
    assert token is not None and other is not None
    payload, mac = token.split(".")
    forged = f"{payload[:-2]}xx.{mac}"

    refusals = [
        sign(hub, petitions.open, {**ANA, "partnerToken": forged}),
        sign(hub, petitions.open, {**ANA, "partnerToken": "not a token"}),
        sign(hub, petitions.open, {**ANA, "partnerToken": other}),
    ]

    assert [status for status, _ in refusals] == [422, 422, 422]
    assert [answer["error"]["field"] for _, answer in refusals] == ["partnerToken"] * 3  # type: ignore[index]
    assert refusals[2][1]["error"]["message"] == "The partner token is for another petition."  # type: ignore[index]
    assert signatures_of(database_url, petitions.open)[:2] == (0, 0)


@pytest.fixture
def expiring_hub(database_url: str, petitions: WidgetPetitions) -> Iterator[TestClient]:
    with hub_client(database_url, partner_token_seconds=60) as client:
        yield client


def test_an_expired_token_is_refused(
    expiring_hub: TestClient, petitions: WidgetPetitions, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a frame's token, for a minute, issued an hour ago
    with monkeypatch.context() as then:
        then.setattr(partner_tokens, "time", SimpleNamespace(time=lambda: time.time() - 3600))
        _, _, token = frame(
            expiring_hub, petitions.open, f"partner={petitions.partner}&origin={PARTNER_ORIGIN}"
        )
    status, answer = sign(expiring_hub, petitions.open, {**ANA, "partnerToken": token})
    assert status == 422
    assert "expired" in answer["error"]["message"]  # type: ignore[index]


def test_a_frame_claiming_another_origin_carries_no_token(
    hub: TestClient, petitions: WidgetPetitions
) -> None:
    # a page elsewhere claiming to be the partner's: no token, and only the partner's own
    # pages may show the frame, so the browser refuses it there
    _, ancestors, token = frame(
        hub, petitions.open, f"partner={petitions.partner}&origin=https://elsewhere.example"
    )
    assert (ancestors, token) == (PARTNER_ORIGIN, None)


def test_without_the_script_the_referer_names_the_page(
    hub: TestClient, petitions: WidgetPetitions
) -> None:
    query = f"partner={petitions.partner}"
    _, on_partner, token = frame(hub, petitions.open, query, referer=f"{PARTNER_ORIGIN}/news/1")
    _, elsewhere, none = frame(hub, petitions.open, query, referer="https://elsewhere.example/")

    assert (on_partner, token is not None) == (PARTNER_ORIGIN, True)
    assert (elsewhere, none) == (PARTNER_ORIGIN, None)


def test_the_form_without_javascript_credits_through_the_token(
    hub: TestClient, petitions: WidgetPetitions, database_url: str
) -> None:
    _, _, token = frame(hub, petitions.open, f"partner={petitions.partner}&origin={PARTNER_ORIGIN}")
    posted = hub.post(
        f"/widgets/petitions/{petitions.open}/signatures",
        data={**ANA, "partner": petitions.partner, "partnerToken": token, "origin": PARTNER_ORIGIN},
        follow_redirects=False,
    )
    assert posted.status_code == 303
    assert (
        f"origin={PARTNER_ORIGIN.replace(':', '%3A').replace('/', '%2F')}"
        in posted.headers["location"]
    )
    assert signatures_of(database_url, petitions.open)[2][0].source == "widget:news-example"
