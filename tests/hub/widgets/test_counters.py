"""The petition card partners' counters read: JSON, cached, exact after each signature."""

from __future__ import annotations

import asyncio
import gc
import logging

import pytest
from starlette.testclient import TestClient
from tortoise import connections

from hub import db
from hub.widgets.cards import Card, PetitionCards
from tests.hub.widgets.petitions import WidgetPetitions, confirmation_links


def test_the_card_says_what_a_widget_shows(hub: TestClient, petitions: WidgetPetitions) -> None:
    response = hub.get(f"/widgets/petitions/{petitions.open}?lang=ar")
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    card = response.json()
    assert card["slug"] == petitions.open
    assert (card["status"], card["goal"], card["signatureCount"]) == ("open", 1000, 0)
    assert (card["language"], card["title"], card["target"]) == (
        "ar",
        "أطلقوا سراح المراسلين",
        "الحكومة",
    )
    assert card["languages"] == ["ar", "en"]
    assert len(card["endorsers"]) == 2


def test_a_language_the_petition_lacks_falls_back_to_the_original(
    hub: TestClient, petitions: WidgetPetitions
) -> None:
    card = hub.get(f"/widgets/petitions/{petitions.open}?lang=ru").json()
    assert (card["language"], card["title"]) == ("en", "Free the reporters")


def test_the_count_moves_at_once_and_the_etag_with_it(
    hub: TestClient, petitions: WidgetPetitions, database_url: str
) -> None:
    # given a counter that read the card
    url = f"/widgets/petitions/{petitions.open}"
    before = hub.get(url)
    unchanged = hub.get(url, headers={"if-none-match": before.headers["etag"]})
    assert unchanged.status_code == 304

    # when someone signs, and confirms from their mail
    signed = hub.post(f"{url}/signatures", json={"name": "Sipho", "email": "sipho@example.org"})
    assert signed.status_code == 200
    (link,) = confirmation_links(database_url, petitions.open)
    assert hub.post(link).status_code == 200

    # then the card, asked again at once, has the new count under a new ETag
    after = hub.get(url, headers={"if-none-match": before.headers["etag"]})
    assert after.status_code == 200
    assert after.json()["signatureCount"] == 1
    assert after.headers["etag"] != before.headers["etag"]


def test_an_unknown_petition_has_no_card(hub: TestClient) -> None:
    response = hub.get("/widgets/petitions/nothing-here")
    assert response.status_code == 404
    assert response.json()["error"]["field"] == "petition"


def test_a_card_that_cannot_be_read_again_is_served_as_it_was_and_told_once(
    petitions: WidgetPetitions, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    async def readers() -> tuple[Card | None, list[Card | None], Card | None]:
        async with db.connected(database_url):
            database = connections.get(db.DATABASE)
            cards = PetitionCards(refresh_seconds=0)  # every reader asks for a fresh one
            first = await cards.card(petitions.open)
            # given the petitions cannot be read for a while
            await database.execute_script('ALTER TABLE "petition" RENAME TO "petition_away"')
            served = []
            for _ in range(5):  # when readers keep asking, each starting a refresh that fails
                served.append(await cards.card(petitions.open))
                await asyncio.sleep(0.05)
            await database.execute_script('ALTER TABLE "petition_away" RENAME TO "petition"')
            await cards.card(petitions.open)
            await asyncio.sleep(0.05)
            after = await cards.card(petitions.open)
            await asyncio.sleep(0.05)  # the refresh this reader started ends before we leave
            return first, served, after

    with caplog.at_level(logging.INFO):
        first, served, after = asyncio.run(readers())
        gc.collect()  # a task whose failure nobody took would be reported now

    # then readers were served the card they had, a new one once it could be read again, and
    # the log heard once of each, with the petition named, and of no task left failing
    assert first is not None and all(card is first for card in served)
    assert after is not None and after is not first
    told = [r.getMessage() for r in caplog.records if r.name == "hub.widgets.cards"]
    assert len(told) == 2
    assert told[0].startswith(f"The card of petition {petitions.open} could not be read again")
    assert told[1] == f"The card of petition {petitions.open} is read again"
    assert not [r for r in caplog.records if r.name == "asyncio"]
