"""The checks every write shares: slugs, lengths, web addresses, texts in their original
language and country codes, each refused in words that name the field at fault."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest

from hub import db
from hub.services.checks import (
    check_length,
    check_name,
    check_slug,
    check_texts,
    known_countries,
    readable_name,
    url_parts,
)
from hub.services.errors import Refusal, WriteRefused


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[None]:
    async with db.connected(database_url):
        yield


def refusal_of(check: Callable[..., object], *arguments: object) -> tuple[Refusal, str, str | None]:
    with pytest.raises(WriteRefused) as refused:
        check(*arguments)
    return refused.value.code, refused.value.message, refused.value.field


@pytest.mark.parametrize("slug", ["day-to-end-impunity", "ifex", "2024", "a-1-b", "a" * 12])
def test_a_slug_is_kept_as_given(slug: str) -> None:
    assert check_slug(slug, 12 if slug == "a" * 12 else 64) == slug


@pytest.mark.parametrize(
    "slug", ["", "Day", "day to end", "day--end", "-day", "day-", "day_end", "dáy", "day\n"]
)
def test_what_is_not_a_slug_is_refused(slug: str) -> None:
    assert refusal_of(check_slug, slug, 64) == (
        Refusal.INVALID,
        f"'{slug}' is not a slug: up to 64 lower-case letters, digits and single hyphens,"
        " like 'day-to-end-impunity'.",
        "slug",
    )


def test_a_slug_is_shown_whole_at_its_longest_and_cut_past_it() -> None:
    assert refusal_of(check_slug, "A" * 12, 12)[1].startswith(f"'{'A' * 12}' is not a slug")
    assert refusal_of(check_slug, "a" * 13, 12) == (
        Refusal.INVALID,
        f"'{'a' * 12}…' is not a slug: up to 12 lower-case letters, digits and single hyphens,"
        " like 'day-to-end-impunity'.",
        "slug",
    )


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Reporters' Network", "Reporters' Network"),
        ("  Réseau \t des\n journalistes  ", "Réseau des journalistes"),
        ("Re\u0301seau", "Réseau"),  # decomposed, as some keyboards send it: composed
        ("", None),
        (" \t\n ", None),
        ("Bell\x07", None),  # a control character
        ("Zero\u200bwidth", None),  # an invisible one
        ("Right\u202eto left", None),  # one that turns the text around
    ],
)
def test_a_name_is_read_as_people_read_it_or_not_at_all(text: str, name: str | None) -> None:
    assert readable_name(text) == name


def test_a_name_fits_its_length_to_the_last_character() -> None:
    assert check_name(" " + "n" * 12 + " ", 12, "A partner's") == "n" * 12

    for text in ("n" * 13, "", "Bell\x07"):
        assert refusal_of(check_name, text, 12, "A partner's") == (
            Refusal.INVALID,
            "A partner's name has 1 to 12 printable characters.",
            "name",
        )


def test_a_text_fits_its_column_to_the_last_character() -> None:
    assert check_length("x" * 10, 10, "signedBy") == "x" * 10
    assert check_length(None, 10, "signedBy") is None
    assert refusal_of(check_length, "x" * 11, 10, "signedBy") == (
        Refusal.INVALID,
        "signedBy is at most 10 characters long.",
        "signedBy",
    )


@pytest.mark.parametrize(
    ("address", "host"),
    [("https://news.example/path?q=1", "news.example"), ("http://[::1]:8080", "::1")],
)
def test_a_web_address_is_split_into_its_parts(address: str, host: str) -> None:
    parts = url_parts(address)
    assert parts is not None and parts.hostname == host


@pytest.mark.parametrize("address", ["https://[broken", "https://news.example:99999"])
def test_what_no_browser_would_take_for_an_address_has_no_parts(address: str) -> None:
    assert url_parts(address) is None


def test_each_text_is_needed_in_its_original_language() -> None:
    check_texts("fr", title={"fr": "Titre", "en": "Title"}, body={"fr": "Texte"})
    assert refusal_of(
        lambda: check_texts("fr", title={"fr": "Titre"}, body={"en": "Text", "fr": ""})
    ) == (Refusal.INVALID, "The body is needed in the original language, 'fr'.", "body")


async def test_country_codes_are_upper_cased_and_kept_once_in_order(database: None) -> None:
    assert await known_countries([" tn", "MX", "TN", "mx "], "countries") == ["TN", "MX"]


@pytest.mark.parametrize(
    ("codes", "unknown"),
    [(["TN", "XX"], "XX"), (["tun", "TN", "q"], "TUN, Q"), (["", "TN"], "")],
    ids=["unknown", "wrong-length", "empty"],
)
async def test_codes_of_no_country_are_refused_each_named(
    database: None, codes: list[str], unknown: str
) -> None:
    with pytest.raises(WriteRefused) as refused:
        await known_countries(codes, "countriesOfWork")
    assert (refused.value.code, refused.value.field) == (Refusal.INVALID, "countriesOfWork")
    assert refused.value.message == f"Not ISO 3166-1 alpha-2 country codes: {unknown}."
