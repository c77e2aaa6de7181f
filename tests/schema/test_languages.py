"""Texts in the reader's language: `lang`, then Accept-Language, then the original."""

from __future__ import annotations

from schema.languages import accepted_languages
from tests.conftest import GraphQLClient

IMPUNITY = """query($lang: Language) {
  campaign(slug: "international-day-to-end-impunity") {
    originalLanguage
    title(lang: $lang) { text language isFallback }
  }
}"""


def test_lang_argument_chooses_the_language(demo: GraphQLClient) -> None:
    # when
    french = demo.data(IMPUNITY, {"lang": "fr"})["campaign"]["title"]
    arabic = demo.data(IMPUNITY, {"lang": "ar"})["campaign"]["title"]

    # then
    assert french["language"] == "fr" and french["isFallback"] is False
    assert arabic["language"] == "ar" and arabic["isFallback"] is False
    assert french["text"] != arabic["text"]


def test_accept_language_is_followed_when_no_lang_is_given(demo: GraphQLClient) -> None:
    # when
    title = demo.data(IMPUNITY, **{"Accept-Language": "es-MX;q=0.9, de;q=0.1"})["campaign"]
    # then
    assert title["title"]["language"] == "es"


def test_a_missing_language_falls_back_to_the_original_and_says_so(demo: GraphQLClient) -> None:
    # when: Zulu is a valid language no text of the network is written in
    campaign = demo.data(IMPUNITY, {"lang": "zu"})["campaign"]
    # then
    assert campaign["title"]["language"] == campaign["originalLanguage"]
    assert campaign["title"]["isFallback"] is True


def test_country_names_come_translated_from_iso_codes(demo: GraphQLClient) -> None:
    # when
    country = demo.data(
        """{ country(code: "TN") {
            fr: name(lang: "fr") { text language }
            ar: name(lang: "ar") { text language }
            ru: name(lang: "ru") { text }
        } }"""
    )["country"]
    # then
    assert country["fr"] == {"text": "Tunisie", "language": "fr"}
    assert country["ar"] == {"text": "تونس", "language": "ar"}
    assert country["ru"]["text"] == "Тунис"


def test_accept_language_header_is_read_by_quality() -> None:
    # when
    languages = accepted_languages("fr-CA;q=0.5, ar, *;q=0.1, xx-;q=0.3, en;q=0")
    # then: best first, wildcards, junk and refusals (q=0) left out
    assert languages == ["ar", "fr-CA"]
