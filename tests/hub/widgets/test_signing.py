"""Signing a petition from a widget: counted once confirmed, refused clearly, never from a
stranger's page. (The mails and links themselves: tests/hub/signers.)"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest
from starlette.testclient import TestClient

from hub.models import SignerConsent
from tests.conftest import hub_client
from tests.databases import BACKEND, fill
from tests.hub.widgets.petitions import (
    PARTNER_ORIGIN,
    WidgetPetitions,
    address_hashes,
    confirm_all,
    signatures_of,
)
from tests.terminations import cut_connections_writing

ANA = {"name": "Ana Lima", "email": "Ana.Lima@Example.org", "country": "br", "language": "en"}


@pytest.fixture  # a low limit per address, to reach it
def hub(database_url: str, petitions: WidgetPetitions) -> Iterator[TestClient]:
    with hub_client(database_url, signatures_per_address=5) as client:
        yield client


def sign(hub: TestClient, slug: str, body: object, **headers: str) -> httpx.Response:
    return hub.post(f"/widgets/petitions/{slug}/signatures", json=body, headers=headers)


def test_a_signature_is_written_and_counted_once(
    hub: TestClient, petitions: WidgetPetitions, database_url: str
) -> None:
    # when Ana signs, then signs again with her address spelt otherwise
    first = sign(hub, petitions.open, {**ANA, "consentToContact": True})
    again = sign(hub, petitions.open, {**ANA, "email": " ana.lima@example.ORG "})

    # then both answers are the same thanks, asking her to confirm, and one signature waits
    assert first.status_code == again.status_code == 200
    assert first.content == again.content
    assert first.json() == {
        "signed": True,
        "checkEmail": True,
        "petition": petitions.open,
        "signatureCount": 0,
    }
    assert signatures_of(database_url, petitions.open)[:2] == (0, 1)
    # and once confirmed it counts once, kept by its address's keyed hash, not the address
    assert confirm_all(database_url, petitions.open) == 1
    count, rows, (row,) = signatures_of(database_url, petitions.open)
    assert count == rows == 1
    assert {row.email_hash} == address_hashes(database_url, "ana.lima@example.org")
    assert (row.country_id, row.language, row.source) == ("BR", "en", "widget")
    assert row.sealed_name is None  # its organisation has no key to seal it to
    assert row.address_hash and "testclient" not in row.address_hash


@pytest.mark.parametrize(
    ("body", "status", "code", "field"),
    [
        ({**ANA, "name": "  "}, 422, "invalid", "name"),
        ({**ANA, "name": "x" * 129}, 422, "invalid", "name"),
        ({**ANA, "email": "not-an-address"}, 422, "invalid", "email"),
        ({**ANA, "email": None}, 422, "invalid", "email"),
        ({**ANA, "email": ["a@example.org"]}, 422, "invalid", "email"),
        ({**ANA, "country": "Narnia"}, 422, "invalid", "country"),
        ({**ANA, "language": "ru"}, 422, "invalid", "language"),
        ({**ANA, "partner": "nobody"}, 422, "invalid", "partner"),
        (["a list"], 400, "bad_json", None),
    ],
)
def test_bad_signatures_are_refused_by_name(
    hub: TestClient,
    petitions: WidgetPetitions,
    database_url: str,
    body: object,
    status: int,
    code: str,
    field: str | None,
) -> None:
    # when a signature with one thing wrong is sent
    response = sign(hub, petitions.open, body)

    # then the answer names what was wrong, and nothing is written
    assert response.status_code == status
    error = response.json()["error"]
    assert (error["code"], error["field"]) == (code, field)
    assert error["message"]
    assert signatures_of(database_url, petitions.open)[:2] == (0, 0)


def test_bodies_that_are_not_signatures_are_refused(
    hub: TestClient, petitions: WidgetPetitions
) -> None:
    url = f"/widgets/petitions/{petitions.open}/signatures"
    not_json = hub.post(url, content=b"{nope", headers={"content-type": "application/json"})
    plain = hub.post(url, content=b"name=x", headers={"content-type": "text/plain"})
    huge = hub.post(url, json={**ANA, "name": "x" * 20_000})
    assert (not_json.status_code, not_json.json()["error"]["code"]) == (400, "bad_json")
    assert (plain.status_code, plain.json()["error"]["code"]) == (415, "unsupported_media_type")
    assert (huge.status_code, huge.json()["error"]["code"]) == (413, "too_large")


@pytest.mark.parametrize("which", ["closed", "draft", "past_closing"])
def test_only_open_petitions_take_signatures(
    hub: TestClient, petitions: WidgetPetitions, database_url: str, which: str
) -> None:
    slug = getattr(petitions, which)
    response = sign(hub, slug, ANA)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "wrong_status"
    assert signatures_of(database_url, slug)[:2] == (0, 0)


def test_an_unknown_petition_is_not_found(hub: TestClient) -> None:
    response = sign(hub, "no-such-petition", ANA)
    assert response.status_code == 404
    assert response.json()["error"] == {
        "code": "not_found",
        "field": "petition",
        "message": "No petition is called 'no-such-petition'.",
    }


def test_a_partner_page_signs_for_the_partner(
    hub: TestClient, petitions: WidgetPetitions, database_url: str
) -> None:
    # given the partner's page asks first, as browsers do before posting JSON elsewhere
    asked = hub.options(
        f"/widgets/petitions/{petitions.open}/signatures",
        headers={"origin": PARTNER_ORIGIN, "access-control-request-method": "POST"},
    )
    assert asked.status_code == 204
    assert asked.headers["access-control-allow-origin"] == PARTNER_ORIGIN

    # when a reader signs on it
    response = sign(hub, petitions.open, ANA, origin=PARTNER_ORIGIN)

    # then the signature is the partner's, and the page may read the answer
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == PARTNER_ORIGIN
    assert signatures_of(database_url, petitions.open)[2][0].source == "widget:news-example"


def test_a_strangers_page_cannot_sign(
    hub: TestClient, petitions: WidgetPetitions, database_url: str
) -> None:
    asked = hub.options(
        f"/widgets/petitions/{petitions.open}/signatures",
        headers={"origin": "https://elsewhere.example", "access-control-request-method": "POST"},
    )
    response = sign(hub, petitions.open, ANA, origin="https://elsewhere.example")
    assert asked.status_code == response.status_code == 403
    assert "access-control-allow-origin" not in asked.headers
    assert response.json()["error"]["code"] == "origin_not_allowed"
    assert signatures_of(database_url, petitions.open)[:2] == (0, 0)


def test_robots_filling_the_hidden_field_are_thanked_but_not_counted(
    hub: TestClient, petitions: WidgetPetitions, database_url: str
) -> None:
    response = sign(hub, petitions.open, {**ANA, "website": "http://spam.example"})
    assert response.status_code == 200
    assert signatures_of(database_url, petitions.open)[:2] == (0, 0)


def test_one_address_signs_only_so_many_times(
    hub: TestClient, petitions: WidgetPetitions, database_url: str
) -> None:
    # given the limit of 5 signatures per address and window
    answers = [
        sign(hub, petitions.open, {**ANA, "email": f"person{n}@example.org"}) for n in range(7)
    ]

    # then the sixth and seventh are refused, saying when to come back
    assert [a.status_code for a in answers] == [200] * 5 + [429] * 2
    assert answers[5].json()["error"]["code"] == "too_many"
    assert answers[5].headers["retry-after"] == "3600"
    assert confirm_all(database_url, petitions.open) == 5
    assert signatures_of(database_url, petitions.open)[:2] == (5, 5)


def test_signing_again_counts_against_the_address_limit(
    hub: TestClient, petitions: WidgetPetitions
) -> None:
    # when one address signs with the same e-mail address again and again (each mailing a
    # notice to its owner)
    answers = [sign(hub, petitions.open, ANA) for _ in range(6)]

    # then the limit stops it as it stops new signatures
    assert [a.status_code for a in answers] == [200] * 5 + [429]


def test_the_form_without_javascript_thanks_after_a_redirect(
    hub: TestClient, petitions: WidgetPetitions, database_url: str
) -> None:
    # when the frame's form is posted, as a browser without JavaScript does
    response = hub.post(
        f"/widgets/petitions/{petitions.open}/signatures",
        data={**ANA, "consent": "on", "website": "", "lang": "fr"},
        follow_redirects=False,
    )

    # then the reader is sent back to the frame, thanked; a reload posts nothing again
    # (a partner's frame credits the partner: test_attribution.py)
    assert response.status_code == 303
    assert response.headers["location"] == "frame?lang=fr&signed=1"
    (row,) = signatures_of(database_url, petitions.open)[2]
    assert row.source == "widget"
    (consent,) = consents_of(database_url)
    assert (consent.purpose, consent.wording) == (
        "campaign-updates",
        "Me tenir informé·e de cette campagne",  # as the French form said it
    )
    assert consent.given_how == "sign form (widget), in en"


def test_the_form_shows_what_to_fix_in_the_readers_language(
    hub: TestClient, petitions: WidgetPetitions
) -> None:
    response = hub.post(
        f"/widgets/petitions/{petitions.open}/signatures",
        data={**ANA, "email": "nope", "lang": "ar"},
    )
    assert response.status_code == 422
    page = response.text
    assert '<html lang="ar" dir="rtl">' in page
    assert "تحقق من بريدك الإلكتروني." in page
    assert 'value="nope" aria-invalid="true"' in page


@pytest.mark.skipif(BACKEND != "postgres", reason="connections are lost on a server")
def test_a_signer_whose_batch_lost_the_database_is_told_to_send_again(
    hub: TestClient, petitions: WidgetPetitions, database_url: str
) -> None:
    # given a database that loses the connection of a transaction writing a certain address
    (cut_hash,) = address_hashes(database_url, "cut@example.org")
    asyncio.run(cut_connections_writing(database_url, "petition_signature", "email_hash", cut_hash))

    # when a reader signs with that address on a partner's page, and then someone else signs
    cut = sign(hub, petitions.open, {**ANA, "email": "cut@example.org"}, origin=PARTNER_ORIGIN)
    after = sign(hub, petitions.open, {**ANA, "email": "someone.else@example.org"})

    # then the first is told nothing was written and when to send again, in a way the
    # partner's page may read; the hub took the next signature on a fresh connection
    assert cut.status_code == 503
    assert cut.headers["retry-after"] == "1"
    assert cut.headers["access-control-allow-origin"] == PARTNER_ORIGIN
    assert cut.json()["error"] == {
        "code": "unavailable",
        "field": None,
        "message": "Nothing was written: try again in a moment.",
    }
    assert after.status_code == 200
    confirm_all(database_url, petitions.open)
    count, rows, (row,) = signatures_of(database_url, petitions.open)
    assert count == rows == 1
    assert {row.email_hash} == address_hashes(database_url, "someone.else@example.org")


def consents_of(database_url: str) -> list[SignerConsent]:
    found: list[list[SignerConsent]] = []

    async def read() -> None:
        found.append(await SignerConsent.all().order_by("id"))

    fill(database_url, read)
    return found[0]
