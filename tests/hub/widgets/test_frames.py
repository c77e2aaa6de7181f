"""The widget frame and the script that embeds it: accessible, right to left where it must be,
framed only by its partner's pages, and free of cookies."""

from __future__ import annotations

import re

from starlette.testclient import TestClient

from tests.hub.widgets.petitions import PARTNER_ORIGIN, WidgetPetitions


def test_the_frame_speaks_arabic_right_to_left(hub: TestClient, petitions: WidgetPetitions) -> None:
    response = hub.get(f"/widgets/petitions/{petitions.open}/frame?lang=ar")
    assert response.status_code == 200
    page = response.text
    assert '<html lang="ar" dir="rtl">' in page
    assert "أطلقوا سراح المراسلين" in page
    assert ">وقّع</button>" in page
    assert "set-cookie" not in response.headers


def test_every_field_has_its_label(hub: TestClient, petitions: WidgetPetitions) -> None:
    page = hub.get(f"/widgets/petitions/{petitions.open}/frame?lang=fr").text
    fields = set(re.findall(r'<(?:input|select) id="([a-z]+)"', page))
    labelled = set(re.findall(r'<label for="([a-z]+)"', page))
    assert fields == {"name", "email", "country", "consent", "website"}
    assert fields <= labelled
    assert '<p class="unseen" aria-hidden="true">' in page  # the robots' field
    assert 'role="alert"' in page


def test_a_partners_frame_is_framed_by_its_pages_only(
    hub: TestClient, petitions: WidgetPetitions
) -> None:
    partnered = hub.get(f"/widgets/petitions/{petitions.open}/frame?partner={petitions.partner}")
    anyone = hub.get(f"/widgets/petitions/{petitions.open}/frame")
    unknown = hub.get(f"/widgets/petitions/{petitions.open}/frame?partner=nobody")
    policy = partnered.headers["content-security-policy"]
    assert f"frame-ancestors {PARTNER_ORIGIN}" in policy
    assert "script-src 'self'" in policy
    # not on one of its pages that the frame knows of: nothing credits the partner
    assert 'name="partner"' not in partnered.text
    assert 'name="partnerToken"' not in partnered.text
    assert "frame-ancestors *" in anyone.headers["content-security-policy"]
    assert unknown.status_code == 404
    assert unknown.headers["content-type"].startswith("text/html")
    assert "No partner site is called “nobody”" in unknown.text


def test_a_frame_for_an_unknown_petition_is_a_page_in_the_asked_language(
    hub: TestClient,
) -> None:
    # when a partner's page names a petition that does not exist, in Arabic
    answer = hub.get("/widgets/petitions/no-such-petition/frame?lang=ar")

    # then the frame shows a page a reader can read, right to left, naming what is missing
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("text/html")
    assert '<html lang="ar" dir="rtl">' in answer.text
    assert "<h1>غير موجود</h1>" in answer.text
    assert "لا توجد عريضة باسم «no-such-petition»" in answer.text
    assert "set-cookie" not in answer.headers


def test_a_closed_petition_shows_no_form(hub: TestClient, petitions: WidgetPetitions) -> None:
    page = hub.get(f"/widgets/petitions/{petitions.closed}/frame?lang=es").text
    assert "Esta petición está cerrada." in page
    assert "<form" not in page


def test_the_embed_script_and_the_frame_assets_are_served(hub: TestClient) -> None:
    script = hub.get("/widgets/embed.js")
    assert script.status_code == 200
    assert script.headers["content-type"].startswith("text/javascript")
    assert "data-hub-petition" in script.text
    assert hub.get("/widgets/static/frame.js").status_code == 200
    assert hub.get("/widgets/static/widget.css").status_code == 200
