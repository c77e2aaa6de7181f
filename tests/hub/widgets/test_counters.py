"""The petition card partners' counters read: JSON, cached, exact after each signature."""

from __future__ import annotations

from starlette.testclient import TestClient

from tests.hub.widgets.petitions import WidgetPetitions


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
    hub: TestClient, petitions: WidgetPetitions
) -> None:
    # given a counter that read the card
    url = f"/widgets/petitions/{petitions.open}"
    before = hub.get(url)
    unchanged = hub.get(url, headers={"if-none-match": before.headers["etag"]})
    assert unchanged.status_code == 304

    # when someone signs
    signed = hub.post(f"{url}/signatures", json={"name": "Sipho", "email": "sipho@example.org"})
    assert signed.status_code == 200

    # then the card, asked again at once, has the new count under a new ETag
    after = hub.get(url, headers={"if-none-match": before.headers["etag"]})
    assert after.status_code == 200
    assert after.json()["signatureCount"] == 1
    assert after.headers["etag"] != before.headers["etag"]


def test_an_unknown_petition_has_no_card(hub: TestClient) -> None:
    response = hub.get("/widgets/petitions/nothing-here")
    assert response.status_code == 404
    assert response.json()["error"]["field"] == "petition"
