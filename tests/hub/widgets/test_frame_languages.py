"""What the frame writes in each language: numbers as CLDR writes them (Babel), with the
locale the script formats with; endorsers' names falling back in the documented order."""

from __future__ import annotations

import html

from starlette.testclient import TestClient

from hub.models import Organisation, Petition, PetitionEndorsement
from hub.widgets.cards import endorser_name
from tests.databases import fill
from tests.hub.widgets.petitions import WidgetPetitions


def test_numbers_are_written_as_each_language_writes_them(
    hub: TestClient, petitions: WidgetPetitions, database_url: str
) -> None:
    async def move() -> None:
        await Petition.filter(slug=petitions.open).update(signature_count=1234567, goal=2500000)

    fill(database_url, move)
    written = {
        language: html.unescape(
            hub.get(f"/widgets/petitions/{petitions.open}/frame?lang={language}").text
        )
        for language in ("en", "fr", "es", "ru", "pt", "ar")
    }

    assert ">1,234,567<" in written["en"] and "Goal: 2,500,000" in written["en"]
    assert ">1\u202f234\u202f567<" in written["fr"]
    assert ">1.234.567<" in written["es"] and ">1.234.567<" in written["pt"]
    assert ">1\u00a0234\u00a0567<" in written["ru"]
    assert 'data-locale="ar-u-nu-latn"' in written["ar"]
    assert 'data-locale="fr-u-nu-latn"' in written["fr"]


def test_endorser_names_fall_back_in_the_stated_order() -> None:
    both = {"en": "Article 19", "ar": "المادة 19"}
    assert endorser_name("a19", both, "en", "ar")["name"] == "المادة 19"  # the widget's language
    original = {"fr": "Reporters sans frontières", "en": "Reporters Without Borders"}
    assert endorser_name("rsf", original, "fr", "ar") == {
        "slug": "rsf",
        "name": "Reporters sans frontières",
        "language": "fr",
    }  # then the organisation's original language
    english = {"en": "Index on Censorship", "pt": "Índice"}
    assert endorser_name("index", english, "ru", "ar")["language"] == "en"  # then English
    others = {"pt": "Nome", "es": "Nombre", "ar": " "}
    assert endorser_name("x", others, "ru", "ar")["language"] == "es"  # then by language code
    assert endorser_name("nameless", {}, "ru", "ar") == {
        "slug": "nameless",
        "name": "nameless",
        "language": "",
    }  # and last its slug


def test_the_frame_marks_each_endorsers_language(
    hub: TestClient, petitions: WidgetPetitions, database_url: str
) -> None:
    async def rename() -> None:
        petition = await Petition.get(slug=petitions.open)
        endorser = await PetitionEndorsement.filter(petition_id=petition.id).first()
        assert endorser is not None
        await Organisation.filter(id=endorser.organisation_id).update(
            name={"fr": "Reporters sans frontières"}, original_language="fr"
        )

    fill(database_url, rename)
    page = hub.get(f"/widgets/petitions/{petitions.open}/frame?lang=ar").text
    assert '<li lang="fr">Reporters sans frontières</li>' in page
